package termsafe

import (
	"io"
	"sync"
)

// Writer is an [io.Writer] that writes the safe form of everything
// written to it, as [String] would, to another writer.
//
// # Notes
//
//   - A UTF-8 sequence or a CRLF split across two Write calls is held
//     back until the next Write, so it comes out intact; call Flush when
//     the stream ends to write what is held.
//   - Each Write makes at most one Write to the underlying writer, so
//     lines are not torn any more than the guest tore them.
//   - After the underlying writer fails, every later Write and Flush
//     returns the same error.
//   - A Writer is safe for concurrent use.
type Writer struct {
	mu   sync.Mutex
	w    io.Writer
	held []byte // at most 3 bytes: an incomplete rune or a CR
	buf  []byte
	err  error
}

// NewWriter returns a Writer that writes the safe form of its input to w.
func NewWriter(w io.Writer) *Writer {
	return &Writer{w: w}
}

// Write writes the safe form of p and returns len(p) on success.
//
// # Notes
//
//   - On failure it returns 0 and the error: the rendering of p has no
//     byte-for-byte relation to p, so no partial count would be true.
func (w *Writer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.err != nil {
		return 0, w.err
	}
	src := p
	if len(w.held) > 0 {
		src = append(w.held, p...)
	}
	out, used := render(w.buf[:0], src, false)
	// Copy before held is overwritten: src may share its array.
	w.held = append(w.held[:0:0], src[used:]...)
	w.buf = out
	if err := w.emit(out); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Flush writes anything held back from earlier Writes, rendering an
// incomplete UTF-8 sequence as \xNN escapes and a trailing CR as \r.
func (w *Writer) Flush() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.err != nil {
		return w.err
	}
	if len(w.held) == 0 {
		return nil
	}
	out, _ := render(w.buf[:0], w.held, true)
	w.held = w.held[:0]
	w.buf = out
	return w.emit(out)
}

func (w *Writer) emit(out []byte) error {
	if len(out) == 0 {
		return nil
	}
	n, err := w.w.Write(out)
	if err == nil && n < len(out) {
		err = io.ErrShortWrite
	}
	w.err = err
	return err
}
