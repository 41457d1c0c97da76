package session

import (
	"encoding/base64"
	"time"
	"unicode/utf8"

	"github.com/pyplay/pyplay/sandbox"
	"github.com/pyplay/pyplay/session/history"
)

// Report is the JSON object `pyplay run --json` prints.
//
// # Notes
//
//   - JSON strings hold valid UTF-8 only. When a stream is not valid UTF-8,
//     Stdout (or Stderr) shows it with U+FFFD replacements and StdoutBase64
//     (or StderrBase64) carries the exact bytes.
//   - ExitCode is -1 when the program was stopped before it exited.
type Report struct {
	Outcome          sandbox.Outcome `json:"outcome"`
	ExitCode         int             `json:"exit_code"`
	Message          string          `json:"message,omitempty"`
	Stdout           string          `json:"stdout"`
	Stderr           string          `json:"stderr"`
	StdoutBase64     string          `json:"stdout_base64,omitempty"`
	StderrBase64     string          `json:"stderr_base64,omitempty"`
	StdoutTruncated  bool            `json:"stdout_truncated"`
	StderrTruncated  bool            `json:"stderr_truncated"`
	FuelUsed         uint64          `json:"fuel_used"`
	FuelStartup      uint64          `json:"fuel_startup"`
	FuelShutdown     uint64          `json:"fuel_shutdown"`
	FuelLimit        uint64          `json:"fuel_limit"`
	FuelImports      uint64          `json:"fuel_imports"`
	MemoryPeakBytes  int64           `json:"memory_peak_bytes"`
	MemoryLimitBytes int64           `json:"memory_limit_bytes"`
	ScratchPeakBytes int64           `json:"scratch_peak_bytes"`
	ScratchLimit     int64           `json:"scratch_limit_bytes"`
	WallMs           int64           `json:"wall_ms"`
	Snapshot         bool            `json:"snapshot,omitempty"`
	// Stop is where a stopped run was and what was refused (omitted when
	// nothing is known): see sandbox.Stop.
	Stop *StopReport `json:"stop,omitempty"`
}

// StopReport is sandbox.Stop in JSON.
type StopReport struct {
	Line           int    `json:"line,omitempty"`
	Function       string `json:"function,omitempty"`
	Importing      string `json:"importing,omitempty"`
	Activity       string `json:"activity,omitempty"`
	RefusedBytes   int64  `json:"refused_bytes,omitempty"`
	RefusedAtBytes int64  `json:"refused_at_bytes,omitempty"`
}

// newStopReport is s in JSON, or nil when it says nothing.
func newStopReport(s sandbox.Stop) *StopReport {
	if s == (sandbox.Stop{}) {
		return nil
	}
	return &StopReport{Line: s.Line, Function: s.Function, Importing: s.Importing, Activity: string(s.Activity), RefusedBytes: s.Refused, RefusedAtBytes: s.RefusedAt}
}

// NewReport converts a result into its JSON form.
func NewReport(res sandbox.Result) Report {
	return Report{
		Outcome:          res.Outcome,
		ExitCode:         res.ExitCode,
		Message:          res.Message,
		Stdout:           string(res.Stdout),
		Stderr:           string(res.Stderr),
		StdoutBase64:     exactBytes(res.Stdout),
		StderrBase64:     exactBytes(res.Stderr),
		StdoutTruncated:  res.StdoutTruncated,
		StderrTruncated:  res.StderrTruncated,
		FuelUsed:         res.FuelUsed,
		FuelStartup:      res.FuelStartup,
		FuelShutdown:     res.FuelShutdown,
		FuelLimit:        res.FuelLimit,
		FuelImports:      res.FuelImports,
		MemoryPeakBytes:  res.MemoryPeak,
		MemoryLimitBytes: res.MemoryLimit,
		ScratchPeakBytes: res.ScratchPeak,
		ScratchLimit:     res.ScratchLimit,
		WallMs:           res.Wall.Milliseconds(),
		Snapshot:         res.Resumed,
		Stop:             newStopReport(res.Stop),
	}
}

// exactBytes is b in base64 when a JSON string could not hold it exactly.
func exactBytes(b []byte) string {
	if utf8.Valid(b) {
		return ""
	}
	return base64.StdEncoding.EncodeToString(b)
}

// HistoryEntry is one run in `pyplay history --json`: the Report fields plus
// what identifies the run.
type HistoryEntry struct {
	ID            int64     `json:"id"`
	Time          time.Time `json:"time"`
	Code          string    `json:"code"`
	Stdin         string    `json:"stdin"`
	StdinBase64   string    `json:"stdin_base64,omitempty"` // set when stdin is not valid UTF-8, as stdout_base64 is
	Deterministic bool      `json:"deterministic"`
	TimeoutMs     int64     `json:"timeout_ms"`
	PythonSHA256  string    `json:"python_sha256"`
	// Source is the front end that asked for the run: "cli", "playground",
	// "mcp", or "" for a run recorded before pyplay kept it. Client is the
	// MCP client's name, for "mcp" runs.
	Source string `json:"source"`
	Client string `json:"client,omitempty"`
	Report
}

// NewHistoryEntry converts a record into its JSON form.
func NewHistoryEntry(r history.Record) HistoryEntry {
	return HistoryEntry{
		ID: r.ID, Time: r.StartedAt.UTC(), Code: r.Code, Stdin: string(r.Stdin), StdinBase64: exactBytes(r.Stdin), Deterministic: r.Deterministic,
		TimeoutMs: r.Limits.Timeout.Milliseconds(), PythonSHA256: r.PythonSHA256, Source: string(r.Source), Client: r.Client,
		Report: NewReport(r.Result),
	}
}
