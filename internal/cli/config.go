package cli

import (
	"context"
	"flag"
	"fmt"
	"os"
	"text/tabwriter"
)

var configCommand = Command{
	Name:  "config",
	Short: "show the effective configuration and where each value came from",
	Long: `The file is $XDG_CONFIG_HOME/pyplay/config.toml (else
~/.config/pyplay/config.toml). The exit status is 1 when it has mistakes:
they are listed, and the defaults apply.`,
	Setup: setupConfig,
}

func setupConfig(env *Env, _ *flag.FlagSet) func(context.Context, []string) error {
	return func(_ context.Context, args []string) error {
		if len(args) > 0 {
			return usagef("unexpected argument %q", args[0])
		}
		cfg, out := env.Config, env.IO.Out
		state := "found"
		if _, err := os.Stat(cfg.Path); err != nil {
			state = "not found: defaults apply"
		}
		fmt.Fprintf(out, "config file: %s (%s)\n", cfg.Path, state)
		if env.ConfigErr != nil {
			fmt.Fprintf(out, "error: %v\n", env.ConfigErr)
		}
		tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
		for _, row := range cfg.Settings() {
			fmt.Fprintf(tw, "%s\t%s\t(%s)\n", row[0], row[1], row[2])
		}
		if err := writeFailure(tw.Flush(), ""); err != nil {
			return err
		}
		if env.ConfigErr != nil {
			return exit(ExitFailure) // listed above
		}
		return nil
	}
}
