package cli

import (
	"context"
	"flag"
	"strings"
)

var showCommand = Command{
	Name:  "show",
	Args:  "ID",
	Short: "show a recorded run: figures, code, stdin and output",
	Setup: setupShow,
}

func setupShow(env *Env, _ *flag.FlagSet) func(context.Context, []string) error {
	return func(ctx context.Context, args []string) error {
		if len(args) != 1 {
			return usagef("want 1 run id, got %d: see 'pyplay history' for ids", len(args))
		}
		store, err := env.openHistory(0)
		if err != nil {
			return err
		}
		defer store.Close()
		recs, err := recordsFromArgs(ctx, store, args, 1)
		if err != nil {
			return err
		}
		var b strings.Builder
		printRecord(&b, recs[0])
		return env.writeGuestText(b.String())
	}
}
