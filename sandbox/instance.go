package sandbox

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/sys"

	"github.com/pyplay/pyplay/sandbox/fuel"
)

// Why an instance's context ended, told apart by context.Cause.
var (
	errTimeout  = errors.New("sandbox: timeout")
	errCanceled = errors.New("sandbox: canceled")
)

// instanceKey is what must be fixed when an instance is created: its memory
// cap and its clocks. A request runs in a parked instance only when the keys
// match.
type instanceKey struct {
	memory        int64
	deterministic bool
}

func keyOf(req Request) instanceKey {
	return instanceKey{memory: req.Limits.Memory, deterministic: req.Deterministic}
}

// handoff is a run given to an instance.
type handoff struct {
	req Request
	run *Run
}

// instance is one python.wasm instance on its own goroutine, used for one
// run and closed. It goes through CPython's start-up as soon as it is
// created and then waits, at the first open of /snippet/main.py, for the run
// it is for: created for a run, it waits not at all; parked in the pool, it
// makes the run skip start-up. Its states are instanceState's.
type instance struct {
	// The memory and fuel meters and the clock, which its host functions
	// find in the context of every call into the guest (hostOf).
	instanceHost
	key    instanceKey
	ctx    context.Context
	cancel context.CancelCauseFunc

	resumed bool       // started from the engine's snapshot
	scratch *scratchFS // its writable files; the limit comes with the run

	handoffs  chan handoff  // buffered: a send never blocks
	atSnippet chan struct{} // closed when start-up is done and the guest waits
	// What accept sets for the run, on the guest's goroutine, which alone
	// reads them after.
	stdin  bytes.Reader
	stdout *lateStream
	stderr *lateStream
	code   []byte

	// stoppedAsleep is whether the guest slept when its timeout or its
	// caller's cancel came.
	stoppedAsleep atomic.Bool

	mu         sync.Mutex
	state      instanceState
	run        *Run        // the run handed over, once the instance accepted it
	timer      *time.Timer // the run's timeout
	stopCaller func() bool // stops watching the caller's context
}

// newInstance starts an instance of mod; its result goes to the run it
// takes. A cold run passes its handoff here, so the instance has it before
// its goroutine starts: a guest that ends at once (a trap) must still find
// its run.
func (e *Engine) newInstance(mod module, key instanceKey, h *handoff) *instance {
	ctx, cancel := context.WithCancelCause(e.closeCtx)
	mem := newMemoryMeter(key.memory)
	mem.py = e.cpython
	inst := &instance{
		instanceHost: instanceHost{
			mem:   mem,
			fuel:  newFuelMeter(0, e.cfg.fuelSlice, mem), // the limit comes with the run
			clock: newGuestClock(ctx, key.deterministic),
		},
		key: key, ctx: ctx, cancel: cancel,
		handoffs:  make(chan handoff, 1),
		atSnippet: make(chan struct{}),
		stdout:    &lateStream{},
		stderr:    &lateStream{},
	}
	inst.fuel.py = e.cpython
	inst.scratch = newScratchFS(0, inst.clock.fileTime)
	if h != nil {
		inst.give(*h) // cannot fail: the instance is parked and its guest not started
	}
	e.instances.Add(1)
	go inst.live(e, mod)
	return inst
}

// give hands a run over to a parked instance. It reports false when the
// instance is no longer parked: it has a run already, or its guest ended (a
// start-up that failed, or the pool ended it).
func (inst *instance) give(h handoff) bool {
	inst.mu.Lock()
	defer inst.mu.Unlock()
	if inst.state != instanceParked {
		return false
	}
	inst.to(instanceGiven)
	inst.arm(&h)
	inst.handoffs <- h
	return true
}

// arm starts the run's timeout and watches its caller's context from the
// hand-over on, not from when the guest reaches the snippet: a module that
// never opens it (or a start-up that hangs) must still stop.
func (inst *instance) arm(h *handoff) {
	run := h.run
	if t := h.req.Limits.Timeout; t > 0 {
		inst.timer = time.AfterFunc(time.Until(run.start.Add(t)), func() { inst.stop(errTimeout) })
	}
	inst.stopCaller = context.AfterFunc(run.ctx, func() { inst.stop(errCanceled) })
}

// stop ends the guest for cause, noting whether it was asleep at that
// moment.
func (inst *instance) stop(cause error) {
	inst.stoppedAsleep.Store(inst.clock.asleep.Load())
	inst.cancel(cause)
}

// live runs the guest to its end and delivers the result to its run.
func (inst *instance) live(e *Engine, mod module) {
	defer e.instances.Done()
	defer inst.cancel(nil)
	res := inst.execute(e, mod)
	inst.mem.release() // the guest is gone: no host function can touch it now

	inst.mu.Lock()
	if inst.state == instanceGiven { // the guest ended before the snippet
		inst.accept(<-inst.handoffs)
	}
	inst.to(instanceEnded) // from here on, give refuses
	run, timer, stopCaller := inst.run, inst.timer, inst.stopCaller
	inst.mu.Unlock()
	if run == nil {
		return // a parked instance that nobody took
	}
	if timer != nil {
		timer.Stop()
	}
	stopCaller()
	inst.finish(run, &res)
	run.result = res
	// Park the next instance for this kind of run now, not while the run
	// went: its start-up would have competed with the run for the CPU.
	// Before the result is out, so that the pool is settled when Wait
	// returns (refill only starts the instance's goroutine).
	e.pool.refill(e, mod, inst.key)
	close(run.done)
	run.cancel() // release the run's context
}

// waitForRun is the snippet's first-open hook: the guest blocks here, at
// the end of start-up, until a run is handed over or the instance is
// stopped.
func (inst *instance) waitForRun() bool {
	close(inst.atSnippet)
	select {
	case h := <-inst.handoffs:
		inst.mu.Lock()
		inst.to(instanceRunning)
		inst.accept(h)
		inst.mu.Unlock()
		return true
	case <-inst.ctx.Done():
		return false
	}
}

// accept makes h the instance's run: its code, stdin, output, fuel budget
// and scratch cap (arm did its timeout and cancellation). The caller holds
// mu and is on the guest's goroutine.
func (inst *instance) accept(h handoff) {
	req, run := h.req, h.run
	inst.run, inst.code = run, []byte(req.Code)
	inst.stdin.Reset(req.Stdin)
	inst.stdout.start(newCappedStream("stdout", req.Limits.MaxOutput, req.Stdout))
	inst.stderr.start(newCappedStream("stderr", req.Limits.MaxOutput, req.Stderr))
	inst.fuel.setLimit(req.Limits.Fuel)
	inst.scratch.limit = scratchLimit(req.Limits.Scratch)
}

// execute instantiates the module and runs _start.
func (inst *instance) execute(e *Engine, mod module) (res Result) {
	defer func() {
		// wazero turns guest traps into errors; a panic here is a bug in an
		// allocator or host function, and must not take the host down.
		if p := recover(); p != nil {
			res = Result{Outcome: OutcomeCrashed, ExitCode: NoExitCode, Message: fmt.Sprint("sandbox panic: ", p)}
		}
		if err := inst.mem.hostErr; err != nil {
			res = Result{Outcome: OutcomeCrashed, ExitCode: NoExitCode, Message: "host: " + err.Error(), host: err}
		}
	}()
	f := inst.fuel
	mounts := guestFS(func() []byte { return inst.code }, func() {
		if inst.waitForRun() {
			f.snippetOpened()
		}
	}, f.snippetDone, inst.scratch, e.pythonPath)
	cfg := wazero.NewModuleConfig().
		WithName(""). // anonymous, so instances can coexist
		WithArgs(guestArgs...).
		WithStdin(&inst.stdin).
		WithStdout(inst.stdout).
		WithStderr(inst.stderr).
		WithFSConfig(mounts).
		WithStartFunctions() // _start is called below, with the instance in hand
	// The resolutions are wazero's defaults for its fake clocks, so that a
	// deterministic start-up is what it was with them.
	cfg = cfg.WithWalltime(inst.clock.walltime, sys.ClockResolution(time.Microsecond)).
		WithNanotime(inst.clock.nanotime, 1).WithNanosleep(inst.clock.sleep)
	if !inst.key.deterministic {
		cfg = cfg.WithRandSource(rand.Reader)
	}
	ctx := inst.instanceHost.context(inst.ctx)
	snap := e.snap
	if snap != nil {
		inst.resumed = true
		inst.mem.image = snap.memory
		inst.clock.resume(snap)
	}
	var where pyWhere
	instance, err := mod.wazeroRuntime.InstantiateModule(ctx, mod.compiled, cfg)
	if err == nil {
		f.global = instance.ExportedGlobal(fuel.GlobalExport)
		entry := "_start"
		if snap != nil {
			entry = fuel.ResumeExport
			err = resume(instance, snap, f)
		}
		if err == nil {
			_, err = instance.ExportedFunction(entry).Call(ctx)
		}
		f.finish() // read the global before the instance goes
		if err != nil {
			// Stopped or trapped: no guest code ran since, so CPython's
			// stack is as it was at that moment.
			where = inst.mem.py.where(inst.mem.bytes())
		}
		_ = instance.Close(context.Background())
	}
	res = classify(inst.ctx, err, inst.mem)
	if res.Outcome == OutcomeMemoryExceeded {
		where = inst.mem.refusedWhere
	} else if res.ExitCode != NoExitCode { // it exited by itself
		where = pyWhere{}
	}
	res.Stop.Line, res.Stop.Function, res.Stop.Importing = where.line, where.function, where.importing
	return res
}

// finish fills in the figures of run, finished.
func (inst *instance) finish(run *Run, res *Result) {
	res.Stdout, res.StdoutTruncated = inst.stdout.result()
	res.Stderr, res.StderrTruncated = inst.stderr.result()
	if res.Outcome == OutcomeError && res.Message == "" {
		res.Message = wallNote(res.Stderr)
		if res.Message == "" && inst.stdin.Size() == 0 {
			res.Message = emptyStdinNote(res.Stderr)
		}
	}
	switch res.Outcome {
	case OutcomeTimeout, OutcomeCanceled:
		res.Stop.Activity = ActivityComputing
		if inst.stoppedAsleep.Load() {
			res.Stop.Activity = ActivitySleeping
		}
	case OutcomeMemoryExceeded:
		res.Stop.Refused, res.Stop.RefusedAt = int64(inst.mem.refusedGrowth), int64(inst.mem.refusedAt)
	}
	res.Wall = time.Since(run.start)
	res.MemoryPeak = int64(inst.mem.peak.Load())
	res.MemoryLimit = int64(inst.mem.limit)
	f := inst.fuel
	res.FuelUsed, res.FuelStartup, res.FuelShutdown = f.used.Load(), f.startupSeen.Load(), f.shutdownSeen.Load()
	res.FuelLimit = f.requested
	res.FuelImports = uint64(max(f.imports, 0))
	res.ScratchPeak, res.ScratchLimit = inst.scratch.peak.Load(), inst.scratch.limit
	res.Resumed = inst.resumed
}

// lateStream is an output whose destination is known only when a run is
// handed over; what the guest writes before (start-up warnings) is kept and
// passed on then.
type lateStream struct {
	mu     sync.Mutex
	early  []byte
	stream *cappedStream
}

func (l *lateStream) start(s *cappedStream) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.stream = s
	if len(l.early) > 0 {
		_, _ = s.Write(l.early)
		l.early = nil
	}
}

// Write implements io.Writer.
func (l *lateStream) Write(p []byte) (int, error) {
	l.mu.Lock()
	s := l.stream
	if s == nil {
		l.early = append(l.early, p...)
	}
	l.mu.Unlock()
	if s != nil {
		return s.Write(p)
	}
	return len(p), nil
}

func (l *lateStream) result() ([]byte, bool) {
	l.mu.Lock()
	s := l.stream
	l.mu.Unlock()
	if s == nil {
		return nil, false
	}
	return s.result()
}

var _ io.Writer = (*lateStream)(nil)
