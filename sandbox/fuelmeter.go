package sandbox

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sync/atomic"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/sys"

	"github.com/pyplay/pyplay/sandbox/fuel"
)

// shutdownFuel is what CPython's shutdown may burn once the snippet has
// ended (~13M units after a small snippet, ~36M after import statistics).
// It keeps an endless atexit handler, or a snippet that fakes its own end,
// from running unmetered.
const shutdownFuel = 1_000_000_000 // as written in classify's message

// defaultFuelSlice is how much fuel the guest may burn between two calls into
// Go. Each call publishes progress, so it sets how often the gauge moves:
// ~10M units is ~10 ms of CPython on wazero.
const defaultFuelSlice = 10_000_000

// errFuelExhausted ends a run from inside refill; wazero returns it (wrapped)
// from the _start call. errShutdownFuelExhausted is the same after the
// snippet has ended: code that runs at exit (a __del__, a generator's
// finally) used up the shutdown allowance, not the snippet's budget.
var (
	errFuelExhausted         = errors.New("sandbox: fuel exhausted")
	errShutdownFuelExhausted = fmt.Errorf("%w during shutdown", errFuelExhausted)
)

// fuelMeter keeps one run's books for the instrumented module's fuel global
// (see package fuel for the ABI). Its fields other than the atomics are only
// touched on the run's goroutine: in refill, in the snippet-open hook and
// after _start returns.
type fuelMeter struct {
	limit int64 // the snippet's budget
	slice int64

	global api.Global // the instance's exported fuel global
	given  int64      // all budgets handed out so far: consumed = given - global

	started bool  // the snippet file has been opened
	startup int64 // fuel consumed before that
	ended   bool  // the snippet has ended; CPython is shutting down
	end     int64 // fuel consumed when it ended

	// Published for Stats, and final once _start has returned.
	used, startupSeen, shutdownSeen atomic.Uint64
}

func newFuelMeter(limit uint64, slice int64) *fuelMeter {
	return &fuelMeter{limit: clampFuel(limit), slice: max(slice, 1)}
}

// clampFuel keeps the arithmetic in int64: a budget past 2^62 is unlimited
// in practice.
func clampFuel(limit uint64) int64 { return int64(min(limit, math.MaxInt64/4)) }

type fuelMeterKey struct{}

func withFuelMeter(ctx context.Context, m *fuelMeter) context.Context {
	return context.WithValue(ctx, fuelMeterKey{}, m)
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
		return min(m.slice, shutdownFuel-(consumed-m.end))
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
	next := m.nextBudget(consumed)
	switch {
	case next > 0:
	case m.ended:
		panic(errShutdownFuelExhausted)
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
	m.rebudget(consumed)
}

// snippetDone closes the snippet's account; shutdown gets its own allowance.
func (m *fuelMeter) snippetDone() {
	if !m.started || m.ended || m.global == nil {
		return
	}
	consumed := m.consumed(int64(m.global.Get()))
	m.publish(consumed)
	m.ended, m.end = true, consumed
	m.rebudget(consumed)
}

// sync publishes the current figures between refills, e.g. while the guest
// sleeps and burns too little fuel to reach the end of a slice.
func (m *fuelMeter) sync() {
	if m != nil && m.global != nil {
		m.publish(m.consumed(int64(m.global.Get())))
	}
}

// hook adapts a meter method into a file-system hook; nil-safe, so an
// unmetered run passes no hooks.
func (m *fuelMeter) hook(method func(*fuelMeter)) func() {
	if m == nil {
		return nil
	}
	return func() { method(m) }
}

// finish publishes the final figures once _start has returned, while the
// instance (and so its global) is still there.
func (m *fuelMeter) finish() {
	if m.global != nil {
		m.publish(m.consumed(int64(m.global.Get())))
	}
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
// calls; it finds the run's meter in the call's context.
func instantiateFuelHost(ctx context.Context, r wazero.Runtime) error {
	_, err := r.NewHostModuleBuilder(fuel.ImportModule).
		NewFunctionBuilder().
		WithGoFunction(api.GoFunc(func(ctx context.Context, stack []uint64) {
			if ctx.Err() != nil {
				// The metered runtime does not check the context in compiled
				// code (see newWazeroRuntime): a timeout or cancel lands here.
				panic(sys.NewExitError(sys.ExitCodeContextCanceled))
			}
			m, _ := ctx.Value(fuelMeterKey{}).(*fuelMeter)
			if m == nil {
				stack[0] = uint64(math.MaxInt64) // unmetered run of a metered module
				return
			}
			stack[0] = uint64(m.refill(int64(stack[0])))
		}), []api.ValueType{api.ValueTypeI64}, []api.ValueType{api.ValueTypeI64}).
		WithParameterNames("current").
		Export(fuel.ImportName).
		Instantiate(ctx)
	return err
}
