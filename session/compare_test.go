package session

import (
	"testing"
	"time"

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
