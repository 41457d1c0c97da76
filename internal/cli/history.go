package cli

import (
	"context"
	"flag"
	"fmt"
	"slices"
	"strings"

	"github.com/pyplay/pyplay/sandbox"
	"github.com/pyplay/pyplay/session"
	"github.com/pyplay/pyplay/session/history"
)

var historyCommand = Command{
	Name:  "history",
	Args:  "[--json] [-n N] [--outcome O] [--source S]",
	Short: "list the newest runs, newest first",
	Long: `The history keeps every run, with its code, stdin, limits, output and
figures, in $XDG_STATE_HOME/pyplay/history.db. Ids are for 'pyplay show',
'pyplay rerun' and 'pyplay diff'. SOURCE says who asked for a run: cli
(pyplay run, rerun), playground, or mcp and the client's name (an agent's
call to 'pyplay mcp'); runs recorded before pyplay kept it show -.`,
	Setup: setupHistory,
}

func setupHistory(env *Env, fs *flag.FlagSet) func(context.Context, []string) error {
	asJSON := fs.Bool("json", false, "print a JSON array of whole runs, output included")
	n := fs.Int("n", 20, "how many runs")
	outcome := fs.String("outcome", "", "only runs with this outcome: "+outcomeNames())
	source := fs.String("source", "", "only runs asked for by this front end: "+sourceNames())
	return func(ctx context.Context, rest []string) error {
		switch {
		case len(rest) > 0:
			return usagef("unexpected argument %q", rest[0])
		case *n <= 0:
			return usagef("invalid value %d for flag -n: want a positive number", *n)
		case *outcome != "" && !slices.Contains(sandbox.Outcomes(), sandbox.Outcome(*outcome)):
			return usagef("invalid value %q for flag -outcome: want one of %s", *outcome, outcomeNames())
		case *source != "" && !slices.Contains(history.Sources(), history.Source(*source)):
			return usagef("invalid value %q for flag -source: want one of %s", *source, sourceNames())
		}
		store, err := env.openHistory(0)
		if err != nil {
			return err
		}
		defer store.Close()
		filter := history.Filter{Limit: *n, Outcome: sandbox.Outcome(*outcome), Source: history.Source(*source)}
		if *asJSON {
			// Record by record: the whole history at its caps is gigabytes.
			werr, err := streamHistory(env.IO.Out, env.IO.OutTerminal, store, filter)
			if err != nil {
				return failf(ExitHistory, "%v", err)
			}
			return writeFailure(werr, "")
		}
		filter.Brief = true // the table shows no output, and a line of code
		recs, err := store.List(ctx, filter)
		if err != nil {
			return failf(ExitHistory, "%v", err)
		}
		switch {
		case len(recs) == 0 && *outcome != "" && *source != "":
			_, err = fmt.Fprintf(env.IO.Out, "no recorded runs from %s ended %s\n", *source, *outcome)
		case len(recs) == 0 && *outcome != "":
			_, err = fmt.Fprintf(env.IO.Out, "no recorded runs ended %s\n", *outcome)
		case len(recs) == 0 && *source != "":
			_, err = fmt.Fprintf(env.IO.Out, "no recorded runs from %s\n", *source)
		default:
			err = printHistory(env.IO.Out, recs, false)
		}
		return writeFailure(err, "")
	}
}

// openHistory opens the history for a command that cannot do without it.
func (env *Env) openHistory(retain int) (*history.Store, error) {
	store, notes, err := session.OpenHistory(retain)
	if err != nil {
		return nil, failf(ExitHistory, "%v", err)
	}
	env.tell(notes)
	return store, nil
}

func sourceNames() string {
	var names []string
	for _, s := range history.Sources() {
		names = append(names, string(s))
	}
	return strings.Join(names, ", ")
}

func outcomeNames() string {
	var names []string
	for _, o := range sandbox.Outcomes() {
		names = append(names, string(o))
	}
	return strings.Join(names, ", ")
}
