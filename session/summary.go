package session

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/pyplay/pyplay/internal/units"
	"github.com/pyplay/pyplay/sandbox"
)

// OutcomeText says in words how a run ended, as the summary line and the
// TUI's closing line show it: "ok", "exit 1: ZeroDivisionError",
// "stopped: fuel exhausted after 400,000,000 units".
func OutcomeText(res sandbox.Result, limits sandbox.Limits) string {
	switch res.Outcome {
	case sandbox.OutcomeOK:
		return "ok"
	case sandbox.OutcomeError:
		text := fmt.Sprintf("exit %d", res.ExitCode)
		if exc := exceptionName(res.Stderr); exc != "" {
			text += ": " + exc
		}
		if res.Message != "" { // the program hit one of the sandbox's walls
			text += " (" + res.Message + ")"
		}
		return text
	case sandbox.OutcomeTimeout:
		return "stopped: timeout after " + limits.Timeout.String()
	case sandbox.OutcomeMemoryExceeded:
		return "stopped: memory limit of " + units.FormatSize(res.MemoryLimit) + " exceeded"
	case sandbox.OutcomeFuelExhausted:
		if res.Message != "" { // at exit, not the snippet's budget
			return "stopped: " + res.Message
		}
		return "stopped: fuel exhausted after " + units.FormatCount(res.FuelLimit) + " units"
	case sandbox.OutcomeCanceled:
		return "canceled"
	case sandbox.OutcomeCrashed:
		return "crashed: " + res.Message
	}
	return string(res.Outcome)
}

// LimitFlag names the `pyplay run` flag of the limit that stopped a run
// ("--fuel", "--memory", "--timeout"), or "" when no limit the user can
// raise stopped it.
func LimitFlag(res sandbox.Result) string {
	switch res.Outcome {
	case sandbox.OutcomeFuelExhausted:
		if res.Message != "" { // the shutdown allowance is fixed
			return ""
		}
		return "--fuel"
	case sandbox.OutcomeMemoryExceeded:
		return "--memory"
	case sandbox.OutcomeTimeout:
		return "--timeout"
	}
	return ""
}

// Metered reports whether res counted fuel. Every run does now, also one
// without a limit; runs recorded before that have no fuel figures at all.
func Metered(res sandbox.Result) bool { return res.FuelLimit > 0 || res.FuelStartup > 0 }

// Summary is the one line `pyplay run` prints on stderr after a run. A run
// a limit stopped says which flag raises it.
func Summary(res sandbox.Result, limits sandbox.Limits) string {
	fuel := "fuel unmetered"
	switch {
	case res.FuelLimit > 0:
		fuel = fmt.Sprintf("fuel %s of %s", units.FormatCount(res.FuelUsed), units.FormatCount(res.FuelLimit))
	case Metered(res):
		fuel = fmt.Sprintf("fuel %s (no limit)", units.FormatCount(res.FuelUsed))
	}
	outcome := OutcomeText(res, limits)
	if flag := LimitFlag(res); flag != "" {
		outcome += " (raise it with " + flag + ")"
	}
	return fmt.Sprintf("pyplay: %s · %s · memory peak %s of %s · %s",
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

// exceptionLine matches the last line of a Python traceback:
// "ZeroDivisionError: division by zero", "json.decoder.JSONDecodeError: …".
var exceptionLine = regexp.MustCompile(`^([A-Za-z_][\w.]*(Error|Exception|Interrupt|Exit|Warning|Iteration))(:|$)`)

// exceptionName finds the exception that ended a program from its stderr.
func exceptionName(stderr []byte) string {
	lines := strings.Split(strings.TrimRight(string(stderr), "\n"), "\n")
	if m := exceptionLine.FindStringSubmatch(lines[len(lines)-1]); m != nil {
		return m[1]
	}
	return ""
}
