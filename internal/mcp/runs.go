package mcp

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/pyplay/pyplay/internal/units"
	"github.com/pyplay/pyplay/sandbox"
	"github.com/pyplay/pyplay/session"
	"github.com/pyplay/pyplay/session/history"
)

// How many runs list_runs gives.
const (
	defaultListed = 20
	maxListed     = 200
)

// runRecord is get_run's structured content: a run as `pyplay history
// --json` gives it.
type runRecord struct {
	session.HistoryEntry
}

// runList is list_runs' structured content.
type runList struct {
	Runs []listedRun `json:"runs"`
}

// listedRun is one run in a list: what identifies it, how it ended.
type listedRun struct {
	ID        int64           `json:"id"`
	Time      time.Time       `json:"time"`
	Source    string          `json:"source"`
	Client    string          `json:"client,omitempty"`
	Outcome   sandbox.Outcome `json:"outcome"`
	ExitCode  int             `json:"exit_code"`
	FuelUsed  uint64          `json:"fuel_used"`
	WallMs    int64           `json:"wall_ms"`
	FirstLine string          `json:"first_line"`
}

// runDiff is diff_runs' structured content.
type runDiff struct {
	Old              int64    `json:"old"`
	New              int64    `json:"new"`
	OutputsIdentical bool     `json:"outputs_identical"`
	Figures          []figure `json:"figures"`
	// Unified diffs, "" when the two sides are the same.
	CodeDiff   string `json:"code_diff"`
	StdoutDiff string `json:"stdout_diff"`
	StderrDiff string `json:"stderr_diff"`
}

// figure is one row of a comparison: "fuel", "1,234", "2,345", "+1,111 (+90.0%)".
type figure struct {
	Name   string `json:"name"`
	Old    string `json:"old"`
	New    string `json:"new"`
	Change string `json:"change"`
}

// noHistory is the tools' error when the server records nothing.
func noHistory() error {
	return &callError{"the history is unavailable: this server records no runs (its log on stderr says why)"}
}

func (s *Server) getRun(ctx context.Context, call *sdk.CallToolRequest) (*sdk.CallToolResult, error) {
	a, err := readArgs(call.Params.Arguments, "id")
	if err != nil {
		return toolError(err)
	}
	id, err := a.id("id")
	if err != nil {
		return toolError(err)
	}
	rec, err := s.record(ctx, id)
	if err != nil {
		return toolError(err)
	}
	return &sdk.CallToolResult{
		Content:           []sdk.Content{&sdk.TextContent{Text: s.recordText(rec)}},
		StructuredContent: runRecord{session.NewHistoryEntry(rec)},
	}, nil
}

// record is run id, or an error worded for the model.
func (s *Server) record(ctx context.Context, id int64) (history.Record, error) {
	store := s.svc.History()
	if store == nil {
		return history.Record{}, noHistory()
	}
	rec, err := store.Get(ctx, id)
	switch {
	case errors.Is(err, history.ErrNotFound):
		return rec, callErrorf("no run %d in the history: list_runs shows the ids", id)
	case err != nil:
		return rec, &callError{err.Error()}
	}
	return rec, nil
}

// recordText is a recorded run for a model: what ran, under which limits,
// its output cut as run_python's is, and its summary.
func (s *Server) recordText(r history.Record) string {
	var b strings.Builder
	fmt.Fprintf(&b, "run %d · %s · from %s", r.ID, r.StartedAt.UTC().Format(time.RFC3339), sourceText(r))
	fmt.Fprintf(&b, " · limits: fuel %s, memory %s, timeout %s", fuelText(r.Limits.Fuel), units.FormatSize(memory(r.Limits.Memory)), durationText(r.Limits.Timeout))
	if r.Deterministic {
		b.WriteString(", deterministic")
	}
	b.WriteString("\n── code ──\n")
	b.WriteString(cut(r.Code, s.cfg.TextMax, "structuredContent has it whole"))
	if !strings.HasSuffix(r.Code, "\n") {
		b.WriteString("\n")
	}
	if len(r.Stdin) > 0 {
		s.section(&b, "stdin", r.Stdin, false, 0, "structuredContent has it whole")
	}
	done := session.Finished{Request: r.Request(), Result: r.Result, RecordID: r.ID}
	b.WriteString(s.runText(done, nil))
	return b.String()
}

func sourceText(r history.Record) string {
	switch {
	case r.Source == "":
		return "an older pyplay (source not recorded)"
	case r.Client != "":
		return string(r.Source) + " (" + r.Client + ")"
	}
	return string(r.Source)
}

func (s *Server) listRuns(ctx context.Context, call *sdk.CallToolRequest) (*sdk.CallToolResult, error) {
	f, err := listFilter(call.Params.Arguments)
	if err != nil {
		return toolError(err)
	}
	store := s.svc.History()
	if store == nil {
		return toolError(noHistory())
	}
	recs, err := store.List(ctx, f)
	if err != nil {
		return toolError(&callError{err.Error()})
	}
	out := runList{Runs: []listedRun{}}
	var b strings.Builder
	for _, r := range recs {
		out.Runs = append(out.Runs, listedRun{
			ID: r.ID, Time: r.StartedAt.UTC(), Source: string(r.Source), Client: r.Client, Outcome: r.Result.Outcome,
			ExitCode: r.Result.ExitCode, FuelUsed: r.Result.FuelUsed, WallMs: r.Result.Wall.Milliseconds(), FirstLine: r.FirstLine(),
		})
		fmt.Fprintf(&b, "run %d · %s · %s · %s · fuel %s · %s · %s\n", r.ID, r.StartedAt.UTC().Format(time.RFC3339), sourceColumn(r),
			session.OutcomeText(r.Result, r.Limits), units.FormatCount(r.Result.FuelUsed), session.FormatWall(r.Result.Wall), r.FirstLine())
	}
	if len(recs) == 0 {
		b.WriteString("no recorded runs match\n")
	}
	return &sdk.CallToolResult{Content: []sdk.Content{&sdk.TextContent{Text: b.String()}}, StructuredContent: out}, nil
}

// sourceColumn is who asked for r, short: "mcp claude-code", "-".
func sourceColumn(r history.Record) string {
	switch {
	case r.Source == "":
		return "-"
	case r.Client != "":
		return string(r.Source) + " " + r.Client
	}
	return string(r.Source)
}

// listFilter reads list_runs' arguments.
func listFilter(raw []byte) (history.Filter, error) {
	f := history.Filter{Limit: defaultListed, Brief: true}
	a, err := readArgs(raw, "limit", "outcome", "source", "code_contains")
	if err != nil {
		return f, err
	}
	if v, ok := a["limit"]; ok {
		n, err := strconv.Atoi(string(v))
		if err != nil || n < 1 || n > maxListed {
			return f, callErrorf("%q must be a whole number from 1 to %d, got %s", "limit", maxListed, describe(v))
		}
		f.Limit = n
	}
	outcome, _, err := a.str("outcome")
	if err != nil {
		return f, err
	}
	if outcome != "" && !slices.Contains(sandbox.Outcomes(), sandbox.Outcome(outcome)) {
		return f, callErrorf("%q must be one of %s, got %q", "outcome", outcomeNames(), outcome)
	}
	source, _, err := a.str("source")
	if err != nil {
		return f, err
	}
	if source != "" && !slices.Contains(history.Sources(), history.Source(source)) {
		return f, callErrorf("%q must be one of cli, playground, mcp, got %q", "source", source)
	}
	text, _, err := a.str("code_contains")
	if err != nil {
		return f, err
	}
	f.Outcome, f.Source, f.Text = sandbox.Outcome(outcome), history.Source(source), text
	return f, nil
}

func (s *Server) diffRuns(ctx context.Context, call *sdk.CallToolRequest) (*sdk.CallToolResult, error) {
	a, err := readArgs(call.Params.Arguments, "old", "new")
	if err != nil {
		return toolError(err)
	}
	var ids [2]int64
	for i, name := range []string{"old", "new"} {
		if ids[i], err = a.id(name); err != nil {
			return toolError(err)
		}
	}
	var recs [2]history.Record
	for i, id := range ids {
		if recs[i], err = s.record(ctx, id); err != nil {
			return toolError(err)
		}
	}
	c := session.Compare(recs[0], recs[1])
	out := runDiff{Old: c.Old.ID, New: c.New.ID, OutputsIdentical: c.OutputsIdentical(), CodeDiff: c.Code, StdoutDiff: c.Stdout, StderrDiff: c.Stderr}
	for _, row := range c.Figures {
		out.Figures = append(out.Figures, figure{Name: row[0], Old: row[1], New: row[2], Change: row[3]})
	}
	text := cut(c.Text(), 2*s.cfg.TextMax, "structuredContent has the diffs whole")
	return &sdk.CallToolResult{Content: []sdk.Content{&sdk.TextContent{Text: text}}, StructuredContent: out}, nil
}
