package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"time"

	"github.com/pyplay/pyplay/internal/units"
	"github.com/pyplay/pyplay/sandbox"
	"github.com/pyplay/pyplay/session"
	"github.com/pyplay/pyplay/session/history"
)

var runCommand = Command{
	Name:  "run",
	Args:  "[flags] FILE",
	Short: "run FILE (- reads the code from stdin) headless and exit with its status",
	Long: `FILE may be Python or an LLM's Markdown answer: its Python blocks run, and
stderr says which. The program's stdout and stderr stream as they are
written, then one line on stderr sums the run up. The exit status is the
program's own, or 121 crashed, 122 memory, 123 fuel, 124 timeout,
130 interrupted; 2 is a bad flag, 3 a python.wasm that could not be set up,
74 a stdout that could not be written. Flags may come after FILE.`,
	Setup: setupRun,
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

func setupRun(env *Env, fs *flag.FlagSet) func(context.Context, []string) error {
	var f runFlags
	f.register(fs, env.Config.Limits)
	return func(ctx context.Context, files []string) error {
		switch {
		case len(files) != 1:
			return usagef("want exactly one FILE (or - for stdin), got %d", len(files))
		case f.maxInput > maxMaxInput:
			return usagef("--max-input %s: at most %s, the most the history can record", units.FormatSize(int64(f.maxInput)), units.FormatSize(maxMaxInput))
		case files[0] == "-" && f.stdin == "-":
			return usagef("-stdin - cannot be used when the code itself comes from stdin")
		}
		const hint = "raise the limit with --max-input SIZE"
		source, err := readInput(files[0], env.IO.In, int64(f.maxInput), hint)
		if err != nil {
			return failf(ExitUsage, "%v", err)
		}
		var input []byte
		if f.stdin != "" {
			if input, err = readInput(f.stdin, env.IO.In, int64(f.maxInput), hint); err != nil {
				return failf(ExitUsage, "-stdin: %v", err)
			}
		}
		code, note := session.ExtractCode(files[0], string(source))
		if note != nil {
			fmt.Fprintln(env.IO.Err, "pyplay:", note)
		}
		paths := env.Config.PythonPath
		if len(f.path) > 0 { // the flags replace the config file's list
			paths = f.path
		}
		return env.headless(ctx, headlessRun{
			pythonWasm: f.pythonWasm, paths: paths, record: !f.noHistory, retain: env.Config.Retain, json: f.json,
			req: sandbox.Request{Code: code, Stdin: input, Limits: f.limits(), Deterministic: f.deterministic},
		})
	}
}

// headlessRun is a run with no playground: `pyplay run` and `pyplay rerun`.
type headlessRun struct {
	pythonWasm string
	paths      []string // host directories the run may import from
	record     bool
	retain     int
	json       bool
	req        sandbox.Request
}

// headless runs h on a service of its own. Without json it streams the
// program's stdout and stderr as they are written, then prints a summary
// line on stderr; with json it prints exactly one session.Report.
func (env *Env) headless(ctx context.Context, h headlessRun) error {
	cfg := sandbox.NewConfig().WithPythonWasm(h.pythonWasm).WithPythonPath(h.paths...)
	if env.IO.ErrTerminal {
		cfg = cfg.WithProgress(env.IO.Err)
	}
	svc := env.service(cfg, h.record, h.retain)
	defer svc.Close(context.Background())

	// A stdout that fails (a full disk, a closed pipe) must not stop the run
	// or its record: the rest of the output is dropped and the status says so.
	out := newGuestOutput(env.IO, h.json)
	req := h.req
	req.Stdout, req.Stderr = out.stdout(), out.stderr()

	done, err := svc.Run(ctx, req)
	if errors.Is(err, sandbox.ErrBadRequest) {
		return failf(ExitUsage, "%v", err)
	}
	if err != nil {
		return failf(ExitEngine, "%v", err)
	}
	env.tell(done.Notes)
	recorded := ""
	if done.RecordID != 0 {
		recorded = fmt.Sprintf(" · run %d", done.RecordID)
	}
	if h.json {
		out.json(session.NewReport(done.Result))
	} else {
		out.flush()
		if out.lineOpen() {
			fmt.Fprintln(env.IO.Err) // the summary must start on a line of its own
		}
		fmt.Fprintln(env.IO.Err, "pyplay: "+summary(done.Result, done.Request.Limits)+recorded)
	}
	note := ""
	if recorded != "" {
		note = "; the history keeps the run (pyplay history)"
	}
	if err := writeFailure(out.err(), note); err != nil {
		return err
	}
	return exit(ExitStatus(done.Result))
}

// service starts a run service on cfg, recording in the history when
// record is set and the history opens.
func (env *Env) service(cfg sandbox.Config, record bool, retain int) *session.Service {
	var store *history.Store
	if record {
		var notes []session.Note
		store, notes = session.OpenHistoryForRuns(retain)
		env.tell(notes)
	}
	return session.NewService(sandbox.NewEngine(cfg), store, session.RecordAs(session.Origin{Source: history.SourceCLI}))
}

// tell prints notes on stderr, one line each.
func (env *Env) tell(notes []session.Note) {
	for _, n := range notes {
		fmt.Fprintln(env.IO.Err, "pyplay:", n)
	}
}
