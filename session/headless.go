package session

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sync"
	"syscall"
	"time"

	"github.com/pyplay/pyplay/internal/snippet"
	"github.com/pyplay/pyplay/internal/termsafe"
	"github.com/pyplay/pyplay/sandbox"
	"github.com/pyplay/pyplay/session/history"
)

// HeadlessRun is one `pyplay run`.
type HeadlessRun struct {
	// Name is the file as the user gave it ("-" for standard input); it
	// decides whether Source may be Markdown and names it in messages.
	Name          string
	Source        []byte
	Stdin         []byte
	Limits        sandbox.Limits
	Deterministic bool
	JSON          bool
	// History records the run when set.
	History *history.Store
	// Code, when set, is run as it is instead of extracting it from
	// Source (a rerun of a recorded run).
	Code *string
}

// Stdio is where a headless run writes. A stream that is a terminal gets
// guest output with its control sequences shown, not executed.
type Stdio struct {
	Out, Err                 io.Writer
	OutTerminal, ErrTerminal bool
}

// RunHeadless runs h on engine and returns the exit status for the process.
// Without JSON it streams the program's stdout and stderr as they are
// written, then prints a summary line on stderr; with JSON it prints exactly
// one Report on Out.
func RunHeadless(ctx context.Context, engine *sandbox.Engine, h HeadlessRun, stdio Stdio) int {
	var code string
	if h.Code != nil {
		code = *h.Code
	} else {
		snip := snippet.Extract(h.Name, h.Source)
		if note := snip.Describe(h.Name); note != "" {
			fmt.Fprintln(stdio.Err, note)
		}
		code = snip.Code
	}
	req := sandbox.Request{Code: code, Stdin: h.Stdin, Limits: h.Limits, Deterministic: h.Deterministic}

	// A stdout that fails (a full disk, a closed pipe) must not stop the run
	// or its record: the rest of the output is dropped and the status says so.
	stdout := &stickyWriter{w: stdio.Out}
	var tail lineTracker
	var out, errw *termsafe.Writer
	if !h.JSON {
		out, errw = guestWriter(stdout, stdio.OutTerminal), guestWriter(stdio.Err, stdio.ErrTerminal)
		req.Stdout = tail.track(writerOr(out, stdout))
		req.Stderr = tail.track(writerOr(errw, stdio.Err))
	}

	started := time.Now()
	res, err := engine.Run(ctx, req)
	if errors.Is(err, sandbox.ErrBadRequest) {
		fmt.Fprintln(stdio.Err, "pyplay:", err)
		return ExitUsage
	}
	if err != nil {
		fmt.Fprintln(stdio.Err, "pyplay:", err)
		return ExitEngine
	}
	recorded := ""
	if h.History != nil {
		id, err := h.History.Add(context.WithoutCancel(ctx), history.NewRecord(req, res, started, engine.PythonWasm().SHA256))
		if err != nil {
			fmt.Fprintln(stdio.Err, "pyplay: not recorded in the history:", err)
		} else {
			recorded = fmt.Sprintf(" · run %d", id)
		}
		if msg := h.History.LastRecovery(); msg != "" {
			fmt.Fprintln(stdio.Err, "pyplay:", msg)
		}
	}
	if h.JSON {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		_ = enc.Encode(NewReport(res))
		out := buf.Bytes()
		if stdio.OutTerminal { // the same JSON, nothing a terminal acts on
			out = termsafe.JSON(out)
		}
		_, _ = stdout.Write(out)
		return runStatus(res, stdout.err, stdio.Err, recorded)
	}
	for _, w := range []*termsafe.Writer{out, errw} {
		if w != nil {
			_ = w.Flush()
		}
	}
	if tail.open() {
		fmt.Fprintln(stdio.Err) // the summary must start on a line of its own
	}
	fmt.Fprintln(stdio.Err, Summary(res, h.Limits)+recorded)
	return runStatus(res, stdout.err, stdio.Err, recorded)
}

// StdoutFailure is the exit status a failed write to stdout earns: 0 when
// err is nil or a closed pipe (the reader, head or less, had what it
// wanted), else ExitOutput, after saying why on stderr with note after it.
func StdoutFailure(err error, stderr io.Writer, note string) int {
	if err == nil || errors.Is(err, syscall.EPIPE) {
		return 0
	}
	fmt.Fprintf(stderr, "pyplay: could not write stdout: %v%s\n", err, note)
	return ExitOutput
}

// runStatus is the exit status of a run once its output is written: the
// run's own, unless stdout failed.
func runStatus(res sandbox.Result, stdoutErr error, stderr io.Writer, recorded string) int {
	note := ""
	if recorded != "" {
		note = "; the history keeps the run (pyplay history)"
	}
	if status := StdoutFailure(stdoutErr, stderr, note); status != 0 {
		return status
	}
	return ExitStatus(res)
}

// stickyWriter passes writes on until one fails, then drops the rest and
// keeps that first error.
type stickyWriter struct {
	w   io.Writer
	mu  sync.Mutex
	err error
}

func (s *stickyWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return 0, s.err
	}
	n, err := s.w.Write(p)
	s.err = err
	return n, err
}

// guestWriter sanitizes guest output bound for a terminal; pipes get the
// bytes exactly as written, so nil means "write through".
func guestWriter(w io.Writer, terminal bool) *termsafe.Writer {
	if terminal {
		return termsafe.NewWriter(w)
	}
	return nil
}

func writerOr(w *termsafe.Writer, raw io.Writer) io.Writer {
	if w != nil {
		return w
	}
	return raw
}

// lineTracker remembers whether the guest's last byte, on either stream,
// ended a line.
type lineTracker struct {
	mu   sync.Mutex
	last byte
}

func (t *lineTracker) track(w io.Writer) io.Writer {
	return writerFunc(func(p []byte) (int, error) {
		if len(p) > 0 {
			t.mu.Lock()
			t.last = p[len(p)-1]
			t.mu.Unlock()
		}
		return w.Write(p)
	})
}

func (t *lineTracker) open() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.last != 0 && t.last != '\n'
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }
