package sandbox

import (
	"context"
	"errors"
	"testing"
)

// A refused growth followed by an unrelated trap keeps both in the message.
func TestClassifyKeepsTheTrapAfterARefusal(t *testing.T) {
	mem := newMemoryMeter(64 << 20)
	mem.current.Store(10 << 20)
	mem.refuse(34 << 20)
	mem.refuse(11 << 20) // the first refusal is the one told
	res := classify(context.Background(), errors.New("wasm error: out of bounds memory access\nwasm stack trace: …"), mem)
	want := "a 24 MiB growth was refused at 10 MiB of 64 MiB; then wasm error: out of bounds memory access"
	if res.Outcome != OutcomeMemoryExceeded || res.Message != want {
		t.Errorf("%s %q, want %s %q", res.Outcome, res.Message, OutcomeMemoryExceeded, want)
	}
}

// memorySize writes sizes as internal/units.FormatSize does.
func TestMemorySize(t *testing.T) {
	tests := []struct {
		n    uint64
		want string
	}{
		{0, "0 B"},
		{1023, "1023 B"},
		{64 << 10, "64 KiB"},
		{24 << 20, "24 MiB"},
		{10<<20 + 512<<10, "10.5 MiB"},
		{23<<20 + 768<<10, "23.75 MiB"},
		{23<<20 + 896<<10, "23.9 MiB"},
		{16<<20 - 64<<10, "15.9 MiB"},
		{1<<30 - 64<<10, "1023.9 MiB"},
		{wasm32Max - 65536, "4.0 GiB"},
	}
	for _, tt := range tests {
		if got := memorySize(tt.n); got != tt.want {
			t.Errorf("memorySize(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}
