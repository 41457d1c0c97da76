package session

import (
	"sync"

	"github.com/pyplay/pyplay/internal/snippet"
	"github.com/pyplay/pyplay/sandbox"
)

// Stream names which of the guest's outputs a Chunk came from.
type Stream int

const (
	Stdout Stream = iota
	Stderr
)

// Chunk is a piece of guest output, in the order it was written.
type Chunk struct {
	Stream Stream
	Data   []byte
}

// Finished is a run at its end, as the service recorded it.
type Finished struct {
	// Request is what was run, Markdown fences already stripped.
	Request sandbox.Request
	Result  sandbox.Result
	// RecordID is the run's id in the history; 0 when it was not recorded.
	RecordID int64
	// Notes are what the user should be told: the run was not recorded,
	// the history was found damaged and replaced.
	Notes []Note
	// Err is a failure on the host's side: nothing ran, and Result says
	// nothing of the snippet.
	Err error
}

// LiveRun is a run a front end watches: the output it did not route
// elsewhere is collected as it is written and handed over in batches by
// Drain, so a snippet printing in a tight loop costs a UI one update per
// frame, not one per write.
type LiveRun struct {
	// ID numbers runs within a service, so a UI can drop the late messages
	// of a run it has already replaced.
	ID int
	// Request is what was run.
	Request sandbox.Request

	run      *sandbox.Run
	finished chan struct{} // closed once the run ended and was recorded
	done     Finished

	mu      sync.Mutex
	pending []Chunk
}

// Drain returns the output collected since the last Drain.
func (l *LiveRun) Drain() []Chunk {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := l.pending
	l.pending = nil
	return out
}

// Stats is the run's live figures.
func (l *LiveRun) Stats() sandbox.Stats { return l.run.Stats() }

// Done is closed when the run has finished and was recorded.
func (l *LiveRun) Done() <-chan struct{} { return l.finished }

// Wait blocks until the run has finished and was recorded.
func (l *LiveRun) Wait() Finished {
	<-l.finished
	return l.done
}

// Cancel stops the run; its outcome is sandbox.OutcomeCanceled unless it
// had already finished.
func (l *LiveRun) Cancel() { l.run.Cancel() }

func (l *LiveRun) finish(done Finished) { l.done = done }

func (l *LiveRun) collector(s Stream) writerFunc {
	return func(p []byte) (int, error) {
		l.mu.Lock()
		defer l.mu.Unlock()
		if n := len(l.pending); n > 0 && l.pending[n-1].Stream == s {
			l.pending[n-1].Data = append(l.pending[n-1].Data, p...)
		} else {
			l.pending = append(l.pending, Chunk{Stream: s, Data: append([]byte(nil), p...)})
		}
		return len(p), nil
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

// ExtractCode is the code to run from what a user loaded or pasted: the
// Python blocks of a Markdown answer, or the text as it is. The note says
// which blocks are being run ("answer.md is Markdown: running 1 of 2
// fenced blocks (python, lines 7-8)"), or is nil when the text was plain
// code.
func ExtractCode(name, text string) (code string, note *Note) {
	s := snippet.Extract(name, []byte(text))
	if d := s.Describe(name); d != "" {
		note = &Note{Kind: NoteMarkdown, Text: d}
	}
	return s.Code, note
}

// ExtractCodeToEdit is ExtractCode for an editor, which loads the code and
// runs nothing yet: its note says which blocks were kept ("answer.md is
// Markdown: kept 1 of 2 fenced blocks (python, lines 7-8)").
func ExtractCodeToEdit(name, text string) (code string, note *Note) {
	s := snippet.Extract(name, []byte(text))
	if d := s.DescribeKept(name); d != "" {
		note = &Note{Kind: NoteMarkdown, Text: d}
	}
	return s.Code, note
}
