package session

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/pyplay/pyplay/sandbox"
	"github.com/pyplay/pyplay/session/history"
)

// Service is how every front end runs snippets: `pyplay run`, the
// playground and the tool server. It owns an engine, the run history and
// every goroutine it starts; Close ends them all.
//
// # Notes
//
//   - What a front end must tell its user (the history was unavailable, a
//     damaged one was replaced, a run was not recorded) comes back as Notes,
//     data to word as the front end sees fit, never printed here.
//   - A run is recorded before its Wait returns, so a caller that read a
//     run's result can list it in the history at once.
type Service struct {
	engine  *sandbox.Engine
	history *history.Store // nil: runs are not recorded
	origin  Origin         // what Start records as who asked

	// runs counts the goroutines that wait for runs and record them.
	runs sync.WaitGroup
	// stop cancels every run in flight: Close does not wait for a run
	// that would go on forever.
	stopCtx context.Context
	stop    context.CancelFunc

	mu     sync.Mutex
	lastID int
	closed bool
	// recoveryTold is the history's last recovery already handed to a run,
	// so that each is told once.
	recoveryTold string
	// recorded are the ids of the runs this service recorded, so that a
	// front end watching the shared history can tell its own runs from
	// other processes'.
	recorded map[int64]bool
}

// ErrClosed is returned by Start once Close was called.
var ErrClosed = errors.New("session: the run service is closed")

// Origin is who asked for a run, as the history records it.
type Origin struct {
	Source history.Source
	// Client is the MCP client's name for itself ("claude-code"); "" for
	// the other front ends.
	Client string
}

// Option configures a Service.
type Option func(*Service)

// RecordAs makes Start and Run record their runs as asked by o: each
// front end says which it is, so that a person can tell an agent's runs
// from their own. Without it the source is "".
func RecordAs(o Origin) Option {
	return func(s *Service) { s.origin = o }
}

// NewService returns a service running snippets on engine and recording
// them in store, which may be nil. It owns both: Close closes them.
func NewService(engine *sandbox.Engine, store *history.Store, opts ...Option) *Service {
	ctx, cancel := context.WithCancel(context.Background())
	s := &Service{engine: engine, history: store, stopCtx: ctx, stop: cancel}
	for _, o := range opts {
		o(s)
	}
	return s
}

// Engine is the service's engine, for its stage and readiness.
func (s *Service) Engine() *sandbox.Engine { return s.engine }

// History is the service's run history, or nil when runs are not recorded.
func (s *Service) History() *history.Store { return s.history }

// Start runs req in a new instance and returns at once with the run going.
// It waits for the engine to be ready, so call it off a UI goroutine. When
// req.Stdout or req.Stderr is nil, that stream is collected for LiveRun.Drain.
// The run is recorded with the service's Origin (RecordAs).
func (s *Service) Start(ctx context.Context, req sandbox.Request) (*LiveRun, error) {
	return s.StartFrom(ctx, s.origin, req)
}

// StartFrom is Start for a run asked for by origin: a server shared by
// several clients records each run with the client's name.
func (s *Service) StartFrom(ctx context.Context, origin Origin, req sandbox.Request) (*LiveRun, error) {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil, ErrClosed
	}
	s.lastID++
	live := &LiveRun{ID: s.lastID, finished: make(chan struct{})}
	s.runs.Add(1) // under mu: Close cannot be waiting yet
	s.mu.Unlock()

	if req.Stdout == nil {
		req.Stdout = live.collector(Stdout)
	}
	if req.Stderr == nil {
		req.Stderr = live.collector(Stderr)
	}
	live.Request = req
	// Close stops the run as the caller's cancel does.
	runCtx, cancel := context.WithCancel(ctx)
	stop := context.AfterFunc(s.stopCtx, cancel)
	started := time.Now()
	run, err := s.engine.Start(runCtx, req)
	if err != nil {
		stop()
		cancel()
		s.runs.Done()
		return nil, err
	}
	live.run = run
	go func() {
		defer s.runs.Done()
		defer close(live.finished)
		defer cancel()
		defer stop()
		live.finish(s.record(origin, req, run.Wait(), run.Err(), started))
	}()
	return live, nil
}

// Run runs req to its end and records it. An error says the run could not
// start, or failed on the host's side; it is never the snippet's failure,
// which is in the Finished result.
func (s *Service) Run(ctx context.Context, req sandbox.Request) (Finished, error) {
	live, err := s.Start(ctx, req)
	if err != nil {
		return Finished{}, err
	}
	done := live.Wait()
	return done, done.Err
}

// record keeps a finished run in the history.
func (s *Service) record(origin Origin, req sandbox.Request, res sandbox.Result, hostErr error, started time.Time) Finished {
	done := Finished{Request: req, Result: res}
	if hostErr != nil { // nothing ran: nothing to keep
		done.Err = fmt.Errorf("session: %w", hostErr)
		return done
	}
	if s.history == nil {
		return done
	}
	rec := history.NewRecord(req, res, started, s.engine.PythonWasm().SHA256)
	rec.Source, rec.Client = origin.Source, origin.Client
	id, err := s.history.Add(context.Background(), rec)
	if err != nil {
		done.Notes = append(done.Notes, Note{Kind: NoteNotRecorded, Text: "not recorded in the history: " + err.Error()})
	}
	done.RecordID = id
	if err == nil {
		s.mu.Lock()
		if s.recorded == nil {
			s.recorded = map[int64]bool{}
		}
		s.recorded[id] = true
		s.mu.Unlock()
	}
	if msg := s.newRecovery(); msg != "" {
		done.Notes = append(done.Notes, Note{Kind: NoteHistoryReplaced, Text: msg})
	}
	return done
}

// Recorded reports whether this service recorded the run with id: a run a
// watcher of the shared history finds that is not Recorded came from
// another process. It holds for a run as soon as it is in the history,
// also one that was replaced or canceled before its front end heard of it.
func (s *Service) Recorded(id int64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.recorded[id]
}

// newRecovery is the history's recovery message if no run has told it yet.
func (s *Service) newRecovery() string {
	msg := s.history.LastRecovery()
	s.mu.Lock()
	defer s.mu.Unlock()
	if msg == s.recoveryTold {
		return ""
	}
	s.recoveryTold = msg
	return msg
}

// Close stops the runs in flight, waits until they are recorded, then closes
// the engine and the history. Calling it again does nothing.
func (s *Service) Close(ctx context.Context) error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	s.mu.Unlock()
	s.stop()
	s.runs.Wait()
	err := s.engine.Close(ctx)
	if s.history != nil {
		err = errors.Join(err, s.history.Close())
	}
	return err
}
