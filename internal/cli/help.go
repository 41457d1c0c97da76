package cli

import (
	"context"
	"flag"
	"io"
	"strings"
)

var helpCommand = Command{
	Name:  "help",
	Args:  "[COMMAND]",
	Short: "show the commands, or one command's help and flags",
	Setup: setupHelp,
}

func setupHelp(env *Env, _ *flag.FlagSet) func(context.Context, []string) error {
	return func(_ context.Context, args []string) error {
		if len(args) > 1 {
			return usagef("want at most one COMMAND, got %d", len(args))
		}
		text := env.usage()
		if len(args) == 1 {
			cmd, ok := env.find(args[0])
			if !ok {
				return usagef("unknown command %q: run 'pyplay help' for the commands", args[0])
			}
			fs := flag.NewFlagSet(cmd.title(), flag.ContinueOnError)
			cmd.Setup(env, fs)
			text = cmd.help(fs)
		}
		_, err := io.WriteString(env.IO.Out, text)
		return writeFailure(err, "")
	}
}

// find is the command named name; "pyplay" names the playground.
func (env *Env) find(name string) (Command, bool) {
	for _, c := range env.commands {
		if c.Name == name || (c.Name == "" && name == "pyplay") {
			return c, true
		}
	}
	return Command{}, false
}

// usage is 'pyplay help': every command of the table with its line.
func (env *Env) usage() string {
	var b strings.Builder
	b.WriteString("pyplay runs untrusted Python in a WebAssembly sandbox.\n\nUsage:\n")
	for _, c := range env.commands {
		b.WriteString("  " + strings.TrimSpace(c.title()+" "+c.Args) + "\n")
		b.WriteString("        " + c.Short + "\n")
	}
	b.WriteString(`
'pyplay COMMAND -h' (or 'pyplay help COMMAND') shows a command's flags.

Configuration: $XDG_CONFIG_HOME/pyplay/config.toml (else
~/.config/pyplay/config.toml); see the README.
`)
	return b.String()
}
