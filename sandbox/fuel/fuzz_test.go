package fuel

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/tetratelabs/wazero"
)

// FuzzInstrument checks that Instrument never panics and that whatever it
// instruments, if wazero accepts the input, wazero accepts the output.
func FuzzInstrument(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("..", "..", "testdata", "fuel", "*.wasm"))
	if err != nil || len(files) == 0 {
		f.Fatalf("no seed modules: %v", err)
	}
	f.Add([]byte{})
	f.Add(magicAndVersion)
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
		f.Add(b[:len(b)/2])
		// Deterministic mutations: flip one byte at a few spread positions.
		for _, pos := range []int{len(b) / 3, len(b) / 2, 2 * len(b) / 3, len(b) - 2} {
			m := append([]byte(nil), b...)
			m[pos] ^= 0x5a
			f.Add(m)
		}
	}
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, in []byte) {
		out, err := Instrument(in)
		if err != nil {
			// Rejected input only must not panic. Checking that wazero
			// rejects it too would be stronger, but wazero's decoder
			// allocates by declared vector lengths, so garbage input can
			// take it tens of seconds and gigabytes; the valid modules in
			// testdata/fuel and python.wasm cover acceptance instead.
			return
		}
		if !plausibleCounts(in) {
			return
		}
		r := wazero.NewRuntimeWithConfig(ctx, wazero.NewRuntimeConfigInterpreter())
		defer r.Close(ctx)
		if _, cerr := r.CompileModule(ctx, in); cerr != nil {
			return // invalid input that happened to instrument
		}
		if _, err := r.CompileModule(ctx, out); err != nil {
			t.Fatalf("instrumented module does not compile: %v", err)
		}
	})
}

// plausibleCounts reports whether every section's leading vector length
// fits in its payload, and every function's declared locals are few. wazero
// preallocates by such counts before noticing the input is short.
func plausibleCounts(in []byte) bool {
	secs, err := splitSections(in)
	if err != nil {
		return false
	}
	for _, s := range secs {
		if s.id == secCustom || s.id == secStart {
			continue
		}
		r := &reader{b: s.payload}
		n, err := r.u32()
		if err != nil || uint64(n) > uint64(len(s.payload)) {
			return false
		}
		if s.id != secCode {
			continue
		}
		for i := uint32(0); i < n; i++ {
			size, err := r.u32()
			if err != nil {
				return false
			}
			body, err := r.bytes(size)
			if err != nil {
				return false
			}
			br := &reader{b: body}
			groups, err := br.u32()
			if err != nil {
				return false
			}
			var locals uint64
			for g := uint32(0); g < groups; g++ {
				c, err := br.u32()
				if err != nil {
					return false
				}
				if locals += uint64(c); locals > 1000 {
					return false
				}
				if _, err := br.byte(); err != nil {
					return false
				}
			}
		}
	}
	return true
}
