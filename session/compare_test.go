package session

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/pyplay/pyplay/sandbox"
	"github.com/pyplay/pyplay/session/history"
)

func run(id int64, code, stdout, stderr string, outcome sandbox.Outcome, exit int, fuel uint64, wall time.Duration) history.Record {
	return history.Record{
		ID: id, StartedAt: time.Date(2026, 11, 25, 20, 0, int(id), 0, time.UTC), Code: code,
		Result: sandbox.Result{
			Outcome: outcome, ExitCode: exit, Stdout: []byte(stdout), Stderr: []byte(stderr),
			FuelUsed: fuel, FuelLimit: sandbox.DefaultFuel, MemoryPeak: 10 << 20, MemoryLimit: 128 << 20, Wall: wall,
		},
	}
}

func TestCompareGolden(t *testing.T) {
	tests := []struct {
		name      string
		a, b      history.Record
		identical bool
	}{
		{
			name:      "identical",
			a:         run(1, "print(1)\n", "1\n", "", sandbox.OutcomeOK, 0, 900_000, 250*time.Millisecond),
			b:         run(2, "print(1)\n", "1\n", "", sandbox.OutcomeOK, 0, 900_000, 240*time.Millisecond),
			identical: true,
		},
		{
			name: "code_and_output_changed",
			a:    run(3, "xs = [1, 2, 3]\nprint(sum(xs) / len(xs))\n", "2.0\n", "", sandbox.OutcomeOK, 0, 1_000_000, 250*time.Millisecond),
			b: run(4, "xs = []\nprint(sum(xs) / len(xs))\n", "",
				"Traceback (most recent call last):\n  File \"/snippet/main.py\", line 2, in <module>\nZeroDivisionError: division by zero\n",
				sandbox.OutcomeError, 1, 1_500_000, 400*time.Millisecond),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Compare(tt.a, tt.b)
			if c.OutputsIdentical() != tt.identical {
				t.Errorf("OutputsIdentical() = %v", c.OutputsIdentical())
			}
			golden.RequireEqual(t, []byte(c.Text()))
		})
	}
}

// TestCompareFitsAWidth: with a width, the figure rows fit it, and a row
// that cannot keeps its delta whole on the next line, never "(+0.3%)" alone.
func TestCompareFitsAWidth(t *testing.T) {
	a := run(1, "x\n", "", "", sandbox.OutcomeFuelExhausted, sandbox.NoExitCode, 10_000_000_065, 1710*time.Millisecond)
	b := run(2, "x\n", "", "", sandbox.OutcomeFuelExhausted, sandbox.NoExitCode, 10_030_000_065, 1690*time.Millisecond)
	for _, width := range []int{58, 80} {
		c := Compare(a, b)
		c.Width = width
		lines := strings.Split(c.Text(), "\n")
		for _, line := range lines[1:] { // the first names the runs and their times
			if strings.HasPrefix(line, "  ") && utf8.RuneCountInString(line) > width {
				t.Errorf("width %d: a figure row is %d wide: %q", width, utf8.RuneCountInString(line), line)
			}
		}
		delta := "+30,000,000 (+0.3%)"
		for i, line := range lines {
			if strings.Contains(line, delta) && !strings.Contains(line, "fuel") && !strings.Contains(lines[i-1], "fuel ") {
				t.Errorf("width %d: the fuel delta is apart from its figures:\n%s", width, c.Text())
			}
		}
		if !strings.Contains(c.Text(), delta) {
			t.Errorf("width %d: the delta %q is not whole:\n%s", width, delta, c.Text())
		}
		if width == 80 && !strings.Contains(c.Text(), "10,030,000,065  "+delta) {
			t.Errorf("at 80 columns the fuel row fits on one line:\n%s", c.Text())
		}
	}
}
