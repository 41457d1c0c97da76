package cli

import (
	"io"
	"os"

	"golang.org/x/term"
)

// IO is what a command reads and writes, and what it knows of the
// terminal. System is the process's; tests make their own, so that every
// command runs in-process.
type IO struct {
	In       io.Reader
	Out, Err io.Writer
	// Which of the streams are terminals: guest output bound for one is
	// made safe, the playground needs one, and a progress line goes to one.
	InTerminal, OutTerminal, ErrTerminal bool
	// Getenv reads the environment (NO_COLOR, $PYPLAY_THEME, …).
	Getenv func(string) string
	// OpenTTY opens the terminal to read keys from when the code came on
	// stdin; nil when there is none.
	OpenTTY func() (io.ReadCloser, error)
}

// System is the process's own IO.
func System() *IO {
	return &IO{
		In: os.Stdin, Out: os.Stdout, Err: os.Stderr,
		InTerminal:  term.IsTerminal(int(os.Stdin.Fd())),
		OutTerminal: term.IsTerminal(int(os.Stdout.Fd())),
		ErrTerminal: term.IsTerminal(int(os.Stderr.Fd())),
		Getenv:      os.Getenv,
		OpenTTY:     func() (io.ReadCloser, error) { return os.Open("/dev/tty") },
	}
}
