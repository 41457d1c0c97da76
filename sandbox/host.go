package sandbox

import (
	"context"

	"github.com/tetratelabs/wazero/experimental"
)

// instanceHost is what the host functions need of the instance that calls
// them. wazero gives a host function the context of the call into the guest
// and the module, not the instance it belongs to, so the instance travels in
// that context, under one key.
type instanceHost struct {
	mem   *memoryMeter // wazero finds it under its own key: see context
	fuel  *fuelMeter   // the fuel import's refill; a sleep publishes it
	clock *guestClock  // poll_oneoff's deadlines and sleeps
	// snapshot is set only in the instance that builds the snapshot:
	// sched_yield, the resume point's hook, captures it there.
	snapshot *snapshotBuilder
}

type instanceHostKey struct{}

// context is parent as the instance's host functions need it, for
// instantiating the module and calling into it.
func (h *instanceHost) context(parent context.Context) context.Context {
	return context.WithValue(experimental.WithMemoryAllocator(parent, h.mem), instanceHostKey{}, h)
}

// hostOf is the instance a host function was called for. Every instance is
// made with one (instance.execute, Engine.buildSnapshot): a call without it
// is a bug in pyplay, not something a guest can cause, and there is no
// meter or clock it could fall back on.
func hostOf(ctx context.Context) *instanceHost {
	h, ok := ctx.Value(instanceHostKey{}).(*instanceHost)
	if !ok {
		panic("sandbox: a host function was called without its instance in the context (see instanceHost.context)")
	}
	return h
}
