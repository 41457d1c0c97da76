package sandbox

import (
	"context"
	"errors"
	"testing"
)

// A refused growth followed by an unrelated trap keeps both in the message.
func TestClassifyKeepsTheTrapAfterARefusal(t *testing.T) {
	mem := newMemoryMeter(64 << 20)
	mem.refused.Store(true)
	res := classify(context.Background(), errors.New("wasm error: out of bounds memory access\nwasm stack trace: …"), mem)
	want := "memory growth past the 64 MiB cap was refused; then wasm error: out of bounds memory access"
	if res.Outcome != OutcomeMemoryExceeded || res.Message != want {
		t.Errorf("%s %q, want %s %q", res.Outcome, res.Message, OutcomeMemoryExceeded, want)
	}
}
