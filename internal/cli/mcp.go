package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"runtime"
	"runtime/debug"
	"time"

	"github.com/pyplay/pyplay/internal/mcp"
	"github.com/pyplay/pyplay/internal/units"
	"github.com/pyplay/pyplay/sandbox"
	"github.com/pyplay/pyplay/session"
	"github.com/pyplay/pyplay/session/history"
)

var mcpCommand = Command{
	Name:  "mcp",
	Args:  "[--http ADDR] [flags]",
	Short: "serve the sandbox to LLM agents over the Model Context Protocol (stdio, or HTTP)",
	Long: `Tools: run_python (code, stdin, fuel, memory, timeout, deterministic),
get_run, list_runs and diff_runs. Every call is recorded in the history
with source mcp and the client's name: 'pyplay history --source mcp', or
F4 in the playground. A call's limits default to the config file's
[limits] and may not pass the --max-* flags.

Over stdio (the default) the client starts 'pyplay mcp' and the server ends
when the client closes its stdin. --http serves streamable HTTP instead; a
PORT alone listens on 127.0.0.1, and an address other machines can reach
needs a bearer token (--token, better $PYPLAY_MCP_TOKEN, which the process
list does not show). The exit status is 0 when the client left, 1 when
serving failed (an address in use), 2 a bad flag, 130 interrupted.`,
	Setup: setupMCP,
}

// mcpFlags are `pyplay mcp`'s flags.
type mcpFlags struct {
	http, token, pythonWasm string
	maxFuel                 units.Count
	maxMemory               units.Size
	maxTimeout              units.Duration
	maxInput                units.Size
	concurrent              int
	noHistory               bool
	path                    dirList
}

// The maxima a call may ask for unless flags say otherwise: the
// playground's "generous" preset.
const (
	defaultMaxFuel    = 100_000_000_000
	defaultMaxMemory  = 512 << 20
	defaultMaxTimeout = time.Minute
)

func (f *mcpFlags) register(fs *flag.FlagSet, env *Env) {
	fs.StringVar(&f.http, "http", "", "serve streamable HTTP at ADDR (HOST:PORT, or a PORT on 127.0.0.1) instead of stdio")
	// Not the flag's default: -h would print the token.
	fs.StringVar(&f.token, "token", "", "bearer token every HTTP request must carry; needed beyond the loopback address (default $"+mcp.EnvToken+")")
	f.maxFuel, f.maxMemory, f.maxTimeout, f.maxInput = defaultMaxFuel, defaultMaxMemory, units.Duration(defaultMaxTimeout), mcp.DefaultMaxInput
	fs.Var(&f.maxFuel, "max-fuel", "the most fuel a call may ask for (0 = no cap, and a call may ask for no limit)")
	fs.Var(&f.maxMemory, "max-memory", "the most memory a call may ask for (0 = no cap)")
	fs.Var(&f.maxTimeout, "max-timeout", "the longest timeout a call may ask for (0 = no cap, and a call may ask for none)")
	fs.Var(&f.maxInput, "max-input", "cap on a call's code and on its stdin, each")
	fs.IntVar(&f.concurrent, "concurrent", runtime.NumCPU(), "runs at once; further calls wait their turn")
	fs.StringVar(&f.pythonWasm, "python-wasm", "", "python.wasm to run instead of the cached one (also $"+sandbox.EnvPythonWasm+")")
	fs.Var(&f.path, "path", "directory of pure-Python packages the programs may import, read-only (repeatable; replaces the config's [python] path)")
	fs.BoolVar(&f.noHistory, "no-history", false, "record no calls (get_run, list_runs and diff_runs then fail)")
}

func setupMCP(env *Env, fs *flag.FlagSet) func(context.Context, []string) error {
	var f mcpFlags
	f.register(fs, env)
	return func(ctx context.Context, args []string) error {
		switch {
		case len(args) > 0:
			return usagef("unexpected argument %q", args[0])
		case f.concurrent < 1:
			return usagef("invalid value %d for flag -concurrent: want 1 or more", f.concurrent)
		case f.maxInput > maxMaxInput:
			return usagef("--max-input %s: at most %s, the most the history can record", units.FormatSize(int64(f.maxInput)), units.FormatSize(maxMaxInput))
		case f.maxInput < 1:
			return usagef("invalid value 0 for flag -max-input: want a size such as 8MiB")
		}
		if f.token == "" {
			f.token = env.IO.Getenv(mcp.EnvToken)
		}
		var listen string
		if f.http != "" {
			var err error
			if listen, _, err = mcp.HTTPAddr(f.http, f.token); err != nil {
				return usageError{fmt.Errorf("--http: %w", err)}
			}
		}
		paths := env.Config.PythonPath
		if len(f.path) > 0 {
			paths = f.path
		}
		cfg := sandbox.NewConfig().WithPythonWasm(f.pythonWasm).WithPythonPath(paths...).WithPrestart(min(f.concurrent, 4))
		if env.IO.ErrTerminal {
			cfg = cfg.WithProgress(env.IO.Err)
		}
		var store *history.Store
		if !f.noHistory {
			var notes []session.Note
			store, notes = session.OpenHistoryForRuns(env.Config.Retain)
			env.tell(notes)
		}
		engine := sandbox.NewEngine(cfg)
		engine.Prepare() // the first call should not wait for the compile
		svc := session.NewService(engine, store, session.RecordAs(session.Origin{Source: history.SourceMCP}))
		defer svc.Close(context.Background())
		server := mcp.New(svc, mcp.Config{
			Defaults: env.Config.Limits,
			Max:      sandbox.Limits{Fuel: uint64(f.maxFuel), Memory: int64(f.maxMemory), Timeout: time.Duration(f.maxTimeout)},
			MaxInput: int64(f.maxInput), Concurrent: f.concurrent, Version: version(),
		})
		if listen != "" {
			return env.serveHTTP(ctx, server, listen, f.token)
		}
		err := server.ServeIO(ctx, env.IO.In, env.IO.Out)
		switch {
		case ctx.Err() != nil:
			return exit(ExitCanceled)
		case err != nil && !errors.Is(err, io.EOF):
			return failf(ExitFailure, "%v", err)
		}
		return nil
	}
}

// serveHTTP serves server at addr until ctx ends.
func (env *Env) serveHTTP(ctx context.Context, server *mcp.Server, addr, token string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return failf(ExitFailure, "%v", err)
	}
	auth := "no token"
	if token != "" {
		auth = "bearer token required"
	}
	fmt.Fprintf(env.IO.Err, "pyplay mcp: serving streamable HTTP at http://%s/ (%s)\n", ln.Addr(), auth)
	srv := &http.Server{Handler: server.HTTPHandler(token), ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return failf(ExitFailure, "%v", err)
	case <-ctx.Done():
	}
	// Calls in flight end as canceled runs, recorded, when svc closes.
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = srv.Shutdown(shutdown)
	return exit(ExitCanceled)
}

// version is pyplay's module version, as go install stamps it.
func version() string {
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" {
		return info.Main.Version
	}
	return "devel"
}
