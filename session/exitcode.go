package session

import "github.com/pyplay/pyplay/sandbox"

// Exit statuses of `pyplay run`. For OutcomeOK and OutcomeError it exits with
// the program's own status; the limit outcomes get codes of their own, in a
// block that ends at timeout(1)'s 124 and steers clear of the shell's 126/127.
const (
	ExitUsage    = 2   // a bad flag or argument
	ExitEngine   = 3   // python.wasm could not be provisioned or compiled
	ExitCrashed  = 121 // the guest trapped
	ExitMemory   = 122 // memory cap exceeded
	ExitFuel     = 123 // fuel exhausted
	ExitTimeout  = 124 // wall-clock timeout
	ExitCanceled = 130 // interrupted (128 + SIGINT)
	ExitOutput   = 74  // stdout could not be written (sysexits' EX_IOERR)
)

// ExitStatus is the process exit status `pyplay run` uses for res.
func ExitStatus(res sandbox.Result) int {
	switch res.Outcome {
	case sandbox.OutcomeOK, sandbox.OutcomeError:
		return res.ExitCode
	case sandbox.OutcomeCrashed:
		return ExitCrashed
	case sandbox.OutcomeMemoryExceeded:
		return ExitMemory
	case sandbox.OutcomeFuelExhausted:
		return ExitFuel
	case sandbox.OutcomeTimeout:
		return ExitTimeout
	default:
		return ExitCanceled
	}
}
