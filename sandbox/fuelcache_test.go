package sandbox

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/pyplay/pyplay/sandbox/fuel"
)

func TestInstrumentedCache(t *testing.T) {
	wasm, err := os.ReadFile("../testdata/wasm/trap.wasm")
	if err != nil {
		t.Fatal(err)
	}
	want, err := fuel.Instrument(wasm)
	if err != nil {
		t.Fatal(err)
	}
	cache := t.TempDir()
	entries := func() []string {
		m, _ := filepath.Glob(filepath.Join(cache, "fuel", "*.wasm"))
		return m
	}

	got, err := instrumented(cache, wasm)
	if err != nil || string(got) != string(want) || len(entries()) != 1 {
		t.Fatalf("first call: err %v, %d cache entries", err, len(entries()))
	}
	entry := entries()[0]

	// A corrupt entry is rebuilt, not trusted and not fatal.
	if err := os.WriteFile(entry, []byte("\x00asm truncated"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err = instrumented(cache, wasm)
	if err != nil || string(got) != string(want) {
		t.Fatalf("after corruption: err %v", err)
	}
	if b, err := os.ReadFile(entry); err != nil || string(b) != string(want) || len(entries()) != 1 {
		t.Errorf("cache entry not rebuilt: %v, %d entries", err, len(entries()))
	}

	// No cache dir: still instruments.
	if got, err = instrumented("", wasm); err != nil || string(got) != string(want) {
		t.Errorf("without a cache: %v", err)
	}
}
