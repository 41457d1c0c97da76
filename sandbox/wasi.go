package sandbox

import (
	"context"
	"encoding/binary"
	"errors"
	"sync/atomic"
	"time"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"
	"github.com/tetratelabs/wazero/sys"
)

// instantiateWASI provides wazero's WASI with two functions replaced:
// sched_yield, which is also the snapshot's hook (see schedYield), and
// poll_oneoff. CPython's time.sleep is clock_nanosleep(TIMER_ABSTIME), which
// wasi-libc turns into an absolute clock subscription; wazero answers those
// with ENOTSUP, so every time.sleep would raise OSError.
func instantiateWASI(ctx context.Context, r wazero.Runtime) error {
	b := r.NewHostModuleBuilder(wasi_snapshot_preview1.ModuleName)
	wasi_snapshot_preview1.NewFunctionExporter().ExportFunctions(b)
	i32 := api.ValueTypeI32
	b.NewFunctionBuilder().
		WithGoModuleFunction(api.GoModuleFunc(pollOneoff), []api.ValueType{i32, i32, i32, i32}, []api.ValueType{i32}).
		WithParameterNames("in", "out", "nsubscriptions", "result.nevents").
		Export("poll_oneoff")
	b.NewFunctionBuilder().
		WithGoModuleFunction(api.GoModuleFunc(schedYield), nil, []api.ValueType{i32}).
		Export("sched_yield")
	_, err := b.Instantiate(ctx)
	return err
}

// guestClock is a run's view of time. Real, it reads the host's clocks.
// Deterministic, it is virtual, as wazero's fake clocks are (2022-01-01
// and 0, each reading 1 ms later than the one before), and a sleep moves it
// on by exactly the time slept, so a program that sleeps sees the time it
// slept pass and prints the same thing every run.
//
// A sleep waits in real time either way: the playground shows what a
// sleeping program does, and the run's timeout still ends it.
type guestClock struct {
	ctx           context.Context
	base          time.Time
	deterministic bool

	// The virtual clocks' last readings, in nanoseconds.
	virtualWall, virtualMono atomic.Int64

	// asleep is set while the guest sleeps: a timeout or cancel reads it
	// to tell a sleeping program from a computing one.
	asleep atomic.Bool
}

// fakeEpoch is wazero's fake wall clock's first reading: 2022-01-01 UTC.
const fakeEpoch = 1640995200 * int64(time.Second)

func newGuestClock(ctx context.Context, deterministic bool) *guestClock {
	c := &guestClock{ctx: ctx, base: time.Now(), deterministic: deterministic}
	c.virtualWall.Store(fakeEpoch - int64(time.Millisecond)) // the first reading is the epoch
	c.virtualMono.Store(-int64(time.Millisecond))            // and 0
	return c
}

// resume continues the clocks of a snapshot: the virtual ones from their
// last readings, the real monotonic one from where it stood, so that a
// reading taken during start-up is never in the future.
func (c *guestClock) resume(s *snapshot) {
	c.virtualWall.Store(s.wall)
	c.virtualMono.Store(s.mono)
	c.base = c.base.Add(-time.Duration(s.mono))
}

// fileTime is a modification time for the scratch files: now, or with
// deterministic clocks the virtual epoch, so that reading it does not move
// the virtual clock and files look the same every run.
func (c *guestClock) fileTime() int64 {
	if c.deterministic {
		return fakeEpoch
	}
	return time.Now().UnixNano()
}

func (c *guestClock) nanotime() int64 {
	if c.deterministic {
		return c.virtualMono.Add(int64(time.Millisecond))
	}
	return int64(time.Since(c.base))
}

func (c *guestClock) walltime() (int64, int32) {
	if c.deterministic {
		wt := c.virtualWall.Add(int64(time.Millisecond))
		return wt / 1e9, int32(wt % 1e9)
	}
	now := time.Now()
	return now.Unix(), int32(now.Nanosecond())
}

// now is the guest's clock id as the guest last saw it, for an absolute
// deadline: a virtual clock is not moved on by this reading.
func (c *guestClock) now(id uint32) int64 {
	switch {
	case c.deterministic && id == clockRealtime:
		return c.virtualWall.Load()
	case c.deterministic:
		return c.virtualMono.Load()
	case id == clockRealtime:
		sec, nsec := c.walltime()
		return sec*1e9 + int64(nsec)
	}
	return c.nanotime()
}

// sleep pauses the guest. When the run is stopped mid-sleep it ends the run
// right there: returning would let the guest run on until wazero notices
// the closed context, and print after its deadline.
func (c *guestClock) sleep(ns int64) {
	if ns <= 0 {
		return
	}
	t := time.NewTimer(time.Duration(ns))
	defer t.Stop()
	c.asleep.Store(true)
	defer c.asleep.Store(false)
	select {
	case <-t.C:
		if c.deterministic {
			c.virtualWall.Add(ns)
			c.virtualMono.Add(ns)
		}
	case <-c.ctx.Done():
		code := sys.ExitCodeContextCanceled
		if errors.Is(c.ctx.Err(), context.DeadlineExceeded) {
			code = sys.ExitCodeDeadlineExceeded
		}
		panic(sys.NewExitError(code))
	}
}

// WASI ABI constants (snapshot_preview1).
const (
	clockRealtime     = 0
	eventTypeClock    = 0
	subscriptionSize  = 48
	eventSize         = 32
	subclockAbstime   = 1
	errnoSuccess      = 0
	errnoFault        = 21
	errnoInval        = 28
	maxSubscriptions  = 1 << 12
	eventTypeOffset   = 8
	clockIDOffset     = 16
	clockTimeout      = 24
	clockFlagsOffset  = 40
	eventErrnoOffset  = 8
	eventTypeOutField = 10
)

var le = binary.LittleEndian

// pollOneoff waits for the earliest clock subscription, relative or absolute.
// File subscriptions are always ready: stdin is an in-memory buffer and
// stdout/stderr never block, so they return at once without sleeping.
func pollOneoff(ctx context.Context, mod api.Module, stack []uint64) {
	in, out, n, resultN := uint32(stack[0]), uint32(stack[1]), uint32(stack[2]), uint32(stack[3])
	stack[0] = pollOneoffErrno(ctx, mod, in, out, n, resultN)
}

func pollOneoffErrno(ctx context.Context, mod api.Module, in, out, n, resultN uint32) uint64 {
	if n == 0 || n > maxSubscriptions {
		return errnoInval
	}
	mem := mod.Memory()
	subs, ok1 := mem.Read(in, n*subscriptionSize)
	events, ok2 := mem.Read(out, n*eventSize)
	if !ok1 || !ok2 {
		return errnoFault
	}
	host := hostOf(ctx)
	clock := host.clock

	// First pass: the earliest clock deadline, and whether a file is ready.
	wait, fileReady := int64(-1), false
	timeouts := make([]int64, n)
	for i := range n {
		sub := subs[i*subscriptionSize:]
		if sub[eventTypeOffset] != eventTypeClock {
			fileReady = true
			continue
		}
		timeout := int64(le.Uint64(sub[clockTimeout:]))
		if le.Uint16(sub[clockFlagsOffset:])&subclockAbstime != 0 {
			timeout -= clock.now(le.Uint32(sub[clockIDOffset:]))
		}
		timeouts[i] = max(timeout, 0)
		if wait < 0 || timeouts[i] < wait {
			wait = timeouts[i]
		}
	}
	if !fileReady && wait > 0 {
		host.fuel.sync() // a sleeping guest burns too little fuel to publish it
		clock.sleep(wait)
	}

	// Second pass: one event per ready subscription.
	count := uint32(0)
	for i := range n {
		sub := subs[i*subscriptionSize:]
		isClock := sub[eventTypeOffset] == eventTypeClock
		if isClock && (fileReady || timeouts[i] > wait) {
			continue
		}
		evt := events[count*eventSize : (count+1)*eventSize]
		clear(evt)
		copy(evt, sub[:8]) // userdata
		le.PutUint16(evt[eventErrnoOffset:], errnoSuccess)
		evt[eventTypeOutField] = sub[eventTypeOffset]
		count++
	}
	if !mem.WriteUint32Le(resultN, count) {
		return errnoFault
	}
	return errnoSuccess
}
