package cli

import (
	"context"
	"flag"
	"fmt"
	"text/tabwriter"

	"github.com/pyplay/pyplay/internal/termsafe"
	"github.com/pyplay/pyplay/internal/units"
	"github.com/pyplay/pyplay/sandbox"
)

var cacheCommand = Command{
	Name:  "cache",
	Args:  "[clear]",
	Short: "show what pyplay keeps in its cache dir, or remove all it made from python.wasm",
	Long: `'pyplay cache clear' keeps python.wasm itself; the next start compiles and
snapshots it again (~10 s).`,
	Setup: setupCache,
}

func setupCache(env *Env, _ *flag.FlagSet) func(context.Context, []string) error {
	return func(_ context.Context, args []string) error {
		cfg := sandbox.NewConfig()
		switch {
		case len(args) == 1 && args[0] == "clear":
			if err := sandbox.ClearCache(cfg); err != nil {
				return failf(ExitEngine, "%v", err)
			}
			_, err := fmt.Fprintln(env.IO.Out, "cleared: the next start compiles and snapshots python.wasm again (~10 s)")
			return writeFailure(err, "")
		case len(args) > 0:
			return usagef("unknown arguments %q: 'pyplay cache' shows the cache, 'pyplay cache clear' clears it", args)
		}
		entries, err := sandbox.CacheUsage(cfg)
		if err != nil {
			return failf(ExitEngine, "%v", err)
		}
		tw := tabwriter.NewWriter(env.IO.Out, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "PART\tSIZE\tFILES\tPATH")
		for _, e := range entries {
			fmt.Fprintf(tw, "%s\t%s\t%d\t%s\n", e.Name, units.FormatSize(e.Bytes), e.Files, termsafe.String(e.Path))
		}
		return writeFailure(tw.Flush(), "")
	}
}
