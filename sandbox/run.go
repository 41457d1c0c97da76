package sandbox

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/tetratelabs/wazero/sys"
)

// guestArgs is every run's argv: -u so output streams as it is printed
// instead of when CPython's buffer fills.
var guestArgs = []string{"python", "-u", snippetPath}

// ErrBadRequest wraps the errors of a request that cannot run as asked,
// such as a memory limit below the module's initial memory.
var ErrBadRequest = errors.New("sandbox: bad request")

// Run is a snippet in progress, returned by Engine.Start.
type Run struct {
	start  time.Time
	ctx    context.Context // the caller's, ended also by Cancel
	cancel context.CancelFunc
	mem    *memoryMeter
	fuel   *fuelMeter
	done   chan struct{}
	result Result // written once, before done is closed
}

// Stats returns the run's live figures. It is safe to call from any
// goroutine, while the run is in progress or after.
func (r *Run) Stats() Stats {
	s := Stats{
		MemoryCurrent: int64(r.mem.current.Load()),
		MemoryPeak:    int64(r.mem.peak.Load()),
		Elapsed:       time.Since(r.start),
	}
	s.FuelUsed = r.fuel.used.Load()
	select {
	case <-r.done:
		s.Done = true
		s.Elapsed = r.result.Wall
		s.FuelUsed = r.result.FuelUsed
	default:
	}
	return s
}

// Done is closed when the run has finished and Wait will not block.
func (r *Run) Done() <-chan struct{} { return r.done }

// Wait blocks until the run finishes and returns its result.
func (r *Run) Wait() Result {
	<-r.done
	return r.result
}

// Cancel stops the run; its outcome is OutcomeCanceled unless it had already
// finished.
func (r *Run) Cancel() { r.cancel() }

// Err is, once the run finished, the host's failure that kept it from
// running (its memory could not be reserved), or nil. Such a run's Result
// says nothing of the snippet: Engine.Run returns Err as its error.
func (r *Run) Err() error {
	<-r.done
	if r.result.host != nil {
		return fmt.Errorf("sandbox: %w", r.result.host)
	}
	return nil
}

// Run runs req to completion. See Start. A run that failed on the host's
// side (its memory could not be reserved) is an error, not a Result: it
// says nothing of the snippet.
func (e *Engine) Run(ctx context.Context, req Request) (Result, error) {
	run, err := e.Start(ctx, req)
	if err != nil {
		return Result{}, err
	}
	res := run.Wait()
	return res, run.Err()
}

// Start waits for the engine to be ready, then runs req in a new module
// instance on a new goroutine and returns at once.
//
// # Notes
//
//   - The returned error is about the engine or the request (python.wasm
//     missing, a memory limit below the module's initial memory); whatever
//     the snippet does is a Result, never an error.
//   - Cancelling ctx cancels the run (OutcomeCanceled).
func (e *Engine) Start(ctx context.Context, req Request) (*Run, error) {
	if err := e.Ready(ctx); err != nil {
		return nil, err
	}
	if req.Limits.Memory < 0 || req.Limits.MaxOutput < 0 || req.Limits.Timeout < 0 {
		return nil, fmt.Errorf("%w: limits must not be negative", ErrBadRequest)
	}
	mod, minMem := e.module, e.module.minMem
	if e.snap != nil {
		minMem = uint64(len(e.snap.memory))
	}
	if m := req.Limits.Memory; m > 0 && uint64(m) < minMem {
		need := (minMem + 1<<20 - 1) >> 20
		return nil, fmt.Errorf("%w: a memory limit of %.4g MiB is below the %d MiB python.wasm starts with: use at least %dMiB", ErrBadRequest, float64(m)/(1<<20), need, need)
	}
	runCtx, cancel := context.WithCancel(ctx)
	run := &Run{start: time.Now(), ctx: runCtx, cancel: cancel, done: make(chan struct{})}
	key := keyOf(req)
	h := handoff{req: req, run: run}
	inst := e.pool.take(key, h)
	if inst == nil { // nothing parked fits: start one for this run
		inst = e.newInstance(mod, key, &h)
	}
	run.mem, run.fuel = inst.mem, inst.fuel
	return run, nil
}

// classify turns how _start returned into an Outcome; the cause of ctx
// tells a timeout from a cancel.
func classify(ctx context.Context, err error, mem *memoryMeter) Result {
	stopped := func() Result {
		if errors.Is(context.Cause(ctx), errTimeout) {
			return Result{Outcome: OutcomeTimeout, ExitCode: NoExitCode}
		}
		return Result{Outcome: OutcomeCanceled, ExitCode: NoExitCode}
	}
	var exit *sys.ExitError
	var atExit *shutdownFuelExhausted
	switch {
	case err == nil:
		return Result{Outcome: OutcomeOK}
	case errors.As(err, &atExit):
		return Result{Outcome: OutcomeFuelExhausted, ExitCode: NoExitCode, Message: atExit.Error()}
	case errors.Is(err, errFuelExhausted):
		return Result{Outcome: OutcomeFuelExhausted, ExitCode: NoExitCode}
	case errors.As(err, &exit):
		// wazero's own codes for a closed context are also what a guest's
		// exit(-1) looks like: only the context tells them apart.
		if ctx.Err() != nil && (exit.ExitCode() == sys.ExitCodeDeadlineExceeded || exit.ExitCode() == sys.ExitCodeContextCanceled) {
			return stopped()
		}
		// As a POSIX parent sees it: exit(-1) is 255, exit(256) is 0.
		switch code := exit.ExitCode() & 0xff; {
		case code == 0:
			return Result{Outcome: OutcomeOK}
		case mem.refused.Load():
			return Result{Outcome: OutcomeMemoryExceeded, ExitCode: int(code), Message: memoryMessage(mem)}
		default:
			return Result{Outcome: OutcomeError, ExitCode: int(code)}
		}
	case ctx.Err() != nil:
		return stopped()
	case mem.refused.Load():
		// The trap that ended the run may be another matter than the
		// refused growth: keep both.
		return Result{Outcome: OutcomeMemoryExceeded, ExitCode: NoExitCode, Message: memoryMessage(mem) + "; then " + trapMessage(err)}
	default:
		return Result{Outcome: OutcomeCrashed, ExitCode: NoExitCode, Message: trapMessage(err)}
	}
}

// memoryMessage says what the cap refused: the growth asked for, the size
// then and the cap, so that it agrees with a peak below the cap.
func memoryMessage(mem *memoryMeter) string {
	return fmt.Sprintf("a %s growth was refused at %s of %s", memorySize(mem.refusedGrowth), memorySize(mem.refusedAt), memorySize(mem.limit))
}

// memorySize writes n bytes as internal/units.FormatSize does, which the
// summary line and the gauges use (this package imports no other of
// pyplay's): "64 KiB", "24 MiB", "23.75 MiB" exactly, other values to the
// nearest tenth ("23.9 MiB").
func memorySize(n uint64) string {
	if n < 1024 {
		return fmt.Sprintf("%d B", n)
	}
	units := [...]string{"KiB", "MiB", "GiB", "TiB"}
	i := 0
	for i+1 < len(units) && n >= 1<<(10*(i+2)) {
		i++
	}
	u := uint64(1) << (10 * (i + 1))
	q, r := n/u, n%u
	switch {
	case r == 0:
		return fmt.Sprintf("%d %s", q, units[i])
	case r%(u/2) == 0:
		return fmt.Sprintf("%d.5 %s", q, units[i])
	case r%(u/4) == 0:
		return fmt.Sprintf("%d.%d %s", q, r/(u/4)*25, units[i])
	}
	tenths := q*10 + (r*10+u/2)/u
	if tenths >= 10240 && i+1 < len(units) {
		return "1.0 " + units[i+1]
	}
	return fmt.Sprintf("%d.%d %s", tenths/10, tenths%10, units[i])
}

// trapMessage keeps the first line of a wazero trap ("wasm error: unreachable"),
// without the wasm stack trace that follows it.
func trapMessage(err error) string {
	msg, _, _ := strings.Cut(err.Error(), "\n")
	return msg
}
