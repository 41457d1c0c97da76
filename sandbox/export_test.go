package sandbox

import (
	"context"
	"time"
)

// WaitParked waits until the instances parked for req's kind are at the
// snippet, so a benchmark times a parked run, not a refill.
func WaitParked(ctx context.Context, e *Engine, req Request) error {
	return e.pool.waitParked(ctx, keyOf(req))
}

// ParkedKinds is how many kinds of run have instances parked.
func ParkedKinds(e *Engine) int {
	e.pool.mu.Lock()
	defer e.pool.mu.Unlock()
	return len(e.pool.parked)
}

// Parked is an instance taken out of the pool while it waits at the
// snippet, so that a test can hand it runs itself.
type Parked struct{ inst *instance }

// TakeParked takes the first instance parked for req's kind out of the
// pool without giving it a run, or returns nil.
func TakeParked(e *Engine, req Request) *Parked {
	e.pool.mu.Lock()
	defer e.pool.mu.Unlock()
	list := e.pool.parked[keyOf(req)]
	if len(list) == 0 {
		return nil
	}
	e.pool.parked[keyOf(req)] = list[1:]
	return &Parked{list[0]}
}

// State is the instance's state's name.
func (p *Parked) State() string {
	p.inst.mu.Lock()
	defer p.inst.mu.Unlock()
	return p.inst.state.String()
}

// Give hands req to the instance as Engine.Start does, or reports false
// when the instance refuses it.
func (p *Parked) Give(ctx context.Context, req Request) (*Run, bool) {
	runCtx, cancel := context.WithCancel(ctx)
	run := &Run{start: time.Now(), ctx: runCtx, cancel: cancel, done: make(chan struct{}), mem: p.inst.mem, fuel: p.inst.fuel}
	if !p.inst.give(handoff{req: req, run: run}) {
		cancel()
		return nil, false
	}
	return run, true
}
