//go:build !(linux || darwin || freebsd)

package sandbox

import "os"

// reserve falls back to the Go heap where mmap is not available. Go's large
// allocations are lazily backed by the OS, so an untouched cap costs little.
func reserve(n uint64) ([]byte, func(), error) {
	return make([]byte, n), func() {}, nil
}

// readMapped reads the file at path: there is no mmap here.
func readMapped(path string) ([]byte, func(), error) {
	data, err := os.ReadFile(path)
	return data, func() {}, err
}
