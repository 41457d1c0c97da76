package cli

import (
	"context"
	"flag"
)

var rerunCommand = Command{
	Name:  "rerun",
	Args:  "[--json] ID",
	Short: "run a recorded run again, as it was: code, stdin, limits, clocks",
	Long:  `The new run is recorded too; its exit status is as 'pyplay run' gives.`,
	Setup: setupRerun,
}

func setupRerun(env *Env, fs *flag.FlagSet) func(context.Context, []string) error {
	asJSON := fs.Bool("json", false, "print one JSON object instead of streaming")
	pythonWasm := fs.String("python-wasm", "", "python.wasm to run instead of the cached one")
	return func(ctx context.Context, args []string) error {
		if len(args) != 1 {
			return usagef("want 1 run id, got %d: see 'pyplay history' for ids", len(args))
		}
		// Read first, closed before the run records in a history of its own.
		store, err := env.openHistory(env.Config.Retain)
		if err != nil {
			return err
		}
		recs, err := recordsFromArgs(ctx, store, args, 1)
		store.Close()
		if err != nil {
			return err
		}
		r := recs[0]
		return env.headless(ctx, headlessRun{
			pythonWasm: *pythonWasm, paths: env.Config.PythonPath, record: true, retain: env.Config.Retain, json: *asJSON,
			req: r.Request(),
		})
	}
}
