package history

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSourceClientAndAfter(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "h.db"), 0)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	if id, err := s.Latest(ctx); err != nil || id != 0 {
		t.Fatalf("Latest of an empty history = %d, %v; want 0", id, err)
	}
	origins := []struct {
		source Source
		client string
	}{{SourceCLI, ""}, {SourceMCP, "claude-code"}, {SourcePlayground, ""}, {SourceMCP, "cursor"}}
	for i, o := range origins {
		r := record(i)
		r.Source, r.Client = o.source, o.client
		if _, err := s.Add(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.Get(ctx, 2)
	if err != nil || got.Source != SourceMCP || got.Client != "claude-code" {
		t.Errorf("Get(2): source %q client %q, %v; want mcp, claude-code", got.Source, got.Client, err)
	}
	if id, err := s.Latest(ctx); err != nil || id != 4 {
		t.Errorf("Latest = %d, %v; want 4", id, err)
	}
	tests := []struct {
		name   string
		filter Filter
		want   string // the ids listed, newest first
	}{
		{"all", Filter{}, "4 3 2 1"},
		{"mcp", Filter{Source: SourceMCP}, "4 2"},
		{"brief mcp", Filter{Source: SourceMCP, Brief: true}, "4 2"},
		{"cli", Filter{Source: SourceCLI}, "1"},
		{"after 2", Filter{After: 2}, "4 3"},
		{"mcp after 2", Filter{Source: SourceMCP, After: 2}, "4"},
		{"after the newest", Filter{After: 4}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs, err := s.List(ctx, tt.filter)
			if err != nil {
				t.Fatal(err)
			}
			if got := ids(recs); got != tt.want {
				t.Errorf("listed %q, want %q", got, tt.want)
			}
			for _, r := range recs {
				if r.Source != origins[r.ID-1].source || r.Client != origins[r.ID-1].client {
					t.Errorf("run %d: source %q client %q; want %q %q", r.ID, r.Source, r.Client, origins[r.ID-1].source, origins[r.ID-1].client)
				}
			}
		})
	}
}

func ids(recs []Record) string {
	var out []string
	for _, r := range recs {
		out = append(out, fmt.Sprint(r.ID))
	}
	return strings.Join(out, " ")
}

// version1 makes a history as pyplay wrote it before runs had a source:
// schema version 1 holding one run.
func version1(t *testing.T, path string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	v1Columns := strings.TrimSuffix(strings.TrimPrefix(columns, "id, "), ", source, client")
	for _, stmt := range []string{
		migrations[0],
		`INSERT INTO runs (` + v1Columns + `) VALUES (1700000000000, 'print(1)', x'', 10000000000, 134217728, 10000,
			1048576, 0, 'ok', 0, '', x'310a', x'', 0, 0, 1100000, 246000000, 12000000, 10485760, 134217728, 7, 'sha')`,
		`PRAGMA user_version = 1`,
	} {
		if _, err := db.Exec(stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
}

func TestMigrationToSourceKeepsOldRuns(t *testing.T) {
	path := filepath.Join(t.TempDir(), "h.db")
	version1(t, path)
	s, err := Open(path, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	old, err := s.Get(ctx, 1)
	if err != nil || old.Source != "" || old.Client != "" || string(old.Result.Stdout) != "1\n" {
		t.Fatalf("the old run: source %q client %q stdout %q, %v; want it whole, with no source", old.Source, old.Client, old.Result.Stdout, err)
	}
	r := record(2)
	r.Source, r.Client = SourceMCP, "inspector"
	if id, err := s.Add(ctx, r); err != nil || id != 2 {
		t.Fatalf("Add after the migration: %d, %v", id, err)
	}
	if recs, err := s.List(ctx, Filter{Source: SourceMCP}); err != nil || ids(recs) != "2" {
		t.Errorf("--source mcp lists %q, %v; want 2 only", ids(recs), err)
	}
}

// A history of version 1 that may not be written cannot be migrated; it
// still lists, its runs without a source (CI runs this as nobody).
func TestReadOnlyVersion1HistoryCanBeListed(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root writes read-only files and directories anyway")
	}
	dir := filepath.Join(t.TempDir(), "pyplay")
	path := filepath.Join(dir, "history.db")
	version1(t, path)
	if err := os.Chmod(path, 0o444); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	s, err := Open(path, 0)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer s.Close()
	ctx := context.Background()
	for _, f := range []Filter{{}, {Brief: true}} {
		recs, err := s.List(ctx, f)
		if err != nil || ids(recs) != "1" || recs[0].Source != "" {
			t.Errorf("List(%+v): %q, %v; want run 1 with no source", f, ids(recs), err)
		}
	}
	if recs, err := s.List(ctx, Filter{Source: SourceCLI}); err != nil || len(recs) != 0 {
		t.Errorf("List(cli): %q, %v; want none", ids(recs), err)
	}
	if id, err := s.Latest(ctx); err != nil || id != 1 {
		t.Errorf("Latest = %d, %v; want 1", id, err)
	}
}
