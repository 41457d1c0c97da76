package cli

import (
	"fmt"
	"time"

	"github.com/pyplay/pyplay/internal/units"
	"github.com/pyplay/pyplay/sandbox"
	"github.com/pyplay/pyplay/session"
)

// summary is the one line `pyplay run` prints on stderr after a run. A run
// a limit stopped says which flag raises it.
func summary(res sandbox.Result, limits sandbox.Limits) string {
	fuel := "fuel unmetered"
	switch {
	case res.FuelLimit > 0:
		fuel = fmt.Sprintf("fuel %s of %s", units.FormatCount(res.FuelUsed), units.FormatCount(res.FuelLimit))
	case session.Metered(res):
		fuel = fmt.Sprintf("fuel %s (no limit)", units.FormatCount(res.FuelUsed))
	}
	outcome := session.OutcomeText(res, limits)
	if limit := session.StoppedBy(res); limit != "" {
		outcome += " (raise it with --" + string(limit) + ")"
	}
	return fmt.Sprintf("%s · %s · memory peak %s of %s · %s",
		outcome, fuel,
		units.FormatSize(res.MemoryPeak), units.FormatSize(res.MemoryLimit),
		formatWall(res.Wall))
}

func formatWall(d time.Duration) string {
	if d < time.Second {
		return fmt.Sprintf("%d ms", d.Milliseconds())
	}
	return fmt.Sprintf("%.2f s", d.Seconds())
}
