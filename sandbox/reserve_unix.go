//go:build linux || darwin || freebsd

package sandbox

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// reserve maps n bytes of zeroed, private address space. MAP_NORESERVE keeps a
// 4 GiB cap from counting against overcommit; pages cost RAM only once the
// guest touches them.
func reserve(n uint64) ([]byte, func(), error) {
	if n == 0 {
		return []byte{}, func() {}, nil
	}
	buf, err := unix.Mmap(-1, 0, int(n), unix.PROT_READ|unix.PROT_WRITE, unix.MAP_PRIVATE|unix.MAP_ANON|unix.MAP_NORESERVE)
	if err != nil {
		return nil, nil, err
	}
	// Huge pages, where the kernel has them on request: a run's memory is
	// touched in a burst (a snapshot's 15 MB image is copied in at once),
	// and 2 MiB pages make that 8 page faults instead of ~3,800.
	adviseHugePages(buf)
	return buf, func() { _ = unix.Munmap(buf) }, nil
}

// readMapped maps the file at path read-only. Reading a large file into the
// Go heap costs a page fault per 4 KiB of fresh memory; a mapped file's
// pages come from the page cache, many per fault.
func readMapped(path string) ([]byte, func(), error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	if info.Size() == 0 || info.Size() > 1<<40 {
		return nil, nil, errors.New("sandbox: not a file to map")
	}
	data, err := unix.Mmap(int(f.Fd()), 0, int(info.Size()), unix.PROT_READ, unix.MAP_PRIVATE)
	if err != nil {
		return nil, nil, err
	}
	return data, func() { _ = unix.Munmap(data) }, nil
}
