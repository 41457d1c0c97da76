package sandbox

import "time"

// Outcome is how a run ended.
type Outcome string

const (
	// OutcomeOK: the program exited with status 0.
	OutcomeOK Outcome = "ok"
	// OutcomeError: the program exited with a non-zero status, e.g. an
	// uncaught exception (1). Result.ExitCode keeps it.
	OutcomeError Outcome = "error"
	// OutcomeTimeout: Limits.Timeout passed first.
	OutcomeTimeout Outcome = "timeout"
	// OutcomeMemoryExceeded: a memory growth past Limits.Memory was refused
	// and the program then failed.
	OutcomeMemoryExceeded Outcome = "memory_exceeded"
	// OutcomeFuelExhausted: the snippet used up Limits.Fuel, or, with a
	// Message saying so, code run at exit used up the shutdown allowance.
	OutcomeFuelExhausted Outcome = "fuel_exhausted"
	// OutcomeCanceled: the caller's context was cancelled.
	OutcomeCanceled Outcome = "canceled"
	// OutcomeCrashed: the guest trapped (e.g. unreachable, stack exhausted).
	// Result.Message keeps the trap.
	OutcomeCrashed Outcome = "crashed"
)

// Outcomes lists every Outcome, in the order above.
func Outcomes() []Outcome {
	return []Outcome{OutcomeOK, OutcomeError, OutcomeTimeout, OutcomeMemoryExceeded, OutcomeFuelExhausted, OutcomeCanceled, OutcomeCrashed}
}

// NoExitCode is Result.ExitCode when the program was stopped before it exited.
const NoExitCode = -1

// Result is what a finished run did.
type Result struct {
	Outcome Outcome
	// ExitCode is the program's exit status, or NoExitCode when it was
	// stopped (timeout, fuel, cancel, crash).
	ExitCode int
	// Message explains a crash (the trap), a refused memory growth, fuel
	// exhausted during shutdown rather than by the snippet, or an error at
	// one of the sandbox's walls ("the sandbox cannot start processes");
	// empty otherwise.
	Message string

	Stdout, Stderr                   []byte
	StdoutTruncated, StderrTruncated bool

	// FuelUsed is what the snippet consumed: from when CPython opened it to
	// when CPython began shutting down (after the snippet's atexit
	// handlers). FuelStartup is what start-up consumed before, FuelShutdown
	// what shutdown consumed after: with Resumed, that is what the
	// snapshot's start-up cost plus the stretch from the resume point to
	// the snippet. FuelLimit is 0 for a run without a limit, which is
	// metered all the same.
	FuelUsed, FuelStartup, FuelShutdown, FuelLimit uint64

	// Resumed is set when the run's instance started from the engine's
	// snapshot of CPython after start-up, not from python.wasm's _start.
	Resumed bool

	// host is set when the run failed on the host's side, not the guest's;
	// Engine.Run returns it as an error.
	host error

	MemoryPeak, MemoryLimit int64
	// ScratchPeak is the most the run's writable files held, counted as
	// Limits.Scratch counts them, and ScratchLimit the cap.
	ScratchPeak, ScratchLimit int64
	Wall                      time.Duration
}

// Stats is a live view of a run in progress.
type Stats struct {
	Elapsed       time.Duration
	FuelUsed      uint64
	MemoryCurrent int64
	MemoryPeak    int64
	Done          bool
}
