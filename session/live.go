package session

import (
	"context"
	"sync"
	"time"

	"github.com/pyplay/pyplay/internal/snippet"
	"github.com/pyplay/pyplay/sandbox"
	"github.com/pyplay/pyplay/session/history"
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

// LiveRun is a run a UI watches: its output is collected as it is written and
// handed over in batches by Drain, so a snippet printing in a tight loop
// costs the UI one update per frame, not one per write.
type LiveRun struct {
	// ID numbers runs within a process, so a UI can drop the late messages
	// of a run it has already replaced.
	ID int
	// Request is what was run, Markdown fences already stripped.
	Request sandbox.Request

	run      *sandbox.Run
	finished chan struct{} // closed once the run ended and was recorded
	result   sandbox.Result
	recordID int64 // 0 when not recorded
	recErr   error
	recovery string // the history's news of a damaged database it replaced

	mu      sync.Mutex
	pending []Chunk
}

// Playground starts the runs of an interactive session and records them.
type Playground struct {
	engine  *sandbox.Engine
	history *history.Store // nil: runs are not recorded

	mu     sync.Mutex
	lastID int
	// recoveryTold is the history's last recovery message already handed
	// to a run, so that each is told once.
	recoveryTold string
}

// NewPlayground returns a playground running snippets on engine and
// recording them in store, which may be nil.
func NewPlayground(engine *sandbox.Engine, store *history.Store) *Playground {
	return &Playground{engine: engine, history: store}
}

// History is the playground's run history, or nil.
func (p *Playground) History() *history.Store { return p.history }

// Engine is the playground's engine.
func (p *Playground) Engine() *sandbox.Engine { return p.engine }

// Start runs code with stdin under limits. It waits for the engine to be
// ready, so call it off the UI goroutine.
func (p *Playground) Start(ctx context.Context, code string, stdin []byte, limits sandbox.Limits, deterministic bool) (*LiveRun, error) {
	p.mu.Lock()
	p.lastID++
	id := p.lastID
	p.mu.Unlock()

	live := &LiveRun{ID: id, finished: make(chan struct{})}
	live.Request = sandbox.Request{
		Code:          code,
		Stdin:         stdin,
		Limits:        limits,
		Deterministic: deterministic,
		Stdout:        live.collector(Stdout),
		Stderr:        live.collector(Stderr),
	}
	started := time.Now()
	run, err := p.engine.Start(ctx, live.Request)
	if err != nil {
		return nil, err
	}
	live.run = run
	go func() {
		defer close(live.finished)
		live.result = run.Wait()
		if p.history != nil {
			rec := history.NewRecord(live.Request, live.result, started, p.engine.PythonWasm().SHA256)
			live.recordID, live.recErr = p.history.Add(context.Background(), rec)
			live.recovery = p.newRecovery()
		}
	}()
	return live, nil
}

// Drain returns the output written since the last Drain.
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

// Wait blocks until the run finishes and is recorded.
func (l *LiveRun) Wait() sandbox.Result {
	<-l.finished
	return l.result
}

// Recorded is the history id of the finished run, or the reason it was not
// recorded; (0, nil) when the playground keeps no history.
func (l *LiveRun) Recorded() (int64, error) {
	<-l.finished
	return l.recordID, l.recErr
}

// HistoryNews is what the history had to do to record the run, in one
// line ("… was damaged; moved it to … and started a new history"), or "".
func (l *LiveRun) HistoryNews() string {
	<-l.finished
	return l.recovery
}

// newRecovery is the history's recovery message if no run has told it yet.
func (p *Playground) newRecovery() string {
	msg := p.history.LastRecovery()
	p.mu.Lock()
	defer p.mu.Unlock()
	if msg == p.recoveryTold {
		return ""
	}
	p.recoveryTold = msg
	return msg
}

// Cancel stops the run.
func (l *LiveRun) Cancel() { l.run.Cancel() }

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

// ExtractCode is the code to run from what a user loaded or pasted: the
// Python blocks of a Markdown answer, or the text as it is.
func ExtractCode(name, text string) (code string, note string) {
	s := snippet.Extract(name, []byte(text))
	return s.Code, s.Describe(name)
}
