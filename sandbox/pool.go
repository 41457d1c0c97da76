package sandbox

import (
	"context"
	"sync"
)

// pool keeps instances that have already gone through CPython's start-up,
// parked at the open of the snippet, so a run skips the start-up. Every run
// still gets a brand-new instance, used once and closed. Parked instances
// wait on a channel: an idle pool costs no CPU, only their memory.
type pool struct {
	size int // instances to keep parked per key; 0 disables the pool

	mu     sync.Mutex
	parked map[instanceKey][]*instance
}

// take hands h to a parked instance for key, or returns nil.
func (p *pool) take(key instanceKey, h handoff) *instance {
	p.mu.Lock()
	defer p.mu.Unlock()
	for list := p.parked[key]; len(list) > 0; list = p.parked[key] {
		inst := list[0]
		p.parked[key] = list[1:]
		if inst.give(h) {
			return inst
		}
	}
	return nil
}

// refill parks new instances for key, up to the pool's size, in the
// background: the key of the last run is the likeliest next one.
func (p *pool) refill(e *Engine, mod module, key instanceKey) {
	if p.size == 0 || e.closeCtx.Err() != nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.parked == nil {
		p.parked = map[instanceKey][]*instance{}
	}
	// Only the last kind of run stays parked: each distinct memory cap or
	// clock used to keep an instance (~16 MiB) until the process ended.
	for k, list := range p.parked {
		if k != key {
			for _, inst := range list {
				inst.cancel(errCanceled)
			}
			delete(p.parked, k)
		}
	}
	for len(p.parked[key]) < p.size {
		p.parked[key] = append(p.parked[key], e.newInstance(mod, key, nil))
	}
}

// waitParked waits until the instances parked for key have finished
// CPython's start-up, or ctx ends.
func (p *pool) waitParked(ctx context.Context, key instanceKey) error {
	p.mu.Lock()
	list := append([]*instance(nil), p.parked[key]...)
	p.mu.Unlock()
	for _, inst := range list {
		select {
		case <-inst.atSnippet:
		case <-inst.ctx.Done():
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}
