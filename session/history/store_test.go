package history

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
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
// runWriterProcesses runs two processes that each add perProcess runs to
// the history at path (see writer), and fails t if either fails.
func runWriterProcesses(t *testing.T, path string, perProcess int) {
	t.Helper()
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
}

func TestConcurrentWritersFromTwoProcesses(t *testing.T) {
	if path := os.Getenv("PYPLAY_HISTORY_WRITER"); path != "" {
		writer(t, path)
		return
	}
	path := filepath.Join(t.TempDir(), "h.db")
	const perProcess = 40
	runWriterProcesses(t, path, perProcess)
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

// damage makes a history of n runs at path, then keeps its first page (the
// header and schema, so it still opens) and overwrites the rest with 'A',
// as a disk or a copy gone wrong would. It returns the damaged bytes.
func damage(t *testing.T, path string, n int) []byte {
	t.Helper()
	s, err := Open(path, 0)
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		if _, err := s.Add(context.Background(), record(i)); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) <= 4096 {
		t.Fatalf("history of %d bytes: nothing past the first page to damage", len(b))
	}
	for i := 4096; i < len(b); i++ {
		b[i] = 'A'
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return b
}

// backups are the files moved aside from path, without their -wal/-shm.
func backups(t *testing.T, path string) []string {
	t.Helper()
	all, err := filepath.Glob(path + ".corrupt-*")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, name := range all {
		if !strings.HasSuffix(name, "-wal") && !strings.HasSuffix(name, "-shm") {
			out = append(out, name)
		}
	}
	return out
}

func TestDamagedPagesAreMovedAsideWhenFound(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		op   func(*Store) error
		// add: the operation is retried in the new history and succeeds.
		add bool
	}{
		{"add", func(s *Store) error { _, err := s.Add(ctx, record(7)); return err }, true},
		{"list", func(s *Store) error { _, err := s.List(ctx, Filter{}); return err }, false},
		{"get", func(s *Store) error { _, err := s.Get(ctx, 2); return err }, false},
		{"previous", func(s *Store) error { _, err := s.Previous(ctx, Record{ID: 3, Code: "print(0)"}); return err }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "history.db")
			want := damage(t, path, 3)
			// Opening reads only the intact first page: the damage is
			// found by the first operation that reaches it.
			s, err := Open(path, 0)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			err = tt.op(s)
			aside := backups(t, path)
			if len(aside) != 1 {
				t.Fatalf("%s: error %v; files moved aside: %v, want one", tt.name, err, aside)
			}
			if b, _ := os.ReadFile(aside[0]); string(b) != string(want) {
				t.Errorf("the damaged file was not kept as it was")
			}
			// Its -wal was empty: nothing but the file itself is kept.
			if all, _ := filepath.Glob(path + ".corrupt-*"); len(all) != 1 {
				t.Errorf("moved aside: %v, want only %s", all, aside[0])
			}
			if tt.add {
				if err != nil {
					t.Fatalf("Add on a damaged history: %v; want it recorded in a new one", err)
				}
				if msg := s.LastRecovery(); !strings.Contains(msg, aside[0]) || strings.Contains(msg, "\n") {
					t.Errorf("LastRecovery() = %q: want one line naming %s", msg, aside[0])
				}
			} else {
				msg := fmt.Sprint(err)
				for _, part := range []string{"damaged", aside[0], "started a new history"} {
					if !strings.Contains(msg, part) {
						t.Errorf("error %q does not say %q", msg, part)
					}
				}
				if strings.Contains(msg, "\n") {
					t.Errorf("error %q is more than one line", msg)
				}
			}
			// The new history works, and holds the added run only.
			if _, err := s.Add(ctx, record(8)); err != nil {
				t.Fatalf("Add after recovery: %v", err)
			}
			recs, err := s.List(ctx, Filter{})
			if err != nil {
				t.Fatal(err)
			}
			var codes []string
			for _, r := range recs {
				codes = append(codes, r.Code)
			}
			wantCodes := []string{"print(8)"}
			if tt.add {
				wantCodes = []string{"print(8)", "print(7)"}
			}
			if fmt.Sprint(codes) != fmt.Sprint(wantCodes) {
				t.Errorf("new history holds %v, want %v", codes, wantCodes)
			}
		})
	}
}

// TestOnlyCorruptionMovesAside: failures that happen to a healthy history
// (another process holding the write lock, a bad query, a read-only file)
// must leave it where it is, however their message reads.
func TestOnlyCorruptionMovesAside(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "history.db")
	s, err := Open(path, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Add(context.Background(), record(1)); err != nil {
		t.Fatal(err)
	}
	// A writer in the way: a plain connection that holds the write lock.
	other, err := sql.Open("sqlite", path+"?_pragma=busy_timeout(0)")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	conn, err := other.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(context.Background(), "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	// The deadline only bounds how long Add waits for the lock; it must
	// fail either way, since the lock is never released meanwhile.
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	_, lockedErr := s.Add(ctx, record(2))
	_, nestedErr := conn.ExecContext(context.Background(), "BEGIN IMMEDIATE") // already in one
	if _, err := conn.ExecContext(context.Background(), "ROLLBACK"); err != nil {
		t.Fatal(err)
	}
	conn.Close()

	notADB := filepath.Join(dir, "not-a-db")
	if err := os.WriteFile(notADB, []byte(strings.Repeat("x", 4096)), 0o644); err != nil {
		t.Fatal(err)
	}
	db, _ := sql.Open("sqlite", notADB)
	_, notADBErr := db.Exec("SELECT * FROM sqlite_schema")
	db.Close()
	// A directory, named as if damaged.
	misleading := filepath.Join(dir, "corrupt malformed not a database")
	if err := os.Mkdir(misleading, 0o755); err != nil {
		t.Fatal(err)
	}
	db, _ = sql.Open("sqlite", misleading)
	_, cantOpenErr := db.Exec("SELECT 1")
	db.Close()
	_, noTableErr := s.db.Exec("SELECT * FROM no_such_table")

	tests := []struct {
		name    string
		err     error
		corrupt bool
	}{
		{"locked by another writer", lockedErr, false},
		{"transaction within a transaction", nestedErr, false},
		{"no such table", noTableErr, false},
		{"cannot open", cantOpenErr, false},
		{"not a database", notADBErr, true},
		{"plain error saying malformed", fmt.Errorf("history: database disk image is malformed"), false},
	}
	for _, tt := range tests {
		if tt.err == nil {
			t.Errorf("%s: no error to classify", tt.name)
			continue
		}
		if got := corrupt(tt.err); got != tt.corrupt {
			t.Errorf("%s: corrupt(%q) = %v, want %v", tt.name, tt.err, got, tt.corrupt)
		}
	}
	if aside := backups(t, path); len(aside) != 0 {
		t.Errorf("a healthy history was moved aside: %v", aside)
	}
	if recs, err := s.List(context.Background(), Filter{}); err != nil || len(recs) != 1 {
		t.Errorf("after the failures: %d runs, %v; want the 1 recorded", len(recs), err)
	}
}

// TestDamageFoundByManyWritersAtOnce: goroutines of one Store and a second
// Store (standing for another process: it has its own connections and its
// own descriptor for the directory lock) all find the same damage. The
// file must be moved aside once, and every run must land in the one new
// history, none in a backup.
func TestDamageFoundByManyWritersAtOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history.db")
	damage(t, path, 3)
	var stores []*Store
	for range 2 {
		s, err := Open(path, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		stores = append(stores, s)
	}
	const perStore = 20
	var wg sync.WaitGroup
	errs := make(chan error, 2*perStore)
	for i, s := range stores {
		for j := range perStore {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := s.Add(context.Background(), record(i*perStore+j)); err != nil {
					errs <- err
				}
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if aside := backups(t, path); len(aside) != 1 {
		t.Errorf("files moved aside: %v, want one", aside)
	}
	for i, s := range stores {
		recs, err := s.List(context.Background(), Filter{Limit: 1000})
		if err != nil || len(recs) != 2*perStore {
			t.Errorf("store %d lists %d runs, %v; want %d", i, len(recs), err, 2*perStore)
		}
	}
}

// TestDamageFoundByTwoProcesses is the same with two real processes, whose
// only coordination is the directory lock.
func TestDamageFoundByTwoProcesses(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history.db")
	damage(t, path, 3)
	const perProcess = 30
	runWriterProcesses(t, path, perProcess)
	if aside := backups(t, path); len(aside) != 1 {
		t.Errorf("files moved aside: %v, want one", aside)
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

func TestMoveAsideNeverOverwrites(t *testing.T) {
	now := time.Date(2026, 11, 25, 22, 41, 8, 0, time.UTC)
	const stamp = ".corrupt-20261125T224108"
	tests := []struct {
		name     string
		existing []string // suffixes after path, already taken
		sidecars []string // of the damaged file
		want     string   // suffix after path it goes to
	}{
		{"first", nil, nil, stamp},
		{"same second", []string{stamp}, nil, stamp + "-2"},
		{"third in a second", []string{stamp, stamp + "-2"}, nil, stamp + "-3"},
		{"only a -wal left", []string{stamp + "-wal"}, []string{"-wal", "-shm"}, stamp + "-2"},
		{"with -wal and -shm", nil, []string{"-wal", "-shm"}, stamp},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "history.db")
			for _, suffix := range tt.existing {
				if err := os.WriteFile(path+suffix, []byte("kept "+suffix), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			for _, suffix := range append([]string{""}, tt.sidecars...) {
				if err := os.WriteFile(path+suffix, []byte("damaged"+suffix), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			aside, err := moveAside(path, now)
			if err != nil {
				t.Fatal(err)
			}
			if aside != path+tt.want {
				t.Errorf("moved to %s, want %s", aside, path+tt.want)
			}
			for _, suffix := range tt.existing {
				if b, _ := os.ReadFile(path + suffix); string(b) != "kept "+suffix {
					t.Errorf("%s was overwritten: %q", path+suffix, b)
				}
			}
			for _, suffix := range append([]string{""}, tt.sidecars...) {
				if b, _ := os.ReadFile(aside + suffix); string(b) != "damaged"+suffix {
					t.Errorf("%s holds %q, want the damaged file's %q", aside+suffix, b, "damaged"+suffix)
				}
				if _, err := os.Lstat(path + suffix); !os.IsNotExist(err) {
					t.Errorf("%s is still there: %v", path+suffix, err)
				}
			}
			if len(tt.sidecars) == 0 {
				for _, suffix := range []string{"-wal", "-shm"} {
					if _, err := os.Lstat(aside + suffix); !os.IsNotExist(err) {
						t.Errorf("an empty %s was left: %v", aside+suffix, err)
					}
				}
			}
		})
	}
}

// TestTwoCorruptionsKeepBothBackups: within one second (as fast as this
// runs) or not, the second backup must not replace the first.
func TestTwoCorruptionsKeepBothBackups(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history.db")
	var want []string
	for i := range 2 {
		garbage := strings.Repeat(fmt.Sprintf("damaged history %d ", i), 300)
		if err := os.WriteFile(path, []byte(garbage), 0o644); err != nil {
			t.Fatal(err)
		}
		want = append(want, garbage)
		s, err := Open(path, 0)
		if err != nil {
			t.Fatal(err)
		}
		s.Close()
	}
	aside := backups(t, path)
	if len(aside) != 2 {
		t.Fatalf("backups: %v, want two", aside)
	}
	var got []string
	for _, name := range aside {
		b, _ := os.ReadFile(name)
		got = append(got, string(b))
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Error("the backups do not hold both damaged files")
	}
}

func TestPathWithURICharacters(t *testing.T) {
	tests := []string{"st?ate", "a#b", "100%", "100%25", "with space", "all of ?#% &=;"}
	for _, name := range tests {
		t.Run(name, func(t *testing.T) {
			base := t.TempDir()
			path := filepath.Join(base, name, "history.db")
			s, err := Open(path, 0)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.Add(context.Background(), record(1)); err != nil {
				t.Fatal(err)
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			if fi, err := os.Stat(path); err != nil || fi.Size() == 0 {
				t.Fatalf("no history at %s: %v", path, err)
			}
			if ents, _ := os.ReadDir(base); len(ents) != 1 || ents[0].Name() != name {
				var names []string
				for _, e := range ents {
					names = append(names, e.Name())
				}
				t.Errorf("%s holds %q, want only %q", base, names, name)
			}
			s, err = Open(path, 0)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if recs, err := s.List(context.Background(), Filter{}); err != nil || len(recs) != 1 {
				t.Errorf("reopened: %d runs, %v; want 1", len(recs), err)
			}
		})
	}
}

func TestDSN(t *testing.T) {
	tests := []struct{ path, want string }{
		{"/tmp/x/st?ate/history.db", "file:///tmp/x/st%3Fate/history.db"},
		{"/a#b/100%/c d", "file:///a%23b/100%25/c%20d"},
		{"//srv/h.db", "file:////srv/h.db"}, // not a host called srv
		{"rel/h.db", "file:rel/h.db"},
	}
	for _, tt := range tests {
		if got := dsn(tt.path); got != tt.want {
			t.Errorf("dsn(%q) = %q, want %q", tt.path, got, tt.want)
		}
	}
}

func TestReadOnlyHistoryCanBeListed(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root writes read-only files and directories anyway")
	}
	tests := []struct {
		name    string
		dirMode os.FileMode
	}{
		{"read-only file in a read-only directory", 0o555},
		{"read-only file", 0o755},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "pyplay")
			path := filepath.Join(dir, "history.db")
			s, err := Open(path, 0)
			if err != nil {
				t.Fatal(err)
			}
			for i := range 3 {
				if _, err := s.Add(context.Background(), record(i)); err != nil {
					t.Fatal(err)
				}
			}
			s.Close()
			before, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(path, 0o444); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(dir, tt.dirMode); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { os.Chmod(dir, 0o755) })

			s, err = Open(path, 0)
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			defer s.Close()
			if recs, err := s.List(context.Background(), Filter{}); err != nil || len(recs) != 3 {
				t.Errorf("List: %d runs, %v; want 3", len(recs), err)
			}
			_, err = s.Add(context.Background(), record(4))
			if msg := fmt.Sprint(err); err == nil || !strings.Contains(msg, "read-only") || strings.Contains(msg, "\n") {
				t.Errorf("Add: %v; want one line saying the history is read-only", err)
			}
			if after, _ := os.ReadFile(path); string(after) != string(before) {
				t.Error("the read-only history changed")
			}
			if aside := backups(t, path); len(aside) != 0 {
				t.Errorf("moved aside: %v", aside)
			}
		})
	}
}

// TestAnotherStoreFollowsTheNewHistory: a Store (another process, say)
// still holding the damaged file after it was moved aside must neither
// write there nor, on Close, delete the new database's -wal: closing the
// last connection to a database deletes its -wal and -shm by name.
func TestAnotherStoreFollowsTheNewHistory(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		// second uses the Store that did not recover, before it is closed.
		second func(*Store) error
		want   []string
	}{
		{"adds", func(s *Store) error { _, err := s.Add(ctx, record(2)); return err }, []string{"print(2)", "print(1)"}},
		{"lists", func(s *Store) error {
			recs, err := s.List(ctx, Filter{})
			if err == nil && len(recs) != 1 {
				err = fmt.Errorf("lists %d runs, want the 1 in the new history", len(recs))
			}
			return err
		}, []string{"print(1)"}},
		{"only closes", func(*Store) error { return nil }, []string{"print(1)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "history.db")
			damage(t, path, 3)
			first, err := Open(path, 0)
			if err != nil {
				t.Fatal(err)
			}
			defer first.Close()
			second, err := Open(path, 0)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := first.List(ctx, Filter{}); err == nil {
				t.Fatal("listing a damaged history succeeded")
			}
			// In the new history's -wal, not yet checkpointed: first stays open.
			if _, err := first.Add(ctx, record(1)); err != nil {
				t.Fatal(err)
			}
			if err := tt.second(second); err != nil {
				t.Errorf("the other Store: %v", err)
			}
			if err := second.Close(); err != nil {
				t.Fatal(err)
			}
			if aside := backups(t, path); len(aside) != 1 {
				t.Errorf("moved aside: %v, want one", aside)
			}
			third, err := Open(path, 0)
			if err != nil {
				t.Fatal(err)
			}
			defer third.Close()
			recs, err := third.List(ctx, Filter{})
			var codes []string
			for _, r := range recs {
				codes = append(codes, r.Code)
			}
			if err != nil || !slices.Equal(codes, tt.want) {
				t.Errorf("the new history holds %v, %v; want %v", codes, err, tt.want)
			}
		})
	}
}

// A history on a read-only file system can be listed too: SQLite then
// cannot create its -wal file and says SQLITE_CANTOPEN, not READONLY.
// Mounting takes root, which CI is (the tests matching ReadOnly run as
// nobody there, so this one's name must not match).
func TestListingOnAReadonlyFileSystem(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("mounting a read-only file system takes root")
	}
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs here: %v %s", err, out)
	}
	t.Cleanup(func() { _ = exec.Command("umount", dir).Run() })
	path := filepath.Join(dir, "history.db")
	s, err := Open(path, 0)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		if _, err := s.Add(context.Background(), record(i)); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	if out, err := exec.Command("mount", "-o", "remount,ro", dir).CombinedOutput(); err != nil {
		t.Fatalf("remount read-only: %v %s", err, out)
	}
	s, err = Open(path, 0)
	if err != nil {
		t.Fatalf("Open on a read-only file system: %v", err)
	}
	defer s.Close()
	recs, err := s.List(context.Background(), Filter{Limit: 10})
	if err != nil || len(recs) != 2 {
		t.Errorf("listed %d runs, err %v", len(recs), err)
	}
}
