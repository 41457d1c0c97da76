package session_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/pyplay/pyplay/sandbox"
	"github.com/pyplay/pyplay/sandbox/sandboxtest"
	"github.com/pyplay/pyplay/session"
	"github.com/pyplay/pyplay/session/history"
)

// TestRunsAreRecordedWithTheirOrigin: Start records the service's origin,
// StartFrom the one it is given, so that a server shared by several MCP
// clients names each.
func TestRunsAreRecordedWithTheirOrigin(t *testing.T) {
	store := openStore(t, filepath.Join(t.TempDir(), "history.db"))
	svc := session.NewService(sandboxtest.NewEngine(t, sandbox.NewConfig()), store, session.RecordAs(session.Origin{Source: history.SourceCLI}))
	t.Cleanup(func() { _ = svc.Close(context.Background()) })
	req := sandbox.Request{Code: "print(1)", Limits: sandbox.DefaultLimits(), Deterministic: true}
	ctx := context.Background()
	if _, err := svc.Run(ctx, req); err != nil {
		t.Fatal(err)
	}
	live, err := svc.StartFrom(ctx, session.Origin{Source: history.SourceMCP, Client: "inspector"}, req)
	if err != nil {
		t.Fatal(err)
	}
	done := live.Wait()
	tests := []struct {
		id     int64
		source history.Source
		client string
	}{{1, history.SourceCLI, ""}, {done.RecordID, history.SourceMCP, "inspector"}}
	for _, tt := range tests {
		rec, err := store.Get(ctx, tt.id)
		if err != nil || rec.Source != tt.source || rec.Client != tt.client {
			t.Errorf("run %d: source %q client %q, %v; want %q %q", tt.id, rec.Source, rec.Client, err, tt.source, tt.client)
		}
		entry := session.NewHistoryEntry(rec)
		if entry.Source != string(tt.source) || entry.Client != tt.client {
			t.Errorf("run %d as JSON: source %q client %q", tt.id, entry.Source, entry.Client)
		}
	}
}
