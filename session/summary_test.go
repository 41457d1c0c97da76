package session

import (
	"testing"
	"time"

	"github.com/pyplay/pyplay/sandbox"
)

func TestOutcomeTextAndStoppedBy(t *testing.T) {
	limits := sandbox.Limits{Timeout: 10 * time.Second}
	tests := []struct {
		res       sandbox.Result
		text      string
		stoppedBy Limit
	}{
		{sandbox.Result{Outcome: sandbox.OutcomeOK}, "ok", ""},
		{sandbox.Result{Outcome: sandbox.OutcomeError, ExitCode: 1, Stderr: []byte("Traceback…\nZeroDivisionError: division by zero\n")}, "exit 1: ZeroDivisionError", ""},
		{sandbox.Result{Outcome: sandbox.OutcomeError, ExitCode: 1, Stderr: []byte("json.decoder.JSONDecodeError: Expecting value: line 1\n")}, "exit 1: json.decoder.JSONDecodeError", ""},
		{sandbox.Result{Outcome: sandbox.OutcomeError, ExitCode: 1, Stderr: []byte("    ^\nSyntaxError: invalid syntax")}, "exit 1: SyntaxError", ""},
		{sandbox.Result{Outcome: sandbox.OutcomeError, ExitCode: 3, Stderr: []byte("no input file given\n")}, "exit 3", ""},
		{sandbox.Result{Outcome: sandbox.OutcomeError, ExitCode: 1, Stderr: []byte("Traceback…\nRuntimeError: can't start new thread\n"), Message: "the sandbox runs one thread: it cannot start another"},
			"exit 1: RuntimeError (the sandbox runs one thread: it cannot start another)", ""},
		{sandbox.Result{Outcome: sandbox.OutcomeError, ExitCode: 1, Stderr: []byte("KeyboardInterrupt\n")}, "exit 1: KeyboardInterrupt", ""},
		{sandbox.Result{Outcome: sandbox.OutcomeTimeout, ExitCode: -1}, "stopped: timeout after 10s", LimitTimeout},
		{sandbox.Result{Outcome: sandbox.OutcomeMemoryExceeded, ExitCode: 1, MemoryLimit: 64 << 20}, "stopped: memory limit of 64 MiB exceeded", LimitMemory},
		{sandbox.Result{Outcome: sandbox.OutcomeFuelExhausted, ExitCode: -1, FuelLimit: 400_000_000}, "stopped: fuel exhausted after 400,000,000 units", LimitFuel},
		{sandbox.Result{Outcome: sandbox.OutcomeFuelExhausted, ExitCode: -1, FuelLimit: 400_000_000, Message: "fuel exhausted at exit: …"}, "stopped: fuel exhausted at exit: …", ""},
		// Where a stop found the program, and what was refused.
		{sandbox.Result{Outcome: sandbox.OutcomeFuelExhausted, ExitCode: -1, FuelLimit: 400_000_000, FuelUsed: 400_000_012,
			Stop: sandbox.Stop{Line: 4, Function: "spin"}}, "stopped: fuel exhausted after 400,000,000 units at line 4 in spin()", LimitFuel},
		{sandbox.Result{Outcome: sandbox.OutcomeFuelExhausted, ExitCode: -1, FuelLimit: 400_000_000, FuelUsed: 400_000_012, FuelImports: 39_000_000,
			Stop: sandbox.Stop{Line: 9, Function: "<module>"}}, "stopped: fuel exhausted after 400,000,000 units at line 9", LimitFuel},
		{sandbox.Result{Outcome: sandbox.OutcomeFuelExhausted, ExitCode: -1, FuelLimit: 30_000_000, FuelUsed: 30_000_100, FuelImports: 25_000_000,
			Stop: sandbox.Stop{Line: 1, Function: "<module>", Importing: "tomllib"}},
			"stopped: fuel exhausted after 30,000,000 units at line 1 importing tomllib; imports took 83%", LimitFuel},
		{sandbox.Result{Outcome: sandbox.OutcomeTimeout, ExitCode: -1, Stop: sandbox.Stop{Line: 2, Function: "<module>", Activity: sandbox.ActivitySleeping}},
			"stopped: timeout after 10s while sleeping at line 2", LimitTimeout},
		{sandbox.Result{Outcome: sandbox.OutcomeTimeout, ExitCode: -1, Stop: sandbox.Stop{Line: 3, Function: "Grid.step", Activity: sandbox.ActivityComputing}},
			"stopped: timeout after 10s while computing at line 3 in Grid.step()", LimitTimeout},
		{sandbox.Result{Outcome: sandbox.OutcomeTimeout, ExitCode: -1, Stop: sandbox.Stop{Activity: sandbox.ActivityComputing}},
			"stopped: timeout after 10s while computing", LimitTimeout},
		{sandbox.Result{Outcome: sandbox.OutcomeMemoryExceeded, ExitCode: 1, MemoryLimit: 16 << 20, MemoryPeak: 10 << 20,
			Stop: sandbox.Stop{Refused: 24 << 20, RefusedAt: 10 << 20, Line: 2}}, "stopped: memory limit: a 24 MiB growth was refused at 10 MiB of 16 MiB", LimitMemory},
		{sandbox.Result{Outcome: sandbox.OutcomeMemoryExceeded, ExitCode: -1, MemoryLimit: 16 << 20, // from the history: the message only
			Message: "a 24 MiB growth was refused at 10 MiB of 16 MiB; then wasm error: unreachable"}, "stopped: memory limit: a 24 MiB growth was refused at 10 MiB of 16 MiB", LimitMemory},
		{sandbox.Result{Outcome: sandbox.OutcomeError, ExitCode: 1, Stderr: []byte("Traceback…\nEOFError: EOF when reading a line\n"),
			Message: "stdin was empty: give the program input in the stdin pane or with --stdin FILE"},
			"exit 1: EOFError (stdin was empty: give the program input in the stdin pane or with --stdin FILE)", ""},
		{sandbox.Result{Outcome: sandbox.OutcomeCanceled, ExitCode: -1}, "canceled", ""},
		{sandbox.Result{Outcome: sandbox.OutcomeCrashed, ExitCode: -1, Message: "wasm error: unreachable"}, "crashed: wasm error: unreachable", ""},
	}
	for _, tt := range tests {
		t.Run(string(tt.res.Outcome)+" "+tt.text, func(t *testing.T) {
			if got := OutcomeText(tt.res, limits); got != tt.text {
				t.Errorf("OutcomeText = %q, want %q", got, tt.text)
			}
			if got := StoppedBy(tt.res); got != tt.stoppedBy {
				t.Errorf("StoppedBy = %q, want %q", got, tt.stoppedBy)
			}
		})
	}
}

func TestSummaryWordsTheRaiseHint(t *testing.T) {
	res := sandbox.Result{Outcome: sandbox.OutcomeFuelExhausted, ExitCode: -1, FuelUsed: 50_000_012, FuelLimit: 50_000_000,
		MemoryPeak: 12 << 20, MemoryLimit: 128 << 20, Wall: 1500 * time.Millisecond}
	tests := []struct {
		name  string
		raise func(Limit) string
		want  string
	}{
		{"no hint", nil, "stopped: fuel exhausted after 50,000,000 units · fuel 50,000,012 of 50,000,000 · memory peak 12 MiB of 128 MiB · 1.50 s"},
		{"the front end's words", func(l Limit) string { return "raise " + string(l) + " up to 10G" },
			"stopped: fuel exhausted after 50,000,000 units (raise fuel up to 10G) · fuel 50,000,012 of 50,000,000 · memory peak 12 MiB of 128 MiB · 1.50 s"},
	}
	for _, tt := range tests {
		if got := Summary(res, sandbox.Limits{}, tt.raise); got != tt.want {
			t.Errorf("%s:\n got %q\nwant %q", tt.name, got, tt.want)
		}
	}
}
