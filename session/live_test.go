package session_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pyplay/pyplay/sandbox"
	"github.com/pyplay/pyplay/sandbox/sandboxtest"
	"github.com/pyplay/pyplay/session"
	"github.com/pyplay/pyplay/session/history"
)

// TestLiveRunTellsOfARecoveredHistory: when recording a run finds the
// history damaged and starts a new one, the playground hears of it once.
func TestLiveRunTellsOfARecoveredHistory(t *testing.T) {
	engine := sandboxtest.Engine(t)
	path := filepath.Join(t.TempDir(), "history.db")
	store, err := history.Open(path, 0)
	if err != nil {
		t.Fatal(err)
	}
	run := func(p *session.Playground) *session.LiveRun {
		t.Helper()
		live, err := p.Start(context.Background(), "print('x' * 3000)", nil, sandbox.DefaultLimits(), true)
		if err != nil {
			t.Fatal(err)
		}
		live.Wait()
		return live
	}
	for range 5 { // past the first page, so that damage there is found late
		run(session.NewPlayground(engine, store))
	}
	store.Close()
	b, err := os.ReadFile(path)
	if err != nil || len(b) <= 4096 {
		t.Fatalf("history of %d bytes, %v", len(b), err)
	}
	if err := os.WriteFile(path, append(b[:4096], bytes.Repeat([]byte("A"), len(b)-4096)...), 0o644); err != nil {
		t.Fatal(err)
	}

	store, err = history.Open(path, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	p := session.NewPlayground(engine, store)
	first := run(p)
	if id, err := first.Recorded(); err != nil || id == 0 || !strings.Contains(first.HistoryNews(), "damaged") {
		t.Fatalf("run on a damaged history: recorded %d, %v; news %q", id, err, first.HistoryNews())
	}
	if news := run(p).HistoryNews(); news != "" {
		t.Errorf("the second run repeats the news: %q", news)
	}
}
