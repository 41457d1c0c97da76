package sandbox

import "context"

// WaitParked waits until the instances parked for req's kind are at the
// snippet, so a benchmark times a parked run, not a refill.
func WaitParked(ctx context.Context, e *Engine, req Request) error {
	return e.pool.waitParked(ctx, keyOf(req))
}
