// Package history keeps every run in a SQLite database so it can be found,
// rerun and compared. It uses a pure-Go SQLite (no cgo).
//
// # Notes
//
//   - Two pyplay processes may record at once: the database is in WAL mode
//     with a busy timeout, and each run is one transaction, so a process
//     killed mid-run loses at most that run.
//   - A database that cannot be read is moved aside, never deleted, and a
//     new one is started; Store.Recovered says so.
package history

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// DefaultRetain is how many runs are kept unless configured otherwise.
const DefaultRetain = 10_000

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
	db     *sql.DB
	path   string
	retain int
	// Recovered is a one-line message when the database at path was
	// unreadable and was moved aside; "" otherwise.
	Recovered string
}

// Open opens (creating if needed) the history at path, keeping the newest
// retain runs (DefaultRetain when retain <= 0).
func Open(path string, retain int) (*Store, error) {
	if retain <= 0 {
		retain = DefaultRetain
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("history: create %s: %w", filepath.Dir(path), err)
	}
	s, err := open(path, retain)
	if err == nil {
		return s, nil
	}
	if !unreadable(err) {
		return nil, err
	}
	aside := fmt.Sprintf("%s.corrupt-%s", path, time.Now().UTC().Format("20060102T150405"))
	if rerr := os.Rename(path, aside); rerr != nil {
		return nil, fmt.Errorf("history: %s is unreadable (%v) and could not be moved aside: move or delete it by hand", path, err)
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		_ = os.Rename(path+suffix, aside+suffix)
	}
	s, err2 := open(path, retain)
	if err2 != nil {
		return nil, err2
	}
	s.Recovered = fmt.Sprintf("history: %s was unreadable (%v); moved it to %s and started a new history", path, err, aside)
	return s, nil
}

func open(path string, retain int) (*Store, error) {
	// _txlock=immediate: every transaction here writes, and taking the write
	// lock up front lets the busy timeout work instead of failing an upgrade.
	dsn := "file:" + path + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_txlock=immediate"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("history: open %s: %w", path, err)
	}
	s := &Store{db: db, path: path, retain: retain}
	if err := s.migrate(context.Background()); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// unreadable tells a damaged file from other failures (permissions, disk).
func unreadable(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "not a database") || strings.Contains(msg, "malformed") || strings.Contains(msg, "corrupt")
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
}

// migrate brings the schema to the newest version in one transaction.
func (s *Store) migrate(ctx context.Context) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("history: %s: %w", s.path, err)
	}
	defer tx.Rollback()
	var version int
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return fmt.Errorf("history: %s: %w", s.path, err)
	}
	if version > len(migrations) {
		return fmt.Errorf("history: %s has schema version %d, newer than this pyplay knows (%d): upgrade pyplay", s.path, version, len(migrations))
	}
	for v := version; v < len(migrations); v++ {
		if _, err := tx.ExecContext(ctx, migrations[v]); err != nil {
			return fmt.Errorf("history: migrate %s to version %d: %w", s.path, v+1, err)
		}
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", len(migrations))); err != nil {
		return fmt.Errorf("history: %s: %w", s.path, err)
	}
	return tx.Commit()
}

// Path is the database file.
func (s *Store) Path() string { return s.path }

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }
