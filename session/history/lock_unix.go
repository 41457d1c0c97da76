//go:build linux || darwin || freebsd || openbsd || netbsd || dragonfly

package history

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"golang.org/x/sys/unix"
)

// lockDir takes a flock on the history's directory: shared while a
// database there is used, exclusive while a damaged one is moved aside,
// so that no process moves a file another is writing to, and two
// processes that find the same damage do not both move a file (the second
// would move the first one's new history). The directory rather than a
// lock file, so that nothing more is left in it; it is opened read-only,
// which a read-only directory allows.
func lockDir(dir string, exclusive bool) (unlock func(), err error) {
	f, err := os.Open(dir)
	if errors.Is(err, fs.ErrPermission) {
		return func() {}, nil // see unlockable
	}
	if err != nil {
		return nil, fmt.Errorf("history: lock %s: %w", dir, err)
	}
	how := unix.LOCK_SH
	if exclusive {
		how = unix.LOCK_EX
	}
	for {
		err = unix.Flock(int(f.Fd()), how)
		if err != unix.EINTR {
			break
		}
	}
	if err != nil {
		f.Close()
		if unlockable(err) {
			return func() {}, nil
		}
		return nil, fmt.Errorf("history: lock %s: %w", dir, err)
	}
	// Closing the descriptor releases the lock.
	return func() { f.Close() }, nil
}

// unlockable tells a directory that cannot be locked (NFS emulates flock
// with fcntl locks, which a directory cannot take) from a real failure.
// The history worked without the lock before it had one, so it goes on
// without: the lock only keeps two processes from recovering the same
// damaged file at once, a rare race.
func unlockable(err error) bool {
	return errors.Is(err, unix.EBADF) || errors.Is(err, unix.ENOLCK) || errors.Is(err, unix.EOPNOTSUPP) || errors.Is(err, unix.EACCES)
}
