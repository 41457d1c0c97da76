package mcp

import (
	"context"
	"errors"
	"fmt"
	"strings"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/pyplay/pyplay/internal/units"
	"github.com/pyplay/pyplay/sandbox"
	"github.com/pyplay/pyplay/session"
	"github.com/pyplay/pyplay/session/history"
)

// runOutput is run_python's structured content: the fields of
// `pyplay run --json` and the run's id in the history.
type runOutput struct {
	// ID is the run's id in the history, for get_run and diff_runs; absent
	// when the history is unavailable.
	ID int64 `json:"id,omitempty"`
	session.Report
}

func (s *Server) runPython(ctx context.Context, call *sdk.CallToolRequest) (*sdk.CallToolResult, error) {
	req, notes, err := s.runRequest(call.Params.Arguments)
	if err != nil {
		return toolError(err)
	}
	// Wait for a turn; a client that gives up meanwhile leaves the queue.
	select {
	case s.queue <- struct{}{}:
	case <-ctx.Done():
		return toolError(callErrorf("canceled while waiting for a turn: %d runs were going", cap(s.queue)))
	}
	defer func() { <-s.queue }()

	live, err := s.svc.StartFrom(ctx, session.Origin{Source: history.SourceMCP, Client: clientName(call)}, req)
	if errors.Is(err, sandbox.ErrBadRequest) {
		return toolError(&callError{strings.TrimPrefix(err.Error(), sandbox.ErrBadRequest.Error()+": ")})
	}
	if err != nil {
		return nil, fmt.Errorf("the sandbox cannot start: %w", err)
	}
	stop := s.reportProgress(ctx, call, live)
	done := live.Wait()
	stop()
	if done.Err != nil {
		return nil, fmt.Errorf("the run failed on the host: %w", done.Err)
	}
	out := runOutput{ID: done.RecordID, Report: session.NewReport(done.Result)}
	return &sdk.CallToolResult{
		Content:           []sdk.Content{&sdk.TextContent{Text: s.runText(done, append(notes, done.Notes...))}},
		StructuredContent: out,
	}, nil
}

// runRequest reads run_python's arguments into a request; notes say how a
// Markdown answer was read.
func (s *Server) runRequest(raw []byte) (sandbox.Request, []session.Note, error) {
	var req sandbox.Request
	a, err := readArgs(raw, "code", "stdin", "fuel", "memory", "timeout", "deterministic")
	if err != nil {
		return req, nil, err
	}
	code, ok, err := a.str("code")
	switch {
	case err != nil:
		return req, nil, err
	case !ok:
		return req, nil, callErrorf("%q is required: the Python source to run", "code")
	case int64(len(code)) > s.cfg.MaxInput:
		return req, nil, callErrorf("%q is %s, over the %s this server takes (pyplay mcp --max-input)", "code", units.FormatSize(int64(len(code))), units.FormatSize(s.cfg.MaxInput))
	}
	stdin, _, err := a.str("stdin")
	switch {
	case err != nil:
		return req, nil, err
	case int64(len(stdin)) > s.cfg.MaxInput:
		return req, nil, callErrorf("%q is %s, over the %s this server takes (pyplay mcp --max-input)", "stdin", units.FormatSize(int64(len(stdin))), units.FormatSize(s.cfg.MaxInput))
	}
	if req.Limits, err = s.callLimits(a); err != nil {
		return req, nil, err
	}
	if req.Deterministic, err = a.boolean("deterministic"); err != nil {
		return req, nil, err
	}
	var notes []session.Note
	code, note := session.ExtractCode("code", code)
	if note != nil {
		notes = append(notes, *note)
	}
	req.Code, req.Stdin = code, []byte(stdin)
	return req, notes, nil
}

// runText is a finished run for a model to read: notes, stdout and stderr
// (long ones cut in the middle), then the summary line.
func (s *Server) runText(done session.Finished, notes []session.Note) string {
	var b strings.Builder
	for _, n := range notes {
		fmt.Fprintf(&b, "note: %s\n", n)
	}
	res := done.Result
	where := "structuredContent has it whole"
	if done.RecordID != 0 {
		where += fmt.Sprintf(", and get_run %d", done.RecordID)
	}
	s.section(&b, "stdout", res.Stdout, res.StdoutTruncated, done.Request.Limits.MaxOutput, where)
	if len(res.Stderr) > 0 || res.StderrTruncated {
		s.section(&b, "stderr", res.Stderr, res.StderrTruncated, done.Request.Limits.MaxOutput, where)
	}
	b.WriteString(session.Summary(res, done.Request.Limits, s.raiseHint(done.Request.Limits)))
	if done.RecordID != 0 {
		fmt.Fprintf(&b, " · run %d", done.RecordID)
	}
	b.WriteString("\n")
	return b.String()
}

// section writes one stream under a heading, cut for the model.
func (s *Server) section(b *strings.Builder, name string, out []byte, dropped bool, maxOutput int64, where string) {
	fmt.Fprintf(b, "── %s ──\n", name)
	if len(out) == 0 && !dropped {
		b.WriteString("(nothing)\n")
		return
	}
	text := cut(string(out), s.cfg.TextMax, where)
	b.WriteString(text)
	if !strings.HasSuffix(text, "\n") {
		b.WriteString("\n")
	}
	if dropped {
		fmt.Fprintf(b, "[… the program wrote more: %s past the output cap of %s was dropped]\n", name, units.FormatSize(maxOutput))
	}
}

// raiseHint says how a model may raise the limit that stopped a run: with
// the argument, up to the server's maximum, or not at all past it.
func (s *Server) raiseHint(lim sandbox.Limits) func(session.Limit) string {
	return func(l session.Limit) string {
		var atMax bool
		var max string
		switch l {
		case session.LimitFuel:
			atMax, max = s.cfg.Max.Fuel != 0 && lim.Fuel >= s.cfg.Max.Fuel, units.FormatCount(s.cfg.Max.Fuel)
		case session.LimitMemory:
			atMax, max = s.cfg.Max.Memory != 0 && memory(lim.Memory) >= s.cfg.Max.Memory, units.FormatSize(s.cfg.Max.Memory)
		case session.LimitTimeout:
			atMax, max = s.cfg.Max.Timeout != 0 && lim.Timeout >= s.cfg.Max.Timeout, s.cfg.Max.Timeout.String()
		}
		if atMax {
			return fmt.Sprintf("%s is at this server's maximum; make the program do less", l)
		}
		if max != "" && max != "0" && max != "0s" {
			return fmt.Sprintf("raise it with the %s argument, up to %s", l, max)
		}
		return fmt.Sprintf("raise it with the %s argument", l)
	}
}

// clientName is the name the calling client gave for itself: in the
// request (protocol 2026-07-28 on), else when it connected.
func clientName(call *sdk.CallToolRequest) string {
	if info := call.ClientInfo(); info != nil {
		return info.Name
	}
	return ""
}

// toolError is err as the call's result: a tool error the model reads for
// a bad argument, else a protocol error.
func toolError(err error) (*sdk.CallToolResult, error) {
	var bad *callError
	if !errors.As(err, &bad) {
		return nil, err
	}
	res := &sdk.CallToolResult{}
	res.SetError(err)
	return res, nil
}
