package session_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/pyplay/pyplay/sandbox"
	"github.com/pyplay/pyplay/sandbox/sandboxtest"
	"github.com/pyplay/pyplay/session"
	"github.com/pyplay/pyplay/session/history"
)

// newService is a service on an engine of the test's own, closed with the
// test.
func newService(t *testing.T, store *history.Store) *session.Service {
	t.Helper()
	svc := session.NewService(sandboxtest.NewEngine(t, sandbox.NewConfig()), store)
	t.Cleanup(func() { _ = svc.Close(context.Background()) })
	return svc
}

func openStore(t *testing.T, path string) *history.Store {
	t.Helper()
	store, err := history.Open(path, 0)
	if err != nil {
		t.Fatal(err)
	}
	return store
}

// TestServiceRunRecordsBeforeItReturns: Run's result names the record, and
// the record is there to read.
func TestServiceRunRecordsBeforeItReturns(t *testing.T) {
	svc := newService(t, openStore(t, filepath.Join(t.TempDir(), "history.db")))
	var out bytes.Buffer
	done, err := svc.Run(context.Background(), sandbox.Request{Code: "print('kept')", Limits: sandbox.DefaultLimits(), Stdout: &out})
	if err != nil || done.Result.Outcome != sandbox.OutcomeOK || out.String() != "kept\n" || done.RecordID != 1 || len(done.Notes) != 0 {
		t.Fatalf("run: %v, outcome %s, stdout %q, record %d, notes %v", err, done.Result.Outcome, out.String(), done.RecordID, done.Notes)
	}
	rec, err := svc.History().Get(context.Background(), done.RecordID)
	if err != nil || string(rec.Result.Stdout) != "kept\n" {
		t.Errorf("record %d: %v, stdout %q", done.RecordID, err, rec.Result.Stdout)
	}
}

// TestServiceCollectsWhatNobodyTakes: a run with no writers is collected
// for Drain, in the order it was written.
func TestServiceCollectsWhatNobodyTakes(t *testing.T) {
	svc := newService(t, nil)
	live, err := svc.Start(context.Background(), sandbox.Request{Code: "import sys\nprint('a')\nprint('b', file=sys.stderr)\nprint('c')", Limits: sandbox.DefaultLimits()})
	if err != nil {
		t.Fatal(err)
	}
	done := live.Wait()
	chunks := live.Drain()
	var got []string
	for _, c := range chunks {
		got = append(got, string(c.Data))
	}
	if done.RecordID != 0 || strings.Join(got, "|") != "a\n|b\n|c\n" || chunks[1].Stream != session.Stderr {
		t.Errorf("record %d, chunks %q", done.RecordID, got)
	}
}

// TestServiceCloseEndsItsRuns: Close stops a run that would go on forever,
// records it, and refuses new runs.
func TestServiceCloseEndsItsRuns(t *testing.T) {
	engine := sandboxtest.NewEngine(t, sandbox.NewConfig())
	svc := session.NewService(engine, openStore(t, filepath.Join(t.TempDir(), "history.db")))
	looping := make(chan struct{})
	var once sync.Once
	signal := writerFunc(func(p []byte) (int, error) { once.Do(func() { close(looping) }); return len(p), nil })
	live, err := svc.Start(context.Background(), sandbox.Request{Code: "print('looping', flush=True)\nwhile True: pass", Stdout: signal})
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-looping:
	case <-live.Done():
		t.Fatalf("ended before its loop: %+v", live.Wait())
	}
	if err := svc.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	select {
	case <-live.Done():
	default:
		t.Fatal("Close returned with a run going")
	}
	if done := live.Wait(); done.Result.Outcome != sandbox.OutcomeCanceled || done.RecordID == 0 {
		t.Errorf("outcome %s, record %d: want canceled and recorded", done.Result.Outcome, done.RecordID)
	}
	if _, err := svc.Start(context.Background(), sandbox.Request{Code: "print(1)"}); !errors.Is(err, session.ErrClosed) {
		t.Errorf("Start after Close: %v, want ErrClosed", err)
	}
	if err := svc.Close(context.Background()); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

// TestServiceTellsOfAReplacedHistory: when recording a run finds the
// history damaged and starts a new one, the service says so once.
func TestServiceTellsOfAReplacedHistory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history.db")
	svc := newService(t, openStore(t, path))
	run := func(svc *session.Service) session.Finished {
		t.Helper()
		done, err := svc.Run(context.Background(), sandbox.Request{Code: "print('x' * 3000)", Limits: sandbox.DefaultLimits(), Deterministic: true})
		if err != nil {
			t.Fatal(err)
		}
		return done
	}
	for range 5 { // past the first page, so that damage there is found late
		run(svc)
	}
	svc.History().Close()
	b, err := os.ReadFile(path)
	if err != nil || len(b) <= 4096 {
		t.Fatalf("history of %d bytes, %v", len(b), err)
	}
	if err := os.WriteFile(path, append(b[:4096], bytes.Repeat([]byte("A"), len(b)-4096)...), 0o644); err != nil {
		t.Fatal(err)
	}

	svc = newService(t, openStore(t, path))
	first := run(svc)
	if first.RecordID == 0 || len(first.Notes) != 1 || first.Notes[0].Kind != session.NoteHistoryReplaced || !strings.Contains(first.Notes[0].Text, "damaged") {
		t.Fatalf("run on a damaged history: recorded %d; notes %v", first.RecordID, first.Notes)
	}
	if notes := run(svc).Notes; len(notes) != 0 {
		t.Errorf("the second run repeats the news: %v", notes)
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }
