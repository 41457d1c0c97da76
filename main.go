// Command pyplay runs untrusted Python in a WebAssembly sandbox.
//
//	pyplay [FILE]              open the playground
//	pyplay run [flags] FILE    run FILE (or - for stdin) headless
package main

import (
	"context"
	"embed"
	"errors"
	"flag"
	"fmt"
	"io"
	iofs "io/fs"
	"os"
	"os/signal"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"golang.org/x/term"

	"github.com/pyplay/pyplay/sandbox"
	"github.com/pyplay/pyplay/session"
	"github.com/pyplay/pyplay/session/units"
	"github.com/pyplay/pyplay/themes"
	"github.com/pyplay/pyplay/ui"
)

const usage = `pyplay runs untrusted Python in a WebAssembly sandbox.

Usage:
  pyplay [--python-wasm PATH] [FILE]
                            open the playground on FILE, on code piped to
                            stdin (pbpaste | pyplay), or on an empty editor
  pyplay run [flags] FILE   run FILE (- reads the code from stdin) and exit
                            with its status; see 'pyplay run -h'
  pyplay help               show this help
`

//go:embed testdata/examples
var examplesFS embed.FS

func main() {
	os.Exit(mainStatus(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func mainStatus(args []string, stdin, stdout, stderr *os.File) int {
	if len(args) > 0 {
		switch args[0] {
		case "run":
			return runCommand(args[1:], stdin, stdout, stderr)
		case "help", "-h", "-help", "--help":
			fmt.Fprint(stdout, usage)
			return 0
		}
		if looksLikeCommand(args[0]) {
			fmt.Fprintf(stderr, "pyplay: unknown command %q: run 'pyplay help' for the commands (a new file needs an extension, e.g. %s.py)\n", args[0], args[0])
			return session.ExitUsage
		}
	}
	return playCommand(args, stdin, stdout, stderr)
}

// playCommand opens the playground.
func playCommand(args []string, stdin, stdout, stderr *os.File) int {
	fs := flag.NewFlagSet("pyplay", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	pythonWasm := fs.String("python-wasm", "", "python.wasm to run instead of the cached one")
	files, err := parseInterspersed(fs, args)
	if err == nil && len(files) > 1 {
		err = fmt.Errorf("want at most one FILE, got %d (did you mean 'pyplay run'?)", len(files))
	}
	if err != nil {
		fmt.Fprintf(stderr, "pyplay: %v: run 'pyplay help' for usage\n", err)
		return session.ExitUsage
	}
	if !term.IsTerminal(int(stdout.Fd())) {
		fmt.Fprintln(stderr, "pyplay: the playground needs a terminal; for scripts use 'pyplay run FILE'")
		return session.ExitUsage
	}

	opts := ui.Options{Theme: themes.Default()}
	var input *os.File
	switch {
	case len(files) == 1:
		opts.Path = files[0]
		code, err := os.ReadFile(files[0])
		switch {
		case errors.Is(err, os.ErrNotExist):
			opts.SaveToPath, opts.Note = true, "new file: ctrl+s creates "+files[0]
		case err != nil:
			fmt.Fprintf(stderr, "pyplay: %v\n", err)
			return session.ExitUsage
		default:
			opts.Code, opts.Note = session.ExtractCode(files[0], string(code))
			opts.Note = strings.TrimPrefix(opts.Note, "pyplay: ")
			opts.SaveToPath = opts.Note == "" // never overwrite a Markdown answer with its code
		}
	case !term.IsTerminal(int(stdin.Fd())):
		code, err := io.ReadAll(stdin)
		if err != nil {
			fmt.Fprintf(stderr, "pyplay: read stdin: %v\n", err)
			return session.ExitUsage
		}
		opts.Code, opts.Note = session.ExtractCode("", string(code))
		opts.Note = strings.TrimPrefix(opts.Note, "pyplay: ")
		// Keys must come from the terminal now that stdin was the code.
		if input, err = os.Open("/dev/tty"); err != nil {
			fmt.Fprintf(stderr, "pyplay: no terminal to read keys from: %v\n", err)
			return session.ExitUsage
		}
		defer input.Close()
	}
	if examples, err := iofs.Sub(examplesFS, "testdata/examples"); err == nil {
		opts.Examples = examples
	}

	engine := sandbox.NewEngine(sandbox.NewConfig().WithPythonWasm(*pythonWasm))
	defer engine.Close(context.Background())
	opts.Playground = session.NewPlayground(engine)

	var progOpts []tea.ProgramOption
	if input != nil {
		progOpts = append(progOpts, tea.WithInput(input))
	}
	if _, err := tea.NewProgram(ui.New(opts), progOpts...).Run(); err != nil {
		fmt.Fprintf(stderr, "pyplay: %v\n", err)
		return 1
	}
	return 0
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

// runFlags are `pyplay run`'s flags, with their defaults.
type runFlags struct {
	fuel          units.Count
	memory        units.Size
	timeout       units.Duration
	maxOutput     units.Size
	stdin         string
	deterministic bool
	json          bool
	pythonWasm    string
}

func (f *runFlags) register(fs *flag.FlagSet) {
	d := sandbox.DefaultLimits()
	f.fuel, f.memory, f.timeout, f.maxOutput = units.Count(d.Fuel), units.Size(d.Memory), units.Duration(d.Timeout), units.Size(d.MaxOutput)
	fs.Var(&f.fuel, "fuel", "instruction budget for the snippet, CPython start-up not included (0 = unlimited)")
	fs.Var(&f.memory, "memory", "cap on the guest's memory, e.g. 64MiB, 1GiB (0 = wasm32's 4 GiB)")
	fs.Var(&f.timeout, "timeout", "wall-clock limit, e.g. 10s, 2m (0 = none)")
	fs.Var(&f.maxOutput, "max-output", "cap on each of stdout and stderr; the rest is dropped (0 = none)")
	fs.StringVar(&f.stdin, "stdin", "", "file to give the program as standard input")
	fs.BoolVar(&f.deterministic, "deterministic", false, "fixed clock and seeded random, so reruns print the same")
	fs.BoolVar(&f.json, "json", false, "print one JSON object with the outcome and output instead of streaming")
	fs.StringVar(&f.pythonWasm, "python-wasm", "", "python.wasm to run instead of the cached one (also $"+sandbox.EnvPythonWasm+")")
}

func (f *runFlags) limits() sandbox.Limits {
	return sandbox.Limits{Fuel: uint64(f.fuel), Memory: int64(f.memory), Timeout: time.Duration(f.timeout), MaxOutput: int64(f.maxOutput)}
}

func runCommand(args []string, stdin io.Reader, stdout, stderr *os.File) int {
	var f runFlags
	fs := flag.NewFlagSet("pyplay run", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	f.register(fs)
	files, err := parseInterspersed(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		fs.SetOutput(stdout)
		fmt.Fprintln(stdout, "Usage: pyplay run [flags] FILE   (FILE - reads the code from stdin)\n\nFlags:")
		fs.PrintDefaults()
		return 0
	}
	if err == nil && len(files) != 1 {
		err = fmt.Errorf("want exactly one FILE (or - for stdin), got %d", len(files))
	}
	if err == nil && files[0] == "-" && f.stdin == "-" {
		err = errors.New("-stdin - cannot be used when the code itself comes from stdin")
	}
	if err != nil {
		fmt.Fprintf(stderr, "pyplay run: %v: see 'pyplay run -h'\n", err)
		return session.ExitUsage
	}

	source, err := readInput(files[0], stdin)
	if err != nil {
		fmt.Fprintf(stderr, "pyplay run: %v\n", err)
		return session.ExitUsage
	}
	var input []byte
	if f.stdin != "" {
		if input, err = readInput(f.stdin, stdin); err != nil {
			fmt.Fprintf(stderr, "pyplay run: -stdin: %v\n", err)
			return session.ExitUsage
		}
	}

	errTerminal := term.IsTerminal(int(stderr.Fd()))
	cfg := sandbox.NewConfig().WithPythonWasm(f.pythonWasm)
	if errTerminal {
		cfg = cfg.WithProgress(stderr)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	engine := sandbox.NewEngine(cfg)
	defer engine.Close(context.Background())

	return session.RunHeadless(ctx, engine, session.HeadlessRun{
		Name: files[0], Source: source, Stdin: input,
		Limits: f.limits(), Deterministic: f.deterministic, JSON: f.json,
	}, session.Stdio{
		Out: stdout, Err: stderr,
		OutTerminal: term.IsTerminal(int(stdout.Fd())), ErrTerminal: errTerminal,
	})
}

// parseInterspersed lets flags come after FILE too (`pyplay run x.py --json`),
// which Go's flag package alone stops at.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return positional, nil
		}
		if i := len(args) - len(rest) - 1; i >= 0 && args[i] == "--" {
			return append(positional, rest...), nil // everything after -- is a file
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

func readInput(name string, stdin io.Reader) ([]byte, error) {
	if name == "-" {
		return io.ReadAll(stdin)
	}
	b, err := os.ReadFile(name)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%s: no such file", name)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, strings.TrimPrefix(err.Error(), "open "+name+": "))
	}
	return b, nil
}
