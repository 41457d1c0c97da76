package cli

import (
	"errors"
	"fmt"
	"syscall"

	"github.com/pyplay/pyplay/sandbox"
)

// Exit statuses. `pyplay run` exits with the program's own status for
// OutcomeOK and OutcomeError; the limit outcomes get codes of their own, in
// a block that ends at timeout(1)'s 124 and steers clear of the shell's
// 126/127.
const (
	ExitFailure  = 1   // the command could not do its job (see each command)
	ExitUsage    = 2   // a bad flag or argument
	ExitEngine   = 3   // python.wasm could not be provisioned or compiled
	ExitHistory  = 4   // the history could not be opened or read
	ExitOutput   = 74  // stdout could not be written (sysexits' EX_IOERR)
	ExitCrashed  = 121 // the guest trapped
	ExitMemory   = 122 // memory cap exceeded
	ExitFuel     = 123 // fuel exhausted
	ExitTimeout  = 124 // wall-clock timeout
	ExitCanceled = 130 // interrupted (128 + SIGINT)
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

// ExitError is a command's failure with the status the process exits
// with. Main prints Err, when set, as one line; a nil Err is a status that
// was already explained (a program's own exit status).
type ExitError struct {
	Status int
	Err    error
}

func (e *ExitError) Error() string {
	if e.Err == nil {
		return fmt.Sprintf("exit status %d", e.Status)
	}
	return e.Err.Error()
}

func (e *ExitError) Unwrap() error { return e.Err }

// exit is a status with nothing more to say; 0 is no error.
func exit(status int) error {
	if status == 0 {
		return nil
	}
	return &ExitError{Status: status}
}

// usageError is a bad flag or argument; Main adds where help is.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error {
	return usageError{fmt.Errorf(format, args...)}
}

// failf is a failure with its status and one line.
func failf(status int, format string, args ...any) error {
	return &ExitError{Status: status, Err: fmt.Errorf(format, args...)}
}

// writeFailure is the error a failed write to stdout earns: none when err
// is nil or a closed pipe (the reader, head or less, had what it wanted),
// else ExitOutput saying why, with note after it.
func writeFailure(err error, note string) error {
	if err == nil || errors.Is(err, syscall.EPIPE) {
		return nil
	}
	return failf(ExitOutput, "could not write stdout: %v%s", err, note)
}

// status maps a command's error to the process's exit status, in one
// place.
func status(err error) int {
	var exitErr *ExitError
	var usage usageError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &exitErr):
		return exitErr.Status
	case errors.As(err, &usage):
		return ExitUsage
	}
	return ExitFailure
}
