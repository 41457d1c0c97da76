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
	// Message explains a crash (the trap), a refused memory growth ("a 24
	// MiB growth was refused at 10 MiB of 16 MiB"), fuel exhausted during
	// shutdown rather than by the snippet, an error at one of the sandbox's
	// walls ("the sandbox cannot start processes"), or an input() that
	// found stdin empty; empty otherwise.
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
	// FuelImports is the part of FuelUsed spent importing modules: while
	// an import was in progress (importlib's _find_and_load on CPython's
	// stack: finding, loading and running a module's top-level code).
	// It is sampled at every fuel slice (10M units), so it is within a few
	// million units per import, and an import cheaper than a slice may go
	// unseen. The standard library's usual modules are preloaded, so
	// importing them costs nothing here. 0 also when python.wasm is not
	// the build pyplay pins (see Stop).
	FuelImports uint64

	// Stop says where the program was when the run was stopped, and what
	// was refused: see Stop.
	Stop Stop

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

// Stop is what the sandbox saw of the program when it stopped it (fuel,
// timeout, cancel, a trap) or refused it memory, so that every stop can
// explain itself.
type Stop struct {
	// Line and Function are where the snippet was: the innermost frame of
	// /snippet/main.py on CPython's stack when the run was stopped, or when
	// the first growth was refused (memory_exceeded): its line, and its
	// code's qualified name ("<module>" at the top level, "spin",
	// "Grid.step"). They are read from the guest's memory after the stop,
	// which costs the run nothing (see cpython). 0 and "" when the
	// program exited by itself, when the snippet had not started or had
	// ended, and when python.wasm is not the build pyplay pins
	// (PythonWasmSHA256), whose memory layout pyplay knows.
	Line     int
	Function string
	// Importing is the module that line was importing then ("tomllib"),
	// or "".
	Importing string
	// Activity is what the program was doing when its timeout or cancel
	// came: computing, or sleeping (time.sleep, or a select or poll with a
	// timeout). "" for other outcomes.
	Activity Activity
	// Refused is the first memory growth the cap refused, in bytes, and
	// RefusedAt the memory's size when it was asked for; both 0 when no
	// growth was refused.
	Refused, RefusedAt int64
}

// Activity is what a program was doing when it was stopped.
type Activity string

const (
	ActivityComputing Activity = "computing"
	ActivitySleeping  Activity = "sleeping"
)

// Stats is a live view of a run in progress.
type Stats struct {
	Elapsed       time.Duration
	FuelUsed      uint64
	MemoryCurrent int64
	MemoryPeak    int64
	Done          bool
}
