package history

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pyplay/pyplay/sandbox"
)

func record(i int) Record {
	return Record{
		StartedAt: time.UnixMilli(1_700_000_000_000 + int64(i)),
		Code:      fmt.Sprintf("print(%d)", i),
		Stdin:     []byte("in"),
		Limits:    sandbox.DefaultLimits(),
		Result: sandbox.Result{
			Outcome: sandbox.OutcomeOK, Stdout: []byte(fmt.Sprintf("%d\n", i)), FuelUsed: uint64(1000 + i),
			FuelLimit: sandbox.DefaultFuel, MemoryPeak: 10 << 20, MemoryLimit: 128 << 20, Wall: 250 * time.Millisecond,
		},
		PythonSHA256: sandbox.PythonWasmSHA256,
	}
}

func TestAddGetListPrevious(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "h.db"), 0)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	var ids []int64
	for i := range 3 {
		r := record(i)
		if i == 2 {
			r.Code = "print(0)" // same code as run 0
			r.Result.Outcome, r.Result.ExitCode = sandbox.OutcomeError, 1
		}
		id, err := s.Add(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	got, err := s.Get(ctx, ids[1])
	if err != nil {
		t.Fatal(err)
	}
	want := record(1)
	want.ID = ids[1]
	if fmt.Sprintf("%+v", got) != fmt.Sprintf("%+v", want) {
		t.Errorf("round trip:\n got %+v\nwant %+v", got, want)
	}
	if _, err := s.Get(ctx, 999); err == nil || !strings.Contains(err.Error(), "no such run") {
		t.Errorf("unknown id: %v", err)
	}
	tests := []struct {
		filter Filter
		ids    []int64
	}{
		{Filter{}, []int64{ids[2], ids[1], ids[0]}},
		{Filter{Limit: 2}, []int64{ids[2], ids[1]}},
		{Filter{Outcome: sandbox.OutcomeError}, []int64{ids[2]}},
		{Filter{Text: "print(1"}, []int64{ids[1]}},
	}
	for _, tt := range tests {
		recs, err := s.List(ctx, tt.filter)
		if err != nil {
			t.Fatal(err)
		}
		var gotIDs []int64
		for _, r := range recs {
			gotIDs = append(gotIDs, r.ID)
		}
		if fmt.Sprint(gotIDs) != fmt.Sprint(tt.ids) {
			t.Errorf("List(%+v) = %v, want %v", tt.filter, gotIDs, tt.ids)
		}
	}
	last, _ := s.Get(ctx, ids[2])
	if prev, err := s.Previous(ctx, last); err != nil || prev.ID != ids[0] {
		t.Errorf("Previous = %d, %v; want run %d with the same code", prev.ID, err, ids[0])
	}
}

func TestPruneKeepsTheNewest(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "h.db"), 5)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for i := range 12 {
		if _, err := s.Add(context.Background(), record(i)); err != nil {
			t.Fatal(err)
		}
	}
	recs, _ := s.List(context.Background(), Filter{Limit: 100})
	if len(recs) != 5 || recs[0].Code != "print(11)" || recs[4].Code != "print(7)" {
		t.Errorf("kept %d runs, newest %q oldest %q", len(recs), recs[0].Code, recs[len(recs)-1].Code)
	}
}

func TestCorruptDatabaseIsMovedAside(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "h.db")
	garbage := strings.Repeat("this is not a sqlite database ", 200)
	if err := os.WriteFile(path, []byte(garbage), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := Open(path, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if !strings.Contains(s.Recovered, "moved it to") || strings.Contains(s.Recovered, "\n") {
		t.Errorf("Recovered = %q: want one line saying where the old file went", s.Recovered)
	}
	aside, _ := filepath.Glob(path + ".corrupt-*")
	if len(aside) != 1 {
		t.Fatalf("files moved aside: %v", aside)
	}
	if b, _ := os.ReadFile(aside[0]); string(b) != garbage {
		t.Error("the corrupt file was not kept as it was")
	}
	if _, err := s.Add(context.Background(), record(1)); err != nil {
		t.Errorf("the new history does not work: %v", err)
	}
}

func TestMigrationFromAnOlderSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "h.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	// A version-0 database: an empty file someone created.
	if _, err := db.Exec("CREATE TABLE unrelated (x)"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	s, err := Open(path, 0)
	if err != nil {
		t.Fatal(err)
	}
	var version int
	if err := s.db.QueryRow("PRAGMA user_version").Scan(&version); err != nil || version != len(migrations) {
		t.Errorf("schema version %d, %v; want %d", version, err, len(migrations))
	}
	s.Close()

	// A schema newer than this build is refused with a clear message.
	db, _ = sql.Open("sqlite", path)
	_, _ = db.Exec("PRAGMA user_version = 99")
	db.Close()
	if _, err := Open(path, 0); err == nil || !strings.Contains(err.Error(), "upgrade pyplay") {
		t.Errorf("newer schema: %v", err)
	}
}

// TestConcurrentWritersFromTwoProcesses starts this test binary twice as
// writers on one database, as two pyplay processes would be.
func TestConcurrentWritersFromTwoProcesses(t *testing.T) {
	if path := os.Getenv("PYPLAY_HISTORY_WRITER"); path != "" {
		writer(t, path)
		return
	}
	path := filepath.Join(t.TempDir(), "h.db")
	const perProcess = 40
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cmd := exec.Command(os.Args[0], "-test.run=^TestConcurrentWritersFromTwoProcesses$", "-test.count=1")
			cmd.Env = append(os.Environ(), "PYPLAY_HISTORY_WRITER="+path, "PYPLAY_HISTORY_N="+strconv.Itoa(perProcess))
			if out, err := cmd.CombinedOutput(); err != nil {
				errs[i] = fmt.Errorf("%v: %s", err, out)
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	s, err := Open(path, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	recs, err := s.List(context.Background(), Filter{Limit: 1000})
	if err != nil || len(recs) != 2*perProcess {
		t.Errorf("%d runs recorded, %v; want %d", len(recs), err, 2*perProcess)
	}
}

func writer(t *testing.T, path string) {
	n, _ := strconv.Atoi(os.Getenv("PYPLAY_HISTORY_N"))
	s, err := Open(path, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for i := range n {
		if _, err := s.Add(context.Background(), record(i)); err != nil {
			t.Fatal(err)
		}
	}
}

func TestDefaultPath(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", "/state")
	if p, err := DefaultPath(); err != nil || p != "/state/pyplay/history.db" {
		t.Errorf("DefaultPath() = %q, %v", p, err)
	}
	t.Setenv("XDG_STATE_HOME", "")
	t.Setenv("HOME", "/home/u")
	if p, err := DefaultPath(); err != nil || p != "/home/u/.local/state/pyplay/history.db" {
		t.Errorf("DefaultPath() = %q, %v", p, err)
	}
}
