//go:build linux || darwin || freebsd

package sandbox

import "golang.org/x/sys/unix"

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
	return buf, func() { _ = unix.Munmap(buf) }, nil
}
