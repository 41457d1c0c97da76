package sandbox

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"sync/atomic"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/sys"

	"github.com/pyplay/pyplay/sandbox/fuel"
)

// What CPython's shutdown may burn once the snippet has ended: ~13M units
// after a small snippet, but freeing a big heap one object at a time costs
// ~530 units per int (~14 per byte of linear memory), 1.1G after
// list(range(2_000_000)). So the allowance grows with the memory the
// snippet left behind: a program that finished within its budget always
// exits, and an endless __del__, or a snippet that fakes its own end, still
// stops, after at most the allowance (and the timeout stops it sooner).
const (
	shutdownFuelBase    = 1_000_000_000
	shutdownFuelPerByte = 64 // over 4x the worst teardown cost measured
)

// shutdownAllowance is the shutdown's budget after a snippet that left
// memBytes of linear memory.
func shutdownAllowance(memBytes uint64) int64 {
	return shutdownFuelBase + shutdownFuelPerByte*int64(min(memBytes, wasm32Max))
}

// defaultFuelSlice is how much fuel the guest may burn between two calls into
// Go. Each call publishes progress, so it sets how often the gauge moves:
// ~10M units is ~10 ms of CPython on wazero.
const defaultFuelSlice = 10_000_000

// errFuelExhausted ends a run from inside refill; wazero returns it (wrapped)
// from the _start call.
var errFuelExhausted = errors.New("sandbox: fuel exhausted")

// shutdownFuelExhausted is errFuelExhausted after the snippet has ended:
// code that runs at exit (a __del__, a generator's finally) used up the
// shutdown allowance, not the snippet's budget. Its text is the run's
// message.
type shutdownFuelExhausted struct{ allowance int64 }

func (e *shutdownFuelExhausted) Error() string {
	return fmt.Sprintf("fuel exhausted at exit: code run during CPython's shutdown used up its own allowance of %s units", groupThousands(e.allowance))
}

func (e *shutdownFuelExhausted) Unwrap() error { return errFuelExhausted }

// groupThousands writes n with commas: 1,000,000,000.
func groupThousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// fuelMeter keeps one run's books for the instrumented module's fuel global
// (see package fuel for the ABI). Its fields other than the atomics are only
// touched on the run's goroutine: in refill, in the snippet-open hook and
// after _start returns.
type fuelMeter struct {
	requested uint64 // the snippet's budget as asked for, 0 for none
	limit     int64  // the same, as the arithmetic uses it
	slice     int64
	mem       *memoryMeter // sizes the shutdown allowance

	global api.Global // the instance's exported fuel global
	given  int64      // all budgets handed out so far: consumed = given - global

	started   bool  // the snippet file has been opened
	startup   int64 // fuel consumed before that
	ended     bool  // the snippet has ended; CPython is shutting down
	end       int64 // fuel consumed when it ended
	allowance int64 // the shutdown's budget, fixed when the snippet ends

	// The snippet's fuel spent on imports, sampled (see sampleImports) when
	// py knows python.wasm's layout.
	py           *cpython
	imports      int64
	sampled      int64 // consumed at the last sample
	wasImporting bool  // whether an import was in progress then

	// Published for Stats, and final once _start has returned.
	used, startupSeen, shutdownSeen atomic.Uint64
}

func newFuelMeter(limit uint64, slice int64, mem *memoryMeter) *fuelMeter {
	m := &fuelMeter{slice: max(slice, 1), mem: mem}
	m.setLimit(limit)
	return m
}

// setLimit sets the snippet's budget; 0 is no limit, which is still
// metered so that the run reports what it used. A budget past 2^61 is
// unlimited in practice and keeps the arithmetic in int64.
func (m *fuelMeter) setLimit(limit uint64) {
	m.requested = limit
	m.limit = math.MaxInt64 / 4
	if limit > 0 {
		m.limit = int64(min(limit, math.MaxInt64/4))
	}
}

// consumed is all fuel burnt so far, start-up included, given the global's
// current value.
func (m *fuelMeter) consumed(global int64) int64 { return m.given - global }

// nextBudget is the next slice: during start-up a full slice (start-up is
// not charged to the snippet), then no more than what the snippet has left,
// so the check that follows exhaustion fires at the limit, then no more than
// what is left of the shutdown allowance.
func (m *fuelMeter) nextBudget(consumed int64) int64 {
	switch {
	case m.ended:
		return min(m.slice, m.allowance-(consumed-m.end))
	case m.started:
		return min(m.slice, m.limit-(consumed-m.startup))
	}
	return m.slice
}

// rebudget ends the current slice at consumed and starts the next one, when
// the account changes in the middle of a slice.
func (m *fuelMeter) rebudget(consumed int64) {
	next := max(m.nextBudget(consumed), 0)
	m.given = consumed + next
	m.global.(api.MutableGlobal).Set(uint64(next))
}

// refill is the guest's call when a slice runs out. It returns the next
// budget, or stops the run once the snippet has used its limit.
func (m *fuelMeter) refill(current int64) int64 {
	consumed := m.consumed(current)
	m.publish(consumed)
	m.sampleImports(consumed)
	next := m.nextBudget(consumed)
	switch {
	case next > 0:
	case m.ended:
		panic(&shutdownFuelExhausted{m.allowance})
	default:
		panic(errFuelExhausted)
	}
	m.given = consumed + next
	return next
}

// snippetOpened starts the snippet's account: from here on, fuel counts
// against the limit. CPython opens the script more than once; only the first
// open counts.
func (m *fuelMeter) snippetOpened() {
	if m.started || m.global == nil {
		return
	}
	consumed := m.consumed(int64(m.global.Get()))
	m.publish(consumed) // as start-up
	m.started, m.startup = true, consumed
	m.sampled = consumed
	m.rebudget(consumed)
}

// snippetDone closes the snippet's account; shutdown gets its own allowance.
func (m *fuelMeter) snippetDone() {
	if !m.started || m.ended || m.global == nil {
		return
	}
	consumed := m.consumed(int64(m.global.Get()))
	m.publish(consumed)
	m.sampleImports(consumed)
	m.ended, m.end = true, consumed
	m.allowance = shutdownAllowance(m.mem.current.Load())
	m.rebudget(consumed)
}

// sync publishes the current figures between refills, e.g. while the guest
// sleeps and burns too little fuel to reach the end of a slice.
func (m *fuelMeter) sync() {
	if m.global != nil {
		m.publish(m.consumed(int64(m.global.Get())))
	}
}

// finish publishes the final figures once _start has returned, while the
// instance (and so its global and its memory) is still there.
func (m *fuelMeter) finish() {
	if m.global != nil {
		consumed := m.consumed(int64(m.global.Get()))
		m.publish(consumed)
		m.sampleImports(consumed) // a run stopped in the snippet: the last stretch
	}
}

// sampleImports charges the snippet's fuel since the last sample to
// imports: all of it when an import was in progress at both samples, half
// when at one of them, none when at neither. An import is in progress
// while importlib's _find_and_load is on CPython's stack (cpython.importing):
// finding, loading and running the module's top-level code, and the
// imports that code makes. Samples are taken at each refill, every fuel
// slice (10M units, ~10 ms), and when the snippet ends or is stopped, so
// the figure is within half a slice per import's start and end, and an
// import that fits inside one slice may go unseen. Nothing runs in the
// guest for it: the stack is read from its memory on a call into Go that
// happens anyway.
func (m *fuelMeter) sampleImports(consumed int64) {
	if m.py == nil || !m.started || m.ended {
		return
	}
	importing := m.py.importing(m.mem.bytes())
	switch stretch := consumed - m.sampled; {
	case importing && m.wasImporting:
		m.imports += stretch
	case importing || m.wasImporting:
		m.imports += stretch / 2
	}
	m.sampled, m.wasImporting = consumed, importing
}

func (m *fuelMeter) publish(consumed int64) {
	consumed = max(consumed, 0)
	switch {
	case !m.started:
		m.startupSeen.Store(uint64(consumed))
	case !m.ended:
		m.used.Store(uint64(max(consumed-m.startup, 0)))
	default:
		m.shutdownSeen.Store(uint64(max(consumed-m.end, 0)))
	}
}

// instantiateFuelHost provides the refill import every instrumented instance
// calls; it finds the instance's meter in the call's context (hostOf).
func instantiateFuelHost(ctx context.Context, r wazero.Runtime) error {
	_, err := r.NewHostModuleBuilder(fuel.ImportModule).
		NewFunctionBuilder().
		WithGoFunction(api.GoFunc(func(ctx context.Context, stack []uint64) {
			if ctx.Err() != nil {
				// The wazero runtime does not check the context in compiled
				// code (see newWazeroRuntime): a timeout or cancel lands here.
				panic(sys.NewExitError(sys.ExitCodeContextCanceled))
			}
			stack[0] = uint64(hostOf(ctx).fuel.refill(int64(stack[0])))
		}), []api.ValueType{api.ValueTypeI64}, []api.ValueType{api.ValueTypeI64}).
		WithParameterNames("current").
		Export(fuel.ImportName).
		Instantiate(ctx)
	return err
}
