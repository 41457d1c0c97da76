package cli

import (
	"bytes"
	"encoding/json"
	"io"
	"sync"

	"github.com/pyplay/pyplay/internal/termsafe"
)

// guestOutput is where a headless run's output goes: streamed to the
// process's stdout and stderr (made safe on a terminal) or, for --json,
// into the one object printed at the end.
type guestOutput struct {
	io     *IO
	asJSON bool
	out    *stickyWriter
	// safeOut and safeErr sanitize guest output bound for a terminal; nil
	// on a pipe, which gets the bytes exactly as written.
	safeOut, safeErr *termsafe.Writer
	tail             lineTracker
}

func newGuestOutput(stdio *IO, asJSON bool) *guestOutput {
	g := &guestOutput{io: stdio, asJSON: asJSON, out: &stickyWriter{w: stdio.Out}}
	if !asJSON && stdio.OutTerminal {
		g.safeOut = termsafe.NewWriter(g.out)
	}
	if !asJSON && stdio.ErrTerminal {
		g.safeErr = termsafe.NewWriter(stdio.Err)
	}
	return g
}

// stdout is the guest's stdout. With --json nothing streams: the result
// holds the output.
func (g *guestOutput) stdout() io.Writer {
	if g.asJSON {
		return io.Discard
	}
	if g.safeOut != nil {
		return g.tail.track(g.safeOut)
	}
	return g.tail.track(g.out)
}

func (g *guestOutput) stderr() io.Writer {
	if g.asJSON {
		return io.Discard
	}
	if g.safeErr != nil {
		return g.tail.track(g.safeErr)
	}
	return g.tail.track(g.io.Err)
}

// flush writes what the terminal writers hold back (a partial escape).
func (g *guestOutput) flush() {
	for _, w := range []*termsafe.Writer{g.safeOut, g.safeErr} {
		if w != nil {
			_ = w.Flush()
		}
	}
}

// json prints v as one line of JSON; to a terminal, with what it would
// act on escaped (termsafe.JSON).
func (g *guestOutput) json(v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	out := buf.Bytes()
	if g.io.OutTerminal {
		out = termsafe.JSON(out)
	}
	_, _ = g.out.Write(out)
}

// err is the first error writing stdout.
func (g *guestOutput) err() error {
	g.out.mu.Lock()
	defer g.out.mu.Unlock()
	return g.out.err
}

// lineOpen reports whether the guest's last byte, on either stream, left a
// line unfinished.
func (g *guestOutput) lineOpen() bool { return g.tail.open() }

// stickyWriter passes writes on until one fails, then drops the rest and
// keeps that first error.
type stickyWriter struct {
	w   io.Writer
	mu  sync.Mutex
	err error
}

func (s *stickyWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return 0, s.err
	}
	n, err := s.w.Write(p)
	s.err = err
	return n, err
}

// lineTracker remembers whether the guest's last byte, on either stream,
// ended a line.
type lineTracker struct {
	mu   sync.Mutex
	last byte
}

func (t *lineTracker) track(w io.Writer) io.Writer {
	return writerFunc(func(p []byte) (int, error) {
		if len(p) > 0 {
			t.mu.Lock()
			t.last = p[len(p)-1]
			t.mu.Unlock()
		}
		return w.Write(p)
	})
}

func (t *lineTracker) open() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.last != 0 && t.last != '\n'
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }
