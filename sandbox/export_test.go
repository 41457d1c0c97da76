package sandbox

import "context"

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
