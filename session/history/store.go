// Package history keeps every run in a SQLite database so it can be found,
// rerun and compared. It uses a pure-Go SQLite (no cgo).
//
// # Notes
//
//   - Two pyplay processes may record at once: the database is in WAL mode
//     with a busy timeout, and each run is one transaction, so a process
//     killed mid-run loses at most that run.
//   - A database found damaged, by Open or by any later operation, is moved
//     aside under a name no file has, never deleted, and a new one is
//     started: Store.Recovered or Store.LastRecovery says so, a read that
//     found it fails saying so, and an Add that found it records the run in
//     the new database. Only SQLite's corruption codes count as damage.
//   - Processes coordinate moving aside with a flock on the directory (see
//     lockDir), and a Store whose file was moved aside by another process
//     follows to the new one.
//   - A history that may not be written can still be read.
package history

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"modernc.org/sqlite" // also registers the "sqlite" driver
	sqlite3 "modernc.org/sqlite/lib"
)

// DefaultRetain is how many runs are kept unless configured otherwise.
const DefaultRetain = 10_000

// MaxBytes bounds what the history keeps of code, stdin and output, all
// runs together: the newest runs are kept up to it (the newest one always).
// 10,000 runs at the 1 MiB output caps would otherwise be ~20 GiB.
const MaxBytes = 1 << 30

// DefaultPath is $XDG_STATE_HOME/pyplay/history.db, else
// ~/.local/state/pyplay/history.db (Go has no helper for the state dir).
func DefaultPath() (string, error) {
	if dir := os.Getenv("XDG_STATE_HOME"); filepath.IsAbs(dir) {
		return filepath.Join(dir, "pyplay", "history.db"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", errors.New("history: no state directory: set XDG_STATE_HOME or HOME")
	}
	return filepath.Join(home, ".local", "state", "pyplay", "history.db"), nil
}

// Store is an open history database. It is safe for concurrent use.
type Store struct {
	path     string
	retain   int
	maxBytes int64 // MaxBytes; tests lower it
	// Recovered is a one-line message when the database at path was
	// unreadable at Open and was moved aside; "" otherwise.
	Recovered string

	// mu guards handle, aside and recovery. Operations hold it shared for
	// their whole length, so a swap to a new database never closes one in
	// use.
	mu sync.RWMutex
	handle
	// aside is where the database before db went, when this Store moved
	// it; recovery is the newest message about that, for LastRecovery.
	aside, recovery string
	// closed stops follow from opening a database nobody would close.
	closed bool
}

// handle is one opened database file.
type handle struct {
	db *sql.DB
	// ident is the file db was opened on; when path names another file,
	// some process has moved a damaged history aside and db must follow.
	ident os.FileInfo
	// readOnly: opened immutable, for listing a history this process may
	// not write (see openDB).
	readOnly bool
	// legacy: a read-only history of schema version 1, which has no source
	// or client column and cannot be migrated; its runs list with both "".
	legacy bool
}

// Open opens (creating if needed) the history at path, keeping the newest
// retain runs (DefaultRetain when retain <= 0).
func Open(path string, retain int) (*Store, error) {
	if retain <= 0 {
		retain = DefaultRetain
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("history: create %s: %w", dir, err)
	}
	s := &Store{path: path, retain: retain, maxBytes: MaxBytes}
	// Creating is done under the exclusive lock: two processes that create
	// the file at once both switch it to WAL, which needs SQLite's
	// exclusive lock, and SQLite refuses one of them at once (SQLITE_BUSY,
	// as waiting could deadlock) instead of letting it wait.
	_, err := os.Stat(path)
	unlock, err := lockDir(dir, errors.Is(err, fs.ErrNotExist))
	if err != nil {
		return nil, err
	}
	s.handle, err = openDB(path)
	unlock()
	if err == nil {
		return s, nil
	}
	if !corrupt(err) || errors.Is(err, errReadOnly) {
		return nil, err
	}
	// Try again holding the lock that moving aside takes: another process
	// may have replaced the file in the meantime, and what fails now is
	// what is at path until the lock is released.
	unlock, lerr := lockDir(dir, true)
	if lerr != nil {
		return nil, lerr
	}
	defer unlock()
	if s.handle, err = openDB(path); err == nil {
		return s, nil
	}
	if !corrupt(err) || errors.Is(err, errReadOnly) {
		return nil, err
	}
	aside, merr := moveAside(path, time.Now())
	if merr != nil {
		return nil, fmt.Errorf("history: %s is unreadable (%s) and could not be moved aside (%v): move or delete it by hand", path, reason(err), merr)
	}
	cause := err
	if s.handle, err = openDB(path); err != nil {
		return nil, err
	}
	s.Recovered = fmt.Sprintf("history: %s was unreadable (%s); moved it to %s and started a new history", path, reason(cause), aside)
	return s, nil
}

// LastRecovery is a one-line message about the newest damaged database
// this Store moved aside after Open (an Add recovers without failing, so
// this is how its caller can tell); "" when there was none.
func (s *Store) LastRecovery() string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.recovery
}

// openDB opens the database at path and brings its schema up to date. The
// caller holds the directory lock, so the file stat'ed here is the one the
// connections open.
func openDB(path string) (handle, error) {
	// _txlock=immediate: every transaction here writes, and taking the write
	// lock up front lets the busy timeout work instead of failing an upgrade.
	h, err := openDSN(path, "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_txlock=immediate", false)
	var e *sqlite.Error
	if err == nil || !errors.As(err, &e) {
		return h, err
	}
	// On a read-only file system SQLite cannot even create the -wal file
	// and says SQLITE_CANTOPEN, not SQLITE_READONLY.
	code := e.Code() & 0xff
	if _, serr := os.Stat(path); code != sqlite3.SQLITE_READONLY && (code != sqlite3.SQLITE_CANTOPEN || serr != nil) {
		return h, err
	}
	// Read-only, first with the -shm, so that a writer elsewhere (the same
	// history mounted read-only into a container) is seen. A WAL database
	// cannot be read without its -shm, though, which a read-only directory
	// does not let SQLite create; immutable skips it, at the price of not
	// seeing later writes. Add then fails as read-only.
	h, err = openDSN(path, "?mode=ro&_pragma=busy_timeout(10000)&_txlock=immediate", true)
	if err != nil {
		h, err = openDSN(path, "?mode=ro&immutable=1&_pragma=busy_timeout(10000)&_txlock=immediate", true)
	}
	if err != nil {
		// What a read-only look finds is no ground to move a file aside.
		return h, fmt.Errorf("%w: %w", errReadOnly, err)
	}
	h.readOnly = true
	return h, nil
}

// errReadOnly marks a failure to read a history pyplay may not write.
var errReadOnly = errors.New("history: read-only")

func openDSN(path, query string, readOnly bool) (handle, error) {
	db, err := sql.Open("sqlite", dsn(path)+query)
	if err != nil {
		return handle{}, fmt.Errorf("history: open %s: %w", path, err)
	}
	version, err := migrate(context.Background(), db, path, readOnly)
	if err != nil {
		db.Close()
		return handle{}, err
	}
	ident, err := os.Stat(path)
	if err != nil {
		db.Close()
		return handle{}, fmt.Errorf("history: open %s: %w", path, err)
	}
	return handle{db: db, ident: ident, legacy: version == 1}, nil
}

// dsn is path as a SQLite "file:" URI. The driver splits the name at the
// first '?', SQLite ends the path at '#' and decodes %HH, so anything but
// the plainest bytes is percent-encoded.
func dsn(path string) string {
	const hex = "0123456789ABCDEF"
	p := filepath.ToSlash(path)
	var b strings.Builder
	b.WriteString("file:")
	if filepath.IsAbs(path) {
		// An empty authority, so that a path starting "//" is not taken
		// for a host, and a Windows "C:/" path gets the "///" it needs.
		b.WriteString("//")
		if !strings.HasPrefix(p, "/") {
			b.WriteByte('/')
		}
	}
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			c == '/', c == '-', c == '.', c == '_', c == '~', c == ':':
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return b.String()
}

// corrupt tells a damaged file from every other failure (busy, locked,
// read-only, disk full, I/O): only a damaged file may be moved aside, since
// the others happen to healthy databases that other processes are using.
// The driver enables extended result codes, so the primary code is the
// low byte.
func corrupt(err error) bool {
	var e *sqlite.Error
	if !errors.As(err, &e) {
		return false
	}
	switch e.Code() & 0xff {
	case sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB:
		return true
	}
	return false
}

// moveAside renames path, with its -wal and -shm, to names no file has:
// path.corrupt-<time>, then -2, -3… Each name is first created with O_EXCL
// and the rename lands on it, so two recoveries in the same second (or a
// backup the user kept) are never overwritten. The -wal must go with its
// database: left behind, it would be replayed into the new one. The caller
// holds the directory lock exclusively.
func moveAside(path string, now time.Time) (string, error) {
	base := fmt.Sprintf("%s.corrupt-%s", path, now.UTC().Format("20060102T150405"))
	for n := 1; n <= 1000; n++ {
		aside := base
		if n > 1 {
			aside = fmt.Sprintf("%s-%d", base, n)
		}
		names := []string{aside, aside + "-wal", aside + "-shm"}
		err := reserve(names)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", err
		}
		if err := os.Rename(path, aside); err != nil {
			for _, name := range names {
				os.Remove(name)
			}
			return "", err
		}
		for _, suffix := range []string{"-wal", "-shm"} {
			err := os.Rename(path+suffix, aside+suffix)
			switch {
			case errors.Is(err, fs.ErrNotExist):
				os.Remove(aside + suffix) // there was none: drop the placeholder
			case err != nil:
				return "", fmt.Errorf("moved %s to %s but not its %s: %w", path, aside, suffix, err)
			}
		}
		return aside, nil
	}
	return "", fmt.Errorf("no free name like %s", base)
}

// tidy removes the -wal and -shm moved aside with a backup when the -wal
// is empty, so they hold nothing the backup does not; a -wal with frames
// in it is part of the backup and stays.
func tidy(aside string) {
	if fi, err := os.Stat(aside + "-wal"); err == nil && fi.Size() == 0 {
		os.Remove(aside + "-wal")
		os.Remove(aside + "-shm")
	}
}

// reserve creates every one of names, empty, or none of them.
func reserve(names []string) error {
	for i, name := range names {
		f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			for _, made := range names[:i] {
				os.Remove(made)
			}
			return err
		}
		f.Close()
	}
	return nil
}

// migrations[i] takes the schema from version i to i+1.
var migrations = []string{
	`CREATE TABLE runs (
		id INTEGER PRIMARY KEY AUTOINCREMENT,
		started_at INTEGER NOT NULL,
		code TEXT NOT NULL,
		stdin BLOB NOT NULL,
		fuel_limit INTEGER NOT NULL,
		memory_limit INTEGER NOT NULL,
		timeout_ms INTEGER NOT NULL,
		max_output INTEGER NOT NULL,
		deterministic INTEGER NOT NULL,
		outcome TEXT NOT NULL,
		exit_code INTEGER NOT NULL,
		message TEXT NOT NULL,
		stdout BLOB NOT NULL,
		stderr BLOB NOT NULL,
		stdout_truncated INTEGER NOT NULL,
		stderr_truncated INTEGER NOT NULL,
		fuel_used INTEGER NOT NULL,
		fuel_startup INTEGER NOT NULL,
		fuel_shutdown INTEGER NOT NULL,
		memory_peak INTEGER NOT NULL,
		memory_cap INTEGER NOT NULL,
		wall_ms INTEGER NOT NULL,
		python_sha256 TEXT NOT NULL
	);
	CREATE INDEX runs_code ON runs(code);`,
	// Which front end asked for a run, and the MCP client's name. Runs
	// recorded before keep "" in both: pyplay could not tell which.
	`ALTER TABLE runs ADD COLUMN source TEXT NOT NULL DEFAULT '';
	ALTER TABLE runs ADD COLUMN client TEXT NOT NULL DEFAULT '';
	CREATE INDEX runs_source ON runs(source);`,
}

// migrate brings the schema to the newest version in one transaction and
// returns the version the database is at. A current schema is only read,
// so a history that may not be written (a read-only file) can still be
// listed; so can a read-only one of version 1, as it is (see legacy).
func migrate(ctx context.Context, db *sql.DB, path string, readOnly bool) (int, error) {
	var version int
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return 0, fmt.Errorf("history: %s: %w", path, err)
	}
	if version == len(migrations) || (readOnly && version == 1) {
		return version, nil
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("history: %s: %w", path, err)
	}
	defer tx.Rollback()
	// Again inside the write lock: another process may have migrated since.
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return 0, fmt.Errorf("history: %s: %w", path, err)
	}
	if version > len(migrations) {
		return 0, fmt.Errorf("history: %s has schema version %d, newer than this pyplay knows (%d): upgrade pyplay", path, version, len(migrations))
	}
	for v := version; v < len(migrations); v++ {
		if _, err := tx.ExecContext(ctx, migrations[v]); err != nil {
			return 0, fmt.Errorf("history: migrate %s to version %d: %w", path, v+1, err)
		}
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", len(migrations))); err != nil {
		return 0, fmt.Errorf("history: %s: %w", path, err)
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("history: %s: %w", path, err)
	}
	return len(migrations), nil
}

// use runs fn on the database at path, holding the directory lock shared
// so that no process moves the file aside meanwhile. It returns the
// database fn ran on, for recover.
func (s *Store) use(fn func(*sql.DB) error) (*sql.DB, error) {
	unlock, err := lockDir(filepath.Dir(s.path), false)
	if err != nil {
		return nil, err
	}
	defer unlock()
	if db, err := s.follow(); err != nil {
		return db, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.db, fn(s.db)
}

// follow switches to the file now at path when another process has moved
// ours aside, so that no run is written to (or listed from) the backup. A
// failure is returned with the database it concerns, for recover.
func (s *Store) follow() (*sql.DB, error) {
	if s.current() {
		return nil, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed || s.currentLocked() {
		return nil, nil // a closed Store's operations fail on its closed db
	}
	h, err := openDB(s.path)
	if err != nil {
		return s.db, err
	}
	// Closing the last connection to a database deletes its -wal and -shm
	// by name, which are now the new database's; SQLite skips that for a
	// file that has been moved (TestAnotherStoreFollowsTheNewHistory).
	s.db.Close()
	s.handle, s.aside = h, ""
	return nil, nil
}

func (s *Store) current() bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.currentLocked()
}

func (s *Store) currentLocked() bool {
	fi, err := os.Stat(s.path)
	return err == nil && os.SameFile(fi, s.ident)
}

// recover handles cause, a corruption error from stale: it moves the
// damaged file aside and starts a new one, unless another goroutine or
// process already has. It returns where the file went ("" when it was not
// this Store that moved it).
func (s *Store) recover(stale *sql.DB, cause error) (string, error) {
	unlock, err := lockDir(filepath.Dir(s.path), true)
	if err != nil {
		return "", err
	}
	defer unlock()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.db != stale {
		return s.aside, nil // another goroutine got here first
	}
	if s.readOnly {
		// Not ours to move, and an immutable read of a file that is being
		// written may look damaged when it is not.
		return "", cause
	}
	aside := ""
	if s.currentLocked() {
		if aside, err = moveAside(s.path, time.Now()); err != nil {
			return "", fmt.Errorf("history: %s is damaged (%s) and could not be moved aside (%v): move or delete it by hand", s.path, reason(cause), err)
		}
		// Closed only once moved, so that s stays usable if it cannot be.
		stale.Close()
		tidy(aside)
	} else {
		stale.Close() // another process moved it, as in follow
	}
	h, err := openDB(s.path)
	if err != nil && corrupt(err) && aside == "" {
		// What another process left at path is damaged too.
		if aside, err = moveAside(s.path, time.Now()); err != nil {
			return "", fmt.Errorf("history: %s is damaged (%s) and could not be moved aside (%v): move or delete it by hand", s.path, reason(cause), err)
		}
		h, err = openDB(s.path)
	}
	if err != nil {
		return "", err
	}
	s.handle, s.aside = h, aside
	if aside != "" {
		s.recovery = fmt.Sprintf("history: %s was damaged (%s); moved it to %s and started a new history", s.path, reason(cause), aside)
	}
	return aside, nil
}

// damaged recovers from cause, a corruption error that op got from stale,
// and says so in one line. A read is not retried: what it was after is in
// the file moved aside.
func (s *Store) damaged(op string, stale *sql.DB, cause error) error {
	aside, err := s.recover(stale, cause)
	switch {
	case err != nil:
		return err
	case aside == "":
		return fmt.Errorf("history: %s: %s was damaged (%s); another pyplay moved it aside and started a new history", op, s.path, reason(cause))
	}
	return fmt.Errorf("history: %s: %s was damaged (%s); moved it to %s and started a new history", op, s.path, reason(cause), aside)
}

// reason is SQLite's own words for err, without the wrapping.
func reason(err error) string {
	var e *sqlite.Error
	if errors.As(err, &e) {
		return e.Error()
	}
	return err.Error()
}

// Path is the database file.
func (s *Store) Path() string { return s.path }

// Close closes the database.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	return s.db.Close()
}
