//go:build !(linux || darwin || freebsd)

package sandbox

// reserve falls back to the Go heap where mmap is not available. Go's large
// allocations are lazily backed by the OS, so an untouched cap costs little.
func reserve(n uint64) ([]byte, func(), error) {
	return make([]byte, n), func() {}, nil
}
