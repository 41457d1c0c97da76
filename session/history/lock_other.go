//go:build !(linux || darwin || freebsd || openbsd || netbsd || dragonfly)

package history

// lockDir does nothing where flock is not available: a Store still
// serialises its own goroutines, but two processes that find the same
// damage at the same moment may both move a file aside (nothing is
// deleted: the second backup is the first one's new history).
func lockDir(dir string, exclusive bool) (unlock func(), err error) {
	return func() {}, nil
}
