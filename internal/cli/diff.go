package cli

import (
	"context"
	"errors"
	"flag"

	"github.com/pyplay/pyplay/session"
)

var diffCommand = Command{
	Name:  "diff",
	Args:  "ID1 ID2",
	Short: "compare two recorded runs: code, figures and output",
	Long: `The exit status is diff(1)'s: 0 when the two outputs are identical, 1 when
they differ, and 2 when they could not be compared (a bad id, a history
that cannot be read, a stdout that cannot be written).`,
	Setup: setupDiff,
}

func setupDiff(env *Env, _ *flag.FlagSet) func(context.Context, []string) error {
	return func(ctx context.Context, args []string) error {
		err := diffRuns(ctx, env, args)
		var exitErr *ExitError
		if errors.As(err, &exitErr) && exitErr.Err != nil && exitErr.Status != ExitUsage {
			// Trouble is 2, as diff(1) has it, whatever kind: a script
			// tells "they differ" (1) from "could not compare".
			return &ExitError{Status: ExitUsage, Err: exitErr.Err}
		}
		return err
	}
}

func diffRuns(ctx context.Context, env *Env, args []string) error {
	if len(args) != 2 {
		return usagef("want 2 run ids, got %d: see 'pyplay history' for ids", len(args))
	}
	store, err := env.openHistory(0)
	if err != nil {
		return err
	}
	defer store.Close()
	recs, err := recordsFromArgs(ctx, store, args, 2)
	if err != nil {
		return err
	}
	c := session.Compare(recs[0], recs[1])
	if err := env.writeGuestText(c.Text()); err != nil {
		return err
	}
	if c.OutputsIdentical() {
		return nil
	}
	return exit(1)
}
