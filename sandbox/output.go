package sandbox

import (
	"fmt"
	"io"
	"sync"
)

// cappedStream keeps up to limit bytes of one guest stream and forwards them,
// as they are written, to an optional live writer. Past the limit, output is
// dropped and a marker is added once, so an endless print loop costs the host
// nothing but time.
type cappedStream struct {
	name  string
	limit int64 // 0 keeps everything
	live  io.Writer

	mu        sync.Mutex
	buf       []byte
	truncated bool
}

func newCappedStream(name string, limit int64, live io.Writer) *cappedStream {
	return &cappedStream{name: name, limit: limit, live: live}
}

// Write implements io.Writer. It never fails: the guest must not learn that its
// output is being dropped, or it could behave differently under the cap.
func (s *cappedStream) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.truncated {
		return len(p), nil
	}
	kept := p
	if s.limit > 0 {
		if room := s.limit - int64(len(s.buf)); int64(len(p)) > room {
			kept = p[:room]
			s.truncated = true
		}
	}
	s.buf = append(s.buf, kept...)
	s.forward(kept)
	if s.truncated {
		marker := []byte(fmt.Sprintf("\n[pyplay: %s truncated at %d bytes; the rest was dropped]\n", s.name, s.limit))
		s.buf = append(s.buf, marker...)
		s.forward(marker)
	}
	return len(p), nil
}

// forward passes bytes to the live writer; its errors are its own business and
// must not stop the run.
func (s *cappedStream) forward(p []byte) {
	if s.live != nil && len(p) > 0 {
		_, _ = s.live.Write(p)
	}
}

// result returns the kept bytes and whether anything was dropped.
func (s *cappedStream) result() ([]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf, s.truncated
}
