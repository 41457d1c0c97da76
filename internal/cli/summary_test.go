package cli

import (
	"testing"
	"time"

	"github.com/pyplay/pyplay/sandbox"
	"github.com/pyplay/pyplay/session"
)

func TestExitStatus(t *testing.T) {
	limits := sandbox.Limits{Timeout: 10 * time.Second}
	tests := []struct {
		res        sandbox.Result
		text       string
		exitStatus int
	}{
		{sandbox.Result{Outcome: sandbox.OutcomeOK}, "ok", 0},
		{sandbox.Result{Outcome: sandbox.OutcomeError, ExitCode: 1, Stderr: []byte("Traceback…\nZeroDivisionError: division by zero\n")}, "exit 1: ZeroDivisionError", 1},
		{sandbox.Result{Outcome: sandbox.OutcomeError, ExitCode: 1, Stderr: []byte("json.decoder.JSONDecodeError: Expecting value: line 1\n")}, "exit 1: json.decoder.JSONDecodeError", 1},
		{sandbox.Result{Outcome: sandbox.OutcomeError, ExitCode: 1, Stderr: []byte("    ^\nSyntaxError: invalid syntax")}, "exit 1: SyntaxError", 1},
		{sandbox.Result{Outcome: sandbox.OutcomeError, ExitCode: 3, Stderr: []byte("no input file given\n")}, "exit 3", 3},
		{sandbox.Result{Outcome: sandbox.OutcomeError, ExitCode: 1, Stderr: []byte("Traceback…\nRuntimeError: can't start new thread\n"), Message: "the sandbox runs one thread: it cannot start another"},
			"exit 1: RuntimeError (the sandbox runs one thread: it cannot start another)", 1},
		{sandbox.Result{Outcome: sandbox.OutcomeError, ExitCode: 1, Stderr: []byte("KeyboardInterrupt\n")}, "exit 1: KeyboardInterrupt", 1},
		{sandbox.Result{Outcome: sandbox.OutcomeTimeout, ExitCode: -1}, "stopped: timeout after 10s", ExitTimeout},
		{sandbox.Result{Outcome: sandbox.OutcomeMemoryExceeded, ExitCode: 1, MemoryLimit: 64 << 20}, "stopped: memory limit of 64 MiB exceeded", ExitMemory},
		{sandbox.Result{Outcome: sandbox.OutcomeFuelExhausted, ExitCode: -1, FuelLimit: 400_000_000}, "stopped: fuel exhausted after 400,000,000 units", ExitFuel},
		{sandbox.Result{Outcome: sandbox.OutcomeFuelExhausted, ExitCode: -1, FuelLimit: 400_000_000, Message: "fuel exhausted at exit: …"}, "stopped: fuel exhausted at exit: …", ExitFuel},
		{sandbox.Result{Outcome: sandbox.OutcomeCanceled, ExitCode: -1}, "canceled", ExitCanceled},
		{sandbox.Result{Outcome: sandbox.OutcomeCrashed, ExitCode: -1, Message: "wasm error: unreachable"}, "crashed: wasm error: unreachable", ExitCrashed},
	}
	for _, tt := range tests {
		t.Run(string(tt.res.Outcome)+" "+tt.text, func(t *testing.T) {
			if got := session.OutcomeText(tt.res, limits); got != tt.text {
				t.Errorf("OutcomeText = %q, want %q", got, tt.text)
			}
			if got := ExitStatus(tt.res); got != tt.exitStatus {
				t.Errorf("ExitStatus = %d, want %d", got, tt.exitStatus)
			}
		})
	}
}

func TestSummary(t *testing.T) {
	res := sandbox.Result{
		Outcome: sandbox.OutcomeOK, FuelUsed: 1_234_567, FuelLimit: 400_000_000,
		MemoryPeak: 12 << 20, MemoryLimit: 128 << 20, Wall: 212 * time.Millisecond,
	}
	want := "ok · fuel 1,234,567 of 400,000,000 · memory peak 12 MiB of 128 MiB · 212 ms"
	if got := summary(res, sandbox.Limits{}); got != want {
		t.Errorf("summary =\n%q\nwant\n%q", got, want)
	}
	res.FuelLimit, res.FuelStartup, res.Wall = 0, 246_000_000, 2500*time.Millisecond
	want = "ok · fuel 1,234,567 (no limit) · memory peak 12 MiB of 128 MiB · 2.50 s"
	if got := summary(res, sandbox.Limits{}); got != want {
		t.Errorf("summary =\n%q\nwant\n%q", got, want)
	}
	// A run recorded before unlimited runs were metered has no fuel figures.
	res.FuelUsed, res.FuelStartup = 0, 0
	want = "ok · fuel unmetered · memory peak 12 MiB of 128 MiB · 2.50 s"
	if got := summary(res, sandbox.Limits{}); got != want {
		t.Errorf("summary =\n%q\nwant\n%q", got, want)
	}
	res.Outcome = sandbox.OutcomeMemoryExceeded
	want = "stopped: memory limit of 128 MiB exceeded (raise it with --memory) · fuel unmetered · memory peak 12 MiB of 128 MiB · 2.50 s"
	if got := summary(res, sandbox.Limits{}); got != want {
		t.Errorf("summary =\n%q\nwant\n%q", got, want)
	}
}
