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
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	tea "charm.land/bubbletea/v2"
	"golang.org/x/term"

	"github.com/pyplay/pyplay/internal/termsafe"
	"github.com/pyplay/pyplay/internal/units"
	"github.com/pyplay/pyplay/sandbox"
	"github.com/pyplay/pyplay/session"
	"github.com/pyplay/pyplay/session/config"
	"github.com/pyplay/pyplay/session/history"
	"github.com/pyplay/pyplay/themes"
	"github.com/pyplay/pyplay/ui"
)

const usage = `pyplay runs untrusted Python in a WebAssembly sandbox.

Usage:
  pyplay [--theme NAME] [--python-wasm PATH] [FILE]
                            open the playground on FILE, on code piped to
                            stdin (pbpaste | pyplay), or on an empty editor
  pyplay run [flags] FILE   run FILE (- reads the code from stdin) and exit
                            with its status; see 'pyplay run -h'
  pyplay history [--json] [-n N] [--outcome O]
                            list the newest runs
  pyplay show ID            show a run: figures, code, stdin, output
  pyplay rerun [--json] ID  run a recorded run again, as it was
  pyplay diff ID1 ID2       compare two runs; exits 0 when their outputs
                            are identical, 1 when they differ
  pyplay themes             list the color themes (pick one with --theme,
                            $PYPLAY_THEME, the config file, or F6)
  pyplay config             show the effective configuration and where
                            each value came from
  pyplay cache [clear]      show what pyplay keeps in its cache dir, or
                            remove all it made from python.wasm
  pyplay help               show this help

Configuration: $XDG_CONFIG_HOME/pyplay/config.toml (else
~/.config/pyplay/config.toml); see the README.
`

//go:embed testdata/examples
var examplesFS embed.FS

func main() {
	os.Exit(mainStatus(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func mainStatus(args []string, stdin, stdout, stderr *os.File) int {
	cfg, cfgErr := loadConfig()
	if len(args) > 0 {
		if cfgErr != nil && args[0] != "config" {
			fmt.Fprintln(stderr, "pyplay:", cfgErr)
		}
		if args[0] != "run" && args[0] != "help" && len(args) > 1 && wantsHelp(args[1:]) {
			if text := commandUsage(args[0]); text != "" {
				_, err := fmt.Fprint(stdout, "Usage:\n"+text+"\nSee 'pyplay help' for every command.\n")
				return session.StdoutFailure(err, stderr, "")
			}
		}
		switch args[0] {
		case "run":
			return runCommand(args[1:], cfg, stdin, stdout, stderr)
		case "history":
			return historyCommand(args[1:], stdout, stderr)
		case "show":
			return showCommand(args[1:], stdout, stderr)
		case "rerun":
			return rerunCommand(args[1:], cfg, stdout, stderr)
		case "diff":
			return diffCommand(args[1:], stdout, stderr)
		case "themes":
			_, err := fmt.Fprintln(stdout, strings.Join(themes.Names(), "\n"))
			return session.StdoutFailure(err, stderr, "")
		case "config":
			return configCommand(cfg, cfgErr, stdout, stderr)
		case "cache":
			return cacheCommand(args[1:], stdout, stderr)
		case "help", "-h", "-help", "--help":
			_, err := fmt.Fprint(stdout, usage)
			return session.StdoutFailure(err, stderr, "")
		}
		if looksLikeCommand(args[0]) {
			fmt.Fprintf(stderr, "pyplay: unknown command %q: run 'pyplay help' for the commands (a new file needs an extension, e.g. %s.py)\n", args[0], args[0])
			return session.ExitUsage
		}
	}
	return playCommand(args, cfg, cfgErr, stdin, stdout, stderr)
}

// cacheCommand shows the cache dir's parts, or clears what can be made
// again.
func cacheCommand(args []string, stdout, stderr *os.File) int {
	cfg := sandbox.NewConfig()
	switch {
	case len(args) == 1 && args[0] == "clear":
		if err := sandbox.ClearCache(cfg); err != nil {
			fmt.Fprintln(stderr, "pyplay cache:", err)
			return session.ExitEngine
		}
		_, err := fmt.Fprintln(stdout, "cleared: the next start compiles and snapshots python.wasm again (~10 s)")
		return session.StdoutFailure(err, stderr, "")
	case len(args) > 0:
		fmt.Fprintf(stderr, "pyplay cache: unknown arguments %q: 'pyplay cache' shows the cache, 'pyplay cache clear' clears it\n", args)
		return session.ExitUsage
	}
	entries, err := sandbox.CacheUsage(cfg)
	if err != nil {
		fmt.Fprintln(stderr, "pyplay cache:", err)
		return session.ExitEngine
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "PART\tSIZE\tFILES\tPATH")
	for _, e := range entries {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\n", e.Name, units.FormatSize(e.Bytes), e.Files, termsafe.String(e.Path))
	}
	return session.StdoutFailure(tw.Flush(), stderr, "")
}

// wantsHelp reports whether a subcommand's arguments ask for its help.
func wantsHelp(args []string) bool {
	for _, a := range args {
		switch a {
		case "-h", "-help", "--help":
			return true
		}
	}
	return false
}

// commandUsage is cmd's entry in usage: its line and the lines that
// continue it; "" for an unknown command.
func commandUsage(cmd string) string {
	var b strings.Builder
	in := false
	for _, line := range strings.Split(usage, "\n") {
		switch {
		case strings.HasPrefix(line, "  pyplay "+cmd+" ") || line == "  pyplay "+cmd:
			in = true
		case in && strings.HasPrefix(line, "    "):
		default:
			in = false
		}
		if in {
			b.WriteString(line + "\n")
		}
	}
	return b.String()
}

// loadConfig reads the config file and the environment; on error it
// returns the defaults and the one-line reason.
func loadConfig() (config.Config, error) {
	path, err := config.DefaultPath()
	if err != nil {
		return config.Defaults(), err
	}
	return config.Load(path, os.Getenv)
}

// configCommand prints the effective configuration and where each value
// came from.
func configCommand(cfg config.Config, cfgErr error, stdout, stderr io.Writer) int {
	state := "found"
	if _, err := os.Stat(cfg.Path); err != nil {
		state = "not found: defaults apply"
	}
	fmt.Fprintf(stdout, "config file: %s (%s)\n", cfg.Path, state)
	if cfgErr != nil {
		fmt.Fprintf(stdout, "error: %v\n", cfgErr)
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	for _, row := range cfg.Settings() {
		fmt.Fprintf(tw, "%s\t%s\t(%s)\n", row[0], row[1], row[2])
	}
	if status := session.StdoutFailure(tw.Flush(), stderr, ""); status != 0 {
		return status
	}
	if cfgErr != nil {
		return 1
	}
	return 0
}

// playCommand opens the playground.
func playCommand(args []string, cfg config.Config, cfgErr error, stdin, stdout, stderr *os.File) int {
	fs := flag.NewFlagSet("pyplay", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	pythonWasm := fs.String("python-wasm", "", "python.wasm to run instead of the cached one")
	theme := fs.String("theme", cfg.Theme, "color theme: "+strings.Join(themes.Names(), ", "))
	var paths dirList
	fs.Var(&paths, "path", "directory of pure-Python packages the program may import (repeatable)")
	files, err := parseInterspersed(fs, args)
	if err == nil && len(files) > 1 {
		err = fmt.Errorf("want at most one FILE, got %d (did you mean 'pyplay run'?)", len(files))
	}
	if err == nil {
		_, err = themes.ByName(*theme, true)
	}
	if err != nil {
		fmt.Fprintf(stderr, "pyplay: %v: run 'pyplay help' for usage\n", err)
		return session.ExitUsage
	}
	if !term.IsTerminal(int(stdout.Fd())) {
		fmt.Fprintln(stderr, "pyplay: the playground needs a terminal; for scripts use 'pyplay run FILE'")
		return session.ExitUsage
	}

	opts := ui.Options{ThemeName: *theme, NoColor: os.Getenv("NO_COLOR") != "", Limits: cfg.Limits, Keys: ui.DefaultKeyMap()}
	var notes []string
	if cfgErr != nil {
		notes = append(notes, strings.TrimPrefix(cfgErr.Error(), "config: "))
	}
	if err := opts.Keys.Override(cfg.Keys); err != nil {
		notes = append(notes, "config: "+err.Error())
	}
	if cfgErr == nil {
		path := cfg.Path
		opts.SaveTheme = func(name string) error { return config.SaveTheme(path, name) }
	}
	var input *os.File
	switch {
	case len(files) == 1:
		opts.Path = files[0]
		code, err := readInput(files[0], nil, defaultMaxInput, "the playground opens no more; use 'pyplay run --max-input SIZE FILE'")
		switch {
		case err != nil && strings.HasSuffix(err.Error(), ": no such file"):
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
		code, err := readInput("-", stdin, defaultMaxInput, "the playground takes no more; use 'pyplay run --max-input SIZE -'")
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
	if ui.LineCount(opts.Code) > ui.MaxLines {
		name := "the code piped in"
		if len(files) == 1 {
			name = files[0]
		}
		fmt.Fprintf(stderr, "pyplay: %s is longer than the %d lines the playground's editor holds: run it with 'pyplay run'\n", name, ui.MaxLines)
		return session.ExitUsage
	}
	if examples, err := iofs.Sub(examplesFS, "testdata/examples"); err == nil {
		opts.Examples = examples
	}

	if len(paths) == 0 {
		paths = cfg.PythonPath
	}
	engine := sandbox.NewEngine(sandbox.NewConfig().WithPythonWasm(*pythonWasm).WithPrestart(1).WithPythonPath(paths...))
	defer engine.Close(context.Background())
	var notice strings.Builder
	store := openHistory(&notice, cfg.Retain)
	if store != nil {
		defer store.Close()
	}
	if n := strings.TrimSpace(strings.TrimPrefix(notice.String(), "pyplay: ")); n != "" {
		notes = append(notes, n)
	}
	if opts.Note != "" {
		notes = append(notes, opts.Note)
	}
	opts.Note = strings.Join(notes, " · ") // the status line: stderr is hidden by the full-screen UI
	opts.Playground = session.NewPlayground(engine, store)

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
	scratch       units.Size
	maxInput      units.Size
	stdin         string
	deterministic bool
	json          bool
	pythonWasm    string
	noHistory     bool
	path          dirList
}

// dirList is a repeatable flag of directories.
type dirList []string

func (d *dirList) String() string { return strings.Join(*d, ":") }
func (d *dirList) Set(dir string) error {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	*d = append(*d, abs)
	return nil
}

func (f *runFlags) register(fs *flag.FlagSet, d sandbox.Limits) {
	f.fuel, f.memory, f.timeout, f.maxOutput, f.scratch = units.Count(d.Fuel), units.Size(d.Memory), units.Duration(d.Timeout), units.Size(d.MaxOutput), units.Size(d.Scratch)
	fs.Var(&f.fuel, "fuel", "instruction budget for the snippet, CPython start-up not included (0 = unlimited)")
	fs.Var(&f.memory, "memory", "cap on the guest's memory, e.g. 64MiB, 1GiB (0 = wasm32's 4 GiB)")
	fs.Var(&f.timeout, "timeout", "wall-clock limit, e.g. 10s, 2m (0 = none)")
	fs.Var(&f.maxOutput, "max-output", "cap on each of stdout and stderr; the rest is dropped (0 = none)")
	f.maxInput = defaultMaxInput
	fs.Var(&f.maxInput, "max-input", "cap on what pyplay reads as the code and as the program's stdin")
	fs.Var(&f.scratch, "scratch", "cap on the files the program writes, in memory, to its working directory and /tmp (0 = 4 GiB)")
	fs.StringVar(&f.stdin, "stdin", "", "file to give the program as standard input")
	fs.BoolVar(&f.deterministic, "deterministic", false, "fixed clock and seeded random, so reruns print the same")
	fs.BoolVar(&f.json, "json", false, "print one JSON object with the outcome and output instead of streaming")
	fs.StringVar(&f.pythonWasm, "python-wasm", "", "python.wasm to run instead of the cached one (also $"+sandbox.EnvPythonWasm+")")
	fs.BoolVar(&f.noHistory, "no-history", false, "do not record this run in the history")
	fs.Var(&f.path, "path", "directory of pure-Python packages the program may import, read-only (repeatable; replaces the config's [python] path)")
}

func (f *runFlags) limits() sandbox.Limits {
	return sandbox.Limits{Fuel: uint64(f.fuel), Memory: int64(f.memory), Timeout: time.Duration(f.timeout), MaxOutput: int64(f.maxOutput), Scratch: int64(f.scratch)}
}

func runCommand(args []string, cfg config.Config, stdin io.Reader, stdout, stderr *os.File) int {
	var f runFlags
	fs := flag.NewFlagSet("pyplay run", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	f.register(fs, cfg.Limits)
	files, err := parseInterspersed(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		var help strings.Builder
		fs.SetOutput(&help)
		fmt.Fprintln(&help, "Usage: pyplay run [flags] FILE   (FILE - reads the code from stdin)\n\nFlags:")
		fs.PrintDefaults()
		_, err := io.WriteString(stdout, help.String())
		return session.StdoutFailure(err, stderr, "")
	}
	if err == nil && len(files) != 1 {
		err = fmt.Errorf("want exactly one FILE (or - for stdin), got %d", len(files))
	}
	if err == nil && f.maxInput > maxMaxInput {
		// SQLite holds less than 2 GiB in a value: a larger stdin was
		// recorded cut at its first NUL while the run reported success.
		err = fmt.Errorf("--max-input %s: at most %s, the most the history can record", units.FormatSize(int64(f.maxInput)), units.FormatSize(maxMaxInput))
	}
	if err == nil && files[0] == "-" && f.stdin == "-" {
		err = errors.New("-stdin - cannot be used when the code itself comes from stdin")
	}
	if err != nil {
		fmt.Fprintf(stderr, "pyplay run: %v: see 'pyplay run -h'\n", err)
		return session.ExitUsage
	}

	source, err := readInput(files[0], stdin, int64(f.maxInput), "raise the limit with --max-input SIZE")
	if err != nil {
		fmt.Fprintf(stderr, "pyplay run: %v\n", err)
		return session.ExitUsage
	}
	var input []byte
	if f.stdin != "" {
		if input, err = readInput(f.stdin, stdin, int64(f.maxInput), "raise the limit with --max-input SIZE"); err != nil {
			fmt.Fprintf(stderr, "pyplay run: -stdin: %v\n", err)
			return session.ExitUsage
		}
	}

	var store *history.Store
	if !f.noHistory {
		if store = openHistory(stderr, cfg.Retain); store != nil {
			defer store.Close()
		}
	}
	paths := cfg.PythonPath
	if len(f.path) > 0 { // the flags replace the config file's list
		paths = f.path
	}
	return headless(f.pythonWasm, paths, session.HeadlessRun{
		Name: files[0], Source: source, Stdin: input,
		Limits: f.limits(), Deterministic: f.deterministic, JSON: f.json, History: store,
	}, stdout, stderr)
}

// headless runs h on a new engine with the process's stdio; paths are the
// host directories its runs may import from.
func headless(pythonWasm string, paths []string, h session.HeadlessRun, stdout, stderr *os.File) int {
	errTerminal := term.IsTerminal(int(stderr.Fd()))
	cfg := sandbox.NewConfig().WithPythonWasm(pythonWasm).WithPythonPath(paths...)
	if errTerminal {
		cfg = cfg.WithProgress(stderr)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	// Piped into head, the run must still finish and be recorded: a closed
	// stdout gives EPIPE, which RunHeadless handles, instead of killing us.
	signal.Ignore(syscall.SIGPIPE)
	engine := sandbox.NewEngine(cfg)
	defer engine.Close(context.Background())
	return session.RunHeadless(ctx, engine, h, session.Stdio{
		Out: stdout, Err: stderr,
		OutTerminal: term.IsTerminal(int(stdout.Fd())), ErrTerminal: errTerminal,
	})
}

// openHistory opens the run history, or says why not and returns nil: a
// broken history must not stop a run.
func openHistory(stderr io.Writer, retain int) *history.Store {
	store, err := openHistoryStore(stderr, retain)
	if err != nil {
		fmt.Fprintln(stderr, "pyplay: history unavailable, the run is not recorded:", err)
	}
	return store
}

// openHistoryStore opens the history at its default path, telling stderr
// when an unreadable one was moved aside.
func openHistoryStore(stderr io.Writer, retain int) (*history.Store, error) {
	path, err := history.DefaultPath()
	if err != nil {
		return nil, err
	}
	store, err := history.Open(path, retain)
	if err != nil {
		return nil, err
	}
	if store.Recovered != "" {
		fmt.Fprintln(stderr, "pyplay:", store.Recovered)
	}
	return store, nil
}

// historyCommand lists the newest runs.
func historyCommand(args []string, stdout, stderr *os.File) int {
	fs := flag.NewFlagSet("pyplay history", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	asJSON := fs.Bool("json", false, "print a JSON array")
	n := fs.Int("n", 20, "how many runs")
	outcome := fs.String("outcome", "", "only runs with this outcome: "+outcomeNames())
	rest, err := parseInterspersed(fs, args)
	switch {
	case err != nil:
	case len(rest) > 0:
		err = fmt.Errorf("unexpected argument %q", rest[0])
	case *n <= 0:
		err = fmt.Errorf("invalid value %d for flag -n: want a positive number", *n)
	case *outcome != "" && !validOutcome(*outcome):
		err = fmt.Errorf("invalid value %q for flag -outcome: want one of %s", *outcome, outcomeNames())
	}
	if err != nil {
		fmt.Fprintf(stderr, "pyplay history: %v: see 'pyplay help'\n", err)
		return session.ExitUsage
	}
	store := mustHistory(stderr, 0)
	if store == nil {
		return session.ExitUsage
	}
	defer store.Close()
	filter := history.Filter{Limit: *n, Outcome: sandbox.Outcome(*outcome)}
	if *asJSON {
		// Record by record: the whole history at its caps is gigabytes.
		werr, err := session.StreamHistory(stdout, term.IsTerminal(int(stdout.Fd())), store, filter)
		if err != nil {
			fmt.Fprintln(stderr, "pyplay:", err)
			return session.ExitUsage
		}
		return session.StdoutFailure(werr, stderr, "")
	}
	filter.Brief = true // the table shows no output, and a line of code
	recs, err := store.List(context.Background(), filter)
	if err != nil {
		fmt.Fprintln(stderr, "pyplay:", err)
		return session.ExitUsage
	}
	if len(recs) == 0 && *outcome != "" && !*asJSON {
		_, err = fmt.Fprintf(stdout, "no recorded runs ended %s\n", *outcome)
	} else {
		err = session.PrintHistory(stdout, recs, *asJSON)
	}
	return session.StdoutFailure(err, stderr, "")
}

// showCommand prints one run in full.
func showCommand(args []string, stdout, stderr *os.File) int {
	recs, store := recordsFromArgs("show", args, 1, 0, stderr)
	if recs == nil {
		return session.ExitUsage
	}
	defer store.Close()
	var b strings.Builder
	_ = session.PrintRecord(&b, recs[0])
	return writeGuestText(stdout, stderr, b.String())
}

// rerunCommand runs a recorded run again with its code, stdin and limits.
func rerunCommand(args []string, cfg config.Config, stdout, stderr *os.File) int {
	fs := flag.NewFlagSet("pyplay rerun", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	asJSON := fs.Bool("json", false, "print one JSON object instead of streaming")
	pythonWasm := fs.String("python-wasm", "", "python.wasm to run instead of the cached one")
	rest, err := parseInterspersed(fs, args)
	if err != nil {
		fmt.Fprintf(stderr, "pyplay rerun: %v: see 'pyplay help'\n", err)
		return session.ExitUsage
	}
	recs, store := recordsFromArgs("rerun", rest, 1, cfg.Retain, stderr)
	if recs == nil {
		return session.ExitUsage
	}
	defer store.Close()
	r := recs[0]
	return headless(*pythonWasm, cfg.PythonPath, session.HeadlessRun{
		Name: fmt.Sprintf("run %d", r.ID), Code: &r.Code, Stdin: r.Stdin,
		Limits: r.Limits, Deterministic: r.Deterministic, JSON: *asJSON, History: store,
	}, stdout, stderr)
}

// diffCommand compares two runs; its exit status is diff(1)'s.
func diffCommand(args []string, stdout, stderr *os.File) int {
	recs, store := recordsFromArgs("diff", args, 2, 0, stderr)
	if recs == nil {
		return session.ExitUsage
	}
	defer store.Close()
	c := session.Compare(recs[0], recs[1])
	if status := writeGuestText(stdout, stderr, c.Text()); status != 0 {
		return status
	}
	if c.OutputsIdentical() {
		return 0
	}
	return 1
}

// recordsFromArgs reads want run ids from args and fetches them; on any
// problem it prints one line and returns nil.
func recordsFromArgs(cmd string, args []string, want, retain int, stderr io.Writer) ([]history.Record, *history.Store) {
	if len(args) != want {
		fmt.Fprintf(stderr, "pyplay %s: want %d run id(s), got %d: see 'pyplay history' for ids\n", cmd, want, len(args))
		return nil, nil
	}
	ids := make([]int64, want)
	for i, a := range args {
		id, err := strconv.ParseInt(a, 10, 64)
		if err != nil || id <= 0 {
			fmt.Fprintf(stderr, "pyplay %s: %q is not a run id: see 'pyplay history' for ids\n", cmd, a)
			return nil, nil
		}
		ids[i] = id
	}
	store := mustHistory(stderr, retain)
	if store == nil {
		return nil, nil
	}
	recs := make([]history.Record, want)
	for i, id := range ids {
		r, err := store.Get(context.Background(), id)
		if err != nil {
			store.Close()
			if errors.Is(err, history.ErrNotFound) {
				fmt.Fprintf(stderr, "pyplay %s: no run %d in the history: see 'pyplay history' for ids\n", cmd, id)
			} else {
				fmt.Fprintf(stderr, "pyplay %s: %v\n", cmd, err)
			}
			return nil, nil
		}
		recs[i] = r
	}
	return recs, store
}

// mustHistory opens the history for a command that needs it, or says why
// not and returns nil.
func mustHistory(stderr io.Writer, retain int) *history.Store {
	store, err := openHistoryStore(stderr, retain)
	if err != nil {
		fmt.Fprintln(stderr, "pyplay:", err)
	}
	return store
}

// writeGuestText writes text that holds recorded guest output, sanitized
// when f is a terminal.
// writeGuestText writes text that may hold guest output, made safe on a
// terminal; a failed write is an exit status (session.StdoutFailure).
func writeGuestText(f *os.File, stderr io.Writer, text string) int {
	if term.IsTerminal(int(f.Fd())) {
		text = termsafe.String(text)
	}
	_, err := io.WriteString(f, text)
	return session.StdoutFailure(err, stderr, "")
}

func validOutcome(s string) bool {
	for _, o := range sandbox.Outcomes() {
		if string(o) == s {
			return true
		}
	}
	return false
}

func outcomeNames() string {
	var names []string
	for _, o := range sandbox.Outcomes() {
		names = append(names, string(o))
	}
	return strings.Join(names, ", ")
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

// defaultMaxInput bounds what pyplay reads as code or as the program's
// stdin: `pyplay run /dev/zero` read until Go ran out of memory.
const defaultMaxInput = 64 << 20

// maxMaxInput is the most --max-input may be (see runCommand).
const maxMaxInput = 1 << 30

// readInput reads the file name ("-" is stdin), at most limit bytes; hint
// says how to read more.
func readInput(name string, stdin io.Reader, limit int64, hint string) ([]byte, error) {
	r := stdin
	if name != "-" {
		f, err := os.Open(name)
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%s: no such file", name)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %v", name, strings.TrimPrefix(err.Error(), "open "+name+": "))
		}
		defer f.Close()
		r = f
	}
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	switch {
	case err != nil:
		return nil, fmt.Errorf("%s: %v", name, err)
	case int64(len(b)) > limit:
		return nil, fmt.Errorf("%s is over %s: %s", name, units.FormatSize(limit), hint)
	}
	return b, nil
}
