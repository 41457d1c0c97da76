package cli

import (
	"github.com/pyplay/pyplay/sandbox"
	"github.com/pyplay/pyplay/session"
)

// summary is the one line `pyplay run` prints on stderr after a run. A run
// a limit stopped says which flag raises it.
func summary(res sandbox.Result, limits sandbox.Limits) string {
	return session.Summary(res, limits, func(l session.Limit) string { return "raise it with --" + string(l) })
}
