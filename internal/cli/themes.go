package cli

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"github.com/pyplay/pyplay/themes"
)

var themesCommand = Command{
	Name:  "themes",
	Short: "list the color themes (pick one with --theme, $PYPLAY_THEME, the config file, or F6)",
	Setup: setupThemes,
}

func setupThemes(env *Env, _ *flag.FlagSet) func(context.Context, []string) error {
	return func(_ context.Context, args []string) error {
		if len(args) > 0 {
			return usagef("unexpected argument %q", args[0])
		}
		_, err := fmt.Fprintln(env.IO.Out, strings.Join(themes.Names(), "\n"))
		return writeFailure(err, "")
	}
}
