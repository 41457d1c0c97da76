package sandbox

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/pyplay/pyplay/sandbox/fuel"
)

// instrumented returns the fuel-metered form of wasm, from the disk cache when
// it is there. Entries are keyed by the input's digest and the instrumenter's
// version, and named after their own digest, so a corrupt or truncated entry
// is noticed, removed and rebuilt instead of compiled.
func instrumented(cacheDir string, wasm []byte) ([]byte, error) {
	dir := filepath.Join(cacheDir, "fuel")
	prefix := fmt.Sprintf("%s-v%d-", digest(wasm)[:32], fuel.Version)
	if cacheDir != "" {
		matches, _ := filepath.Glob(filepath.Join(dir, prefix+"*.wasm"))
		for _, path := range matches {
			want := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(path), prefix), ".wasm")
			if out, err := os.ReadFile(path); err == nil && digest(out) == want {
				return out, nil
			}
			_ = os.Remove(path)
		}
	}
	out, err := fuel.Instrument(wasm)
	if err != nil {
		return nil, fmt.Errorf("sandbox: instrument for fuel: %w", err)
	}
	if cacheDir != "" {
		// A cache that cannot be written only costs the next start ~0.2 s.
		if err := os.MkdirAll(dir, 0o755); err == nil {
			_ = writeFileAtomic(dir, filepath.Join(dir, prefix+digest(out)+".wasm"), out)
		}
	}
	return out, nil
}
