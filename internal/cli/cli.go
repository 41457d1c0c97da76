// Package cli is pyplay's command line: a table of commands, one file each,
// that dispatch, help and the flags' descriptions all come from.
//
// Commands write through an IO and return errors; Main maps them to exit
// statuses in one place. Nothing here reads os.Stdin or os.Args, so every
// command runs in-process under test.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/pyplay/pyplay/session/config"
)

// Command is one pyplay command.
type Command struct {
	// Name is the word that picks the command; the playground's is "",
	// which runs when no command word is given.
	Name string
	// Args is the synopsis after the name: "[flags] FILE".
	Args string
	// Short is the line 'pyplay help' shows; Long is the text of
	// 'pyplay NAME -h' before the flags.
	Short, Long string
	// Setup defines the command's flags on fs, with defaults from env, and
	// returns what runs it with the arguments left after the flags.
	Setup func(env *Env, fs *flag.FlagSet) func(ctx context.Context, args []string) error
}

// Env is what every command is given.
type Env struct {
	IO *IO
	// Config is the effective configuration; ConfigErr, when set, says
	// why the file's values are not in it (the defaults are).
	Config    config.Config
	ConfigErr error
	// Examples are the playground's built-in demos.
	Examples fs.FS
	commands []Command
}

// Assets are the files built into the binary.
type Assets struct {
	Examples fs.FS
}

// commands is the table: dispatch, 'pyplay help' and each command's -h.
func commands() []Command {
	return []Command{
		playCommand, runCommand, historyCommand, showCommand, rerunCommand,
		diffCommand, mcpCommand, themesCommand, configCommand, cacheCommand, helpCommand,
	}
}

// Main runs the command args name and returns the process's exit status.
func Main(ctx context.Context, stdio *IO, args []string, assets Assets) int {
	env := &Env{IO: stdio, Examples: assets.Examples, commands: commands()}
	env.Config, env.ConfigErr = loadConfig(stdio.Getenv)
	cmd, rest, err := env.lookup(args)
	if err == nil && env.ConfigErr != nil && cmd.Name != "config" && cmd.Name != "" {
		// The playground says it in its status line; config in its table.
		fmt.Fprintln(stdio.Err, "pyplay:", env.ConfigErr)
	}
	if err == nil {
		err = env.run(ctx, cmd, rest)
	}
	if err != nil {
		env.report(cmd, err)
	}
	return status(err)
}

// lookup finds the command args name; arguments that name none open the
// playground on them (a file).
func (env *Env) lookup(args []string) (Command, []string, error) {
	if len(args) == 0 {
		return playCommand, nil, nil
	}
	switch args[0] {
	case "-h", "-help", "--help":
		return helpCommand, nil, nil
	}
	for _, c := range env.commands {
		if c.Name != "" && c.Name == args[0] {
			return c, args[1:], nil
		}
	}
	if looksLikeCommand(args[0]) {
		return playCommand, nil, failf(ExitUsage, "unknown command %q: run 'pyplay help' for the commands (a new file needs an extension, e.g. %s.py)", args[0], args[0])
	}
	return playCommand, args, nil
}

// run parses cmd's flags, anywhere among its arguments, and runs it; -h
// prints its help.
func (env *Env) run(ctx context.Context, cmd Command, args []string) error {
	fs := flag.NewFlagSet(cmd.title(), flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors come back as one line, help as text
	runner := cmd.Setup(env, fs)
	rest, err := parseInterspersed(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		_, err := io.WriteString(env.IO.Out, cmd.help(fs))
		return writeFailure(err, "")
	}
	if err != nil {
		return usageError{err}
	}
	return runner(ctx, rest)
}

// report prints a command's error as one line.
func (env *Env) report(cmd Command, err error) {
	var exitErr *ExitError
	if errors.As(err, &exitErr) && exitErr.Err == nil {
		return // explained already
	}
	msg := err.Error()
	var usage usageError
	if errors.As(err, &usage) && !strings.Contains(msg, "'pyplay ") { // one hint, not two
		msg += ": see '" + cmd.title() + " -h'"
		if cmd.Name == "" {
			msg = err.Error() + ": run 'pyplay help' for usage"
		}
	}
	fmt.Fprintln(env.IO.Err, cmd.title()+":", msg)
}

// title is how messages name the command: "pyplay run", "pyplay".
func (c Command) title() string {
	return strings.TrimSpace("pyplay " + c.Name)
}

// help is 'pyplay NAME -h': the synopsis, the description, every flag.
func (c Command) help(fs *flag.FlagSet) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Usage: %s %s\n\n%s\n", c.title(), c.Args, c.Short)
	if c.Long != "" {
		fmt.Fprintf(&b, "\n%s\n", strings.TrimSpace(c.Long))
	}
	hasFlags := false
	fs.VisitAll(func(*flag.Flag) { hasFlags = true })
	if hasFlags {
		b.WriteString("\nFlags:\n")
		fs.SetOutput(&b)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
	return b.String()
}

// loadConfig reads the config file and the environment; on error it
// returns the defaults and the one-line reason.
func loadConfig(getenv func(string) string) (config.Config, error) {
	path, err := config.DefaultPath()
	if err != nil {
		return config.Defaults(), err
	}
	return config.Load(path, getenv)
}

// looksLikeCommand tells a mistyped subcommand ("pyplay histroy") from a
// new file to open: a word with no extension or path that does not exist.
func looksLikeCommand(arg string) bool {
	if strings.HasPrefix(arg, "-") || strings.ContainsAny(arg, "./"+string(os.PathSeparator)) {
		return false
	}
	_, err := os.Stat(arg)
	return errors.Is(err, os.ErrNotExist)
}
