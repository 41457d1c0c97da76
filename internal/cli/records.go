package cli

import (
	"context"
	"errors"
	"io"
	"strconv"

	"github.com/pyplay/pyplay/internal/termsafe"
	"github.com/pyplay/pyplay/session/history"
)

// recordsFromArgs reads want run ids from args and fetches them from store.
func recordsFromArgs(ctx context.Context, store *history.Store, args []string, want int) ([]history.Record, error) {
	if len(args) != want {
		return nil, usagef("want %d run id(s), got %d: see 'pyplay history' for ids", want, len(args))
	}
	recs := make([]history.Record, want)
	for i, a := range args {
		id, err := strconv.ParseInt(a, 10, 64)
		if err != nil || id <= 0 {
			return nil, usagef("%q is not a run id: see 'pyplay history' for ids", a)
		}
		r, err := store.Get(ctx, id)
		if errors.Is(err, history.ErrNotFound) {
			return nil, usagef("no run %d in the history: see 'pyplay history' for ids", id)
		}
		if err != nil {
			return nil, failf(ExitHistory, "%v", err)
		}
		recs[i] = r
	}
	return recs, nil
}

// writeGuestText writes text that may hold guest output, made safe on a
// terminal.
func (env *Env) writeGuestText(text string) error {
	if env.IO.OutTerminal {
		text = termsafe.String(text)
	}
	_, err := io.WriteString(env.IO.Out, text)
	return writeFailure(err, "")
}
