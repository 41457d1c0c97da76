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
// "stopped: fuel exhausted after 400,000,000 units at line 4 in spin()".
// A stop says where the program was and what it was doing (see
// sandbox.Stop); a run recorded before pyplay kept that says what it can.
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
		text := "stopped: timeout after " + limits.Timeout.String()
		if res.Stop.Activity != "" {
			text += " while " + string(res.Stop.Activity)
		}
		return text + stopPlace(res.Stop)
	case sandbox.OutcomeMemoryExceeded:
		if s := res.Stop; s.Refused > 0 {
			return fmt.Sprintf("stopped: memory limit: a %s growth was refused at %s of %s",
				units.FormatSize(s.Refused), units.FormatSize(s.RefusedAt), units.FormatSize(res.MemoryLimit))
		}
		if refused, _, _ := strings.Cut(res.Message, "; then "); refused != "" { // a run from the history
			return "stopped: memory limit: " + refused
		}
		return "stopped: memory limit of " + units.FormatSize(res.MemoryLimit) + " exceeded"
	case sandbox.OutcomeFuelExhausted:
		if res.Message != "" { // at exit, not the snippet's budget
			return "stopped: " + res.Message
		}
		text := "stopped: fuel exhausted after " + units.FormatCount(res.FuelLimit) + " units" + stopPlace(res.Stop)
		if share := importShare(res); share >= 10 {
			text += fmt.Sprintf("; imports took %d%%", share)
		}
		return text
	case sandbox.OutcomeCanceled:
		return "canceled"
	case sandbox.OutcomeCrashed:
		return "crashed: " + res.Message
	}
	return string(res.Outcome)
}

// stopPlace is where a stopped snippet was: " at line 4 in spin()",
// " at line 1 importing tomllib" (a line at the top level has no
// function), or "" when that is not known.
func stopPlace(s sandbox.Stop) string {
	if s.Line <= 0 {
		return ""
	}
	text := fmt.Sprintf(" at line %d", s.Line)
	if s.Function != "" && s.Function != "<module>" {
		text += " in " + s.Function + "()"
	}
	if s.Importing != "" {
		text += " importing " + s.Importing
	}
	return text
}

// importShare is the percentage of the snippet's fuel that went to
// imports, rounded down.
func importShare(res sandbox.Result) uint64 {
	if res.FuelUsed == 0 {
		return 0
	}
	return uint64(float64(min(res.FuelImports, res.FuelUsed)) / float64(res.FuelUsed) * 100)
}

// Limit names a limit the user sets.
type Limit string

const (
	LimitFuel    Limit = "fuel"
	LimitMemory  Limit = "memory"
	LimitTimeout Limit = "timeout"
)

// StoppedBy is the limit that stopped a run and that the user can raise,
// or "" when none did. Each front end says how to raise it: a flag, a key.
func StoppedBy(res sandbox.Result) Limit {
	switch res.Outcome {
	case sandbox.OutcomeFuelExhausted:
		if res.Message != "" { // the shutdown allowance is fixed
			return ""
		}
		return LimitFuel
	case sandbox.OutcomeMemoryExceeded:
		return LimitMemory
	case sandbox.OutcomeTimeout:
		return LimitTimeout
	}
	return ""
}

// OutcomeMark is a one-character sign for an outcome in listings.
func OutcomeMark(o sandbox.Outcome) string {
	switch o {
	case sandbox.OutcomeOK:
		return "✓"
	case sandbox.OutcomeError, sandbox.OutcomeCrashed:
		return "✗"
	case sandbox.OutcomeCanceled:
		return "○"
	}
	return "■" // stopped by a limit
}

// Metered reports whether res counted fuel. Every run does now, also one
// without a limit; runs recorded before that have no fuel figures at all.
func Metered(res sandbox.Result) bool { return res.FuelLimit > 0 || res.FuelStartup > 0 }

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

// Summary is the one line that sums a run up, as `pyplay run` prints it
// on stderr and the tool server returns it: outcome, fuel, memory, wall
// time. When a limit the user can raise stopped the run, raise says how,
// in the front end's words ("raise it with --fuel"); nil says nothing.
func Summary(res sandbox.Result, limits sandbox.Limits, raise func(Limit) string) string {
	fuel := "fuel unmetered"
	switch {
	case res.FuelLimit > 0:
		fuel = fmt.Sprintf("fuel %s of %s", units.FormatCount(res.FuelUsed), units.FormatCount(res.FuelLimit))
	case Metered(res):
		fuel = fmt.Sprintf("fuel %s (no limit)", units.FormatCount(res.FuelUsed))
	}
	outcome := OutcomeText(res, limits)
	if limit := StoppedBy(res); limit != "" && raise != nil {
		outcome += " (" + raise(limit) + ")"
	}
	return fmt.Sprintf("%s · %s · memory peak %s of %s · %s",
		outcome, fuel,
		units.FormatSize(res.MemoryPeak), units.FormatSize(res.MemoryLimit),
		FormatWall(res.Wall))
}

// FormatWall is a run's wall time as the summary line shows it: "231 ms",
// "2.50 s". It is [units.FormatElapsed], which the playground's gauge and
// closing line use too, so the two front ends write time alike.
func FormatWall(d time.Duration) string { return units.FormatElapsed(d) }
