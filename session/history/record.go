package history

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/pyplay/pyplay/sandbox"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Record is one run as it is kept.
type Record struct {
	ID            int64
	StartedAt     time.Time
	Code          string
	Stdin         []byte
	Limits        sandbox.Limits
	Deterministic bool
	Result        sandbox.Result
	// PythonSHA256 identifies the python.wasm that ran it.
	PythonSHA256 string
	// Source is the front end that asked for the run; "" for runs recorded
	// before pyplay kept it (the command line or the playground).
	Source Source
	// Client is the name the MCP client gave for itself ("claude-code")
	// when Source is SourceMCP; "" otherwise.
	Client string
	// Brief marks a record listed without its output and stdin, and with
	// only the start of its code (Filter.Brief): Get has the whole run.
	Brief bool
}

// Source names the front end that asked for a run.
type Source string

const (
	SourceCLI        Source = "cli"        // pyplay run, pyplay rerun
	SourcePlayground Source = "playground" // the playground's F5 and its history's rerun
	SourceMCP        Source = "mcp"        // a tool call to pyplay mcp
)

// Sources lists every Source a run is recorded with, in the order above.
func Sources() []Source { return []Source{SourceCLI, SourcePlayground, SourceMCP} }

// NewRecord is what Add keeps for a finished run.
func NewRecord(req sandbox.Request, res sandbox.Result, startedAt time.Time, pythonSHA256 string) Record {
	return Record{
		StartedAt: startedAt, Code: req.Code, Stdin: req.Stdin, Limits: req.Limits,
		Deterministic: req.Deterministic, Result: res, PythonSHA256: pythonSHA256,
	}
}

// Request rebuilds the request that made the record, for a rerun.
func (r Record) Request() sandbox.Request {
	return sandbox.Request{Code: r.Code, Stdin: r.Stdin, Limits: r.Limits, Deterministic: r.Deterministic}
}

// FirstLine is the code's first line of code (not blank, not a comment),
// for listings; the first comment when there is nothing else.
func (r Record) FirstLine() string {
	comment := ""
	for _, line := range strings.Split(r.Code, "\n") {
		t := strings.TrimSpace(line)
		switch {
		case t == "":
		case strings.HasPrefix(t, "#"):
			if comment == "" {
				comment = t
			}
		default:
			return t
		}
	}
	return comment
}

// ErrNotFound is returned for an id that is not in the history.
var ErrNotFound = errors.New("history: no such run")

const columns = `id, started_at, code, stdin, fuel_limit, memory_limit, timeout_ms, max_output, deterministic,
	outcome, exit_code, message, stdout, stderr, stdout_truncated, stderr_truncated,
	fuel_used, fuel_startup, fuel_shutdown, memory_peak, memory_cap, wall_ms, python_sha256, source, client`

// Add keeps r and prunes the history to its retention, in one transaction,
// and returns r's id. When the database turns out to be damaged it is moved
// aside, a new one is started and r is kept there: a run must not go
// unrecorded because of an earlier failure. LastRecovery then says so.
func (s *Store) Add(ctx context.Context, r Record) (int64, error) {
	var id int64
	add := func(db *sql.DB) (err error) {
		id, err = s.add(ctx, db, r)
		return err
	}
	stale, err := s.use(add)
	if err == nil || !corrupt(err) {
		return id, err
	}
	if _, err := s.recover(stale, err); err != nil {
		return 0, err
	}
	if _, err := s.use(add); err != nil {
		return 0, err
	}
	return id, nil
}

func (s *Store) add(ctx context.Context, db *sql.DB, r Record) (int64, error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return 0, addError(s.path, err)
	}
	defer tx.Rollback()
	res := r.Result
	out, err := tx.ExecContext(ctx, `INSERT INTO runs (`+strings.TrimPrefix(columns, "id, ")+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.StartedAt.UnixMilli(), r.Code, nonNil(r.Stdin), int64(r.Limits.Fuel), r.Limits.Memory, r.Limits.Timeout.Milliseconds(),
		r.Limits.MaxOutput, r.Deterministic, string(res.Outcome), res.ExitCode, res.Message, nonNil(res.Stdout), nonNil(res.Stderr),
		res.StdoutTruncated, res.StderrTruncated, int64(res.FuelUsed), int64(res.FuelStartup), int64(res.FuelShutdown),
		res.MemoryPeak, res.MemoryLimit, res.Wall.Milliseconds(), r.PythonSHA256, string(r.Source), r.Client)
	if err != nil {
		return 0, addError(s.path, err)
	}
	id, err := out.LastInsertId()
	if err != nil {
		return 0, addError(s.path, err)
	}
	// Keep the newest runs: everything at or below the (retain+1)-th newest id goes.
	if _, err := tx.ExecContext(ctx, `DELETE FROM runs WHERE id <= (SELECT id FROM runs ORDER BY id DESC LIMIT 1 OFFSET ?)`, s.retain); err != nil {
		return 0, fmt.Errorf("history: prune: %w", err)
	}
	// And keep them within maxBytes, newest first, the newest run whatever
	// its size. length() reads a value's size, not the value.
	if _, err := tx.ExecContext(ctx, `DELETE FROM runs WHERE id < ? AND id <= (SELECT id FROM (
		SELECT id, SUM(length(code) + length(stdin) + length(stdout) + length(stderr)) OVER (ORDER BY id DESC) AS kept FROM runs
	) WHERE kept > ? ORDER BY id DESC LIMIT 1)`, id, s.maxBytes); err != nil {
		return 0, fmt.Errorf("history: prune: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return 0, addError(s.path, err)
	}
	return id, nil
}

// addError names the file when it is the file's permissions that refuse
// the run, since SQLite's "attempt to write a readonly database" does not.
func addError(path string, err error) error {
	var e *sqlite.Error
	if errors.As(err, &e) && e.Code()&0xff == sqlite3.SQLITE_READONLY {
		return fmt.Errorf("history: add: %s is read-only: %w", path, err)
	}
	return fmt.Errorf("history: add: %w", err)
}

// Get returns run id, or ErrNotFound.
func (s *Store) Get(ctx context.Context, id int64) (Record, error) {
	var recs []Record
	stale, err := s.use(func(db *sql.DB) error {
		rows, err := db.QueryContext(ctx, `SELECT `+s.columns(false)+` FROM runs WHERE id = ?`, id)
		if err != nil {
			return fmt.Errorf("history: get %d: %w", id, err)
		}
		recs, err = scan(rows)
		return err
	})
	if corrupt(err) {
		return Record{}, s.damaged(fmt.Sprintf("get %d", id), stale, err)
	}
	if err != nil {
		return Record{}, err
	}
	if len(recs) == 0 {
		return Record{}, fmt.Errorf("%w: %d", ErrNotFound, id)
	}
	return recs[0], nil
}

// Filter narrows List.
type Filter struct {
	Limit   int             // at most this many, newest first; 0 means 50
	Outcome sandbox.Outcome // only this outcome, when set
	Text    string          // only runs whose code contains this, when set
	Source  Source          // only runs from this front end, when set
	// After, when set, keeps only runs newer than the run with this id:
	// a front end that has seen up to id N asks for what landed since.
	After int64
	// Brief lists runs without their output and stdin and with the first
	// briefCode bytes of their code: 1,000 runs with 1 MiB outputs took
	// 2.7 GB to list in full.
	Brief bool
}

// briefCode is how much of the code a brief record keeps.
const briefCode = 4096

// briefColumns are columns with the large ones left out.
var briefColumns = strings.NewReplacer(" code,", fmt.Sprintf(" substr(code, 1, %d),", briefCode),
	" stdin,", " x'',", " stdout,", " x'',", " stderr,", " x'',").Replace(columns)

// List returns the newest runs that match f, newest first.
func (s *Store) List(ctx context.Context, f Filter) ([]Record, error) {
	if f.Limit <= 0 {
		f.Limit = 50
	}
	var recs []Record
	err := s.Each(ctx, f, func(r Record) error {
		recs = append(recs, r)
		return nil
	})
	return recs, err
}

// Each calls fn with each run that matches f, newest first, reading one
// run at a time: `pyplay history --json` streams the history this way.
// An error from fn stops it and is returned.
func (s *Store) Each(ctx context.Context, f Filter, fn func(Record) error) error {
	if f.Limit <= 0 {
		f.Limit = 50
	}
	var fnErr error
	stale, err := s.use(func(db *sql.DB) error {
		query := `SELECT ` + s.columns(f.Brief) + ` FROM runs WHERE (? = '' OR outcome = ?) AND (? = '' OR instr(code, ?) > 0)
			AND (? = '' OR ` + s.sourceColumn() + ` = ?) AND id > ? ORDER BY id DESC LIMIT ?`
		rows, err := db.QueryContext(ctx, query, string(f.Outcome), string(f.Outcome), f.Text, f.Text,
			string(f.Source), string(f.Source), f.After, f.Limit)
		if err != nil {
			return fmt.Errorf("history: list: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			r, err := scanRow(rows)
			if err != nil {
				return err
			}
			r.Brief = f.Brief
			if fnErr = fn(r); fnErr != nil {
				return nil
			}
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("history: read: %w", err)
		}
		return nil
	})
	if corrupt(err) {
		return s.damaged("list", stale, err)
	}
	if err != nil {
		return err
	}
	return fnErr
}

// Previous returns the run of the same code just before r, or ErrNotFound.
func (s *Store) Previous(ctx context.Context, r Record) (Record, error) {
	var recs []Record
	stale, err := s.use(func(db *sql.DB) error {
		rows, err := db.QueryContext(ctx, `SELECT `+s.columns(false)+` FROM runs WHERE code = ? AND id < ? ORDER BY id DESC LIMIT 1`, r.Code, r.ID)
		if err != nil {
			return fmt.Errorf("history: previous of %d: %w", r.ID, err)
		}
		recs, err = scan(rows)
		return err
	})
	if corrupt(err) {
		return Record{}, s.damaged(fmt.Sprintf("previous of %d", r.ID), stale, err)
	}
	if err != nil {
		return Record{}, err
	}
	if len(recs) == 0 {
		return Record{}, fmt.Errorf("%w: no earlier run of the code of run %d", ErrNotFound, r.ID)
	}
	return recs[0], nil
}

// Latest is the id of the newest run, 0 when there is none: one look-up
// in the primary key, cheap enough to poll for runs other processes
// recorded (then List with Filter.After). Ids only grow, except when a
// damaged history is replaced by a new one: a Latest below an id already
// seen means that, and what was seen is in the file moved aside.
func (s *Store) Latest(ctx context.Context) (int64, error) {
	var id sql.NullInt64
	stale, err := s.use(func(db *sql.DB) error {
		if err := db.QueryRowContext(ctx, `SELECT max(id) FROM runs`).Scan(&id); err != nil {
			return fmt.Errorf("history: latest: %w", err)
		}
		return nil
	})
	if corrupt(err) {
		return 0, s.damaged("latest", stale, err)
	}
	return id.Int64, err
}

// columns is what a query selects, for the schema of the open database;
// called inside use, which holds s.mu.
func (s *Store) columns(brief bool) string {
	cols := columns
	if brief {
		cols = briefColumns
	}
	if s.legacy {
		cols = strings.Replace(cols, "source, client", "'', ''", 1)
	}
	return cols
}

// sourceColumn is the source column, or "" on a legacy schema without one.
func (s *Store) sourceColumn() string {
	if s.legacy {
		return "''"
	}
	return "source"
}

func scan(rows *sql.Rows) ([]Record, error) {
	defer rows.Close()
	var out []Record
	for rows.Next() {
		r, err := scanRow(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("history: read: %w", err)
	}
	return out, nil
}

// scanRow reads the row rows is at, in the order of columns.
func scanRow(rows *sql.Rows) (Record, error) {
	var r Record
	var started, fuel, timeoutMs, fuelUsed, fuelStartup, fuelShutdown, wallMs int64
	var outcome string
	res := &r.Result
	if err := rows.Scan(&r.ID, &started, &r.Code, &r.Stdin, &fuel, &r.Limits.Memory, &timeoutMs, &r.Limits.MaxOutput,
		&r.Deterministic, &outcome, &res.ExitCode, &res.Message, &res.Stdout, &res.Stderr, &res.StdoutTruncated,
		&res.StderrTruncated, &fuelUsed, &fuelStartup, &fuelShutdown, &res.MemoryPeak, &res.MemoryLimit, &wallMs, &r.PythonSHA256, &r.Source, &r.Client); err != nil {
		return Record{}, fmt.Errorf("history: read: %w", err)
	}
	r.StartedAt = time.UnixMilli(started)
	r.Limits.Fuel, r.Limits.Timeout = uint64(fuel), time.Duration(timeoutMs)*time.Millisecond
	// The scratch cap is not stored (yet): a rerun gets the default.
	r.Limits.Scratch = sandbox.DefaultScratch
	res.Outcome, res.FuelLimit = sandbox.Outcome(outcome), uint64(fuel)
	res.FuelUsed, res.FuelStartup, res.FuelShutdown = uint64(fuelUsed), uint64(fuelStartup), uint64(fuelShutdown)
	res.Wall = time.Duration(wallMs) * time.Millisecond
	return r, nil
}

func nonNil(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}
