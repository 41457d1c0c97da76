package session_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pyplay/pyplay/sandbox"
	"github.com/pyplay/pyplay/sandbox/sandboxtest"
	"github.com/pyplay/pyplay/session"
)

type headlessOutput struct {
	status   int
	out, err string
}

func runHeadless(t *testing.T, h session.HeadlessRun, terminal bool) headlessOutput {
	t.Helper()
	if h.Limits == (sandbox.Limits{}) {
		h.Limits = sandbox.DefaultLimits()
	}
	var out, errb bytes.Buffer
	status := session.RunHeadless(context.Background(), sandboxtest.Engine(t), h,
		session.Stdio{Out: &out, Err: &errb, OutTerminal: terminal, ErrTerminal: terminal})
	return headlessOutput{status, out.String(), errb.String()}
}

func TestHeadlessStreamsAndSummarises(t *testing.T) {
	got := runHeadless(t, session.HeadlessRun{Name: "x.py", Source: []byte("import sys\nprint('out')\nprint('oops', file=sys.stderr, end='')\nsys.exit(4)")}, false)
	if got.status != 4 || got.out != "out\n" {
		t.Errorf("status %d stdout %q", got.status, got.out)
	}
	lines := strings.Split(strings.TrimSuffix(got.err, "\n"), "\n")
	if len(lines) != 2 || lines[0] != "oops" || !strings.HasPrefix(lines[1], "pyplay: exit 4 · ") {
		t.Errorf("stderr %q: want the guest's line, a newline, then the summary", got.err)
	}
}

func TestHeadlessNeutralisesEscapesOnlyOnTerminals(t *testing.T) {
	code := []byte(`print("\x1b[2J\x1b]52;c;cm0=\x07hi")`)
	onTerminal := runHeadless(t, session.HeadlessRun{Name: "x.py", Source: code}, true)
	if strings.ContainsRune(onTerminal.out, 0x1b) || strings.ContainsRune(onTerminal.out, 0x07) || !strings.Contains(onTerminal.out, `\x1b[2J`) {
		t.Errorf("terminal stdout %q: escapes must be shown, not sent", onTerminal.out)
	}
	piped := runHeadless(t, session.HeadlessRun{Name: "x.py", Source: code}, false)
	if piped.out != "\x1b[2J\x1b]52;c;cm0=\x07hi\n" {
		t.Errorf("piped stdout %q: pipes carry the bytes exactly", piped.out)
	}
}

func TestHeadlessMarkdownAnswer(t *testing.T) {
	answer := "Here is the code:\n\n```python\nx = 6 * 7\n```\n\nand then:\n\n```py\nprint(x)\n```\n\n```bash\nrm -rf /\n```\n"
	got := runHeadless(t, session.HeadlessRun{Name: "answer.md", Source: []byte(answer)}, false)
	if got.status != 0 || got.out != "42\n" {
		t.Errorf("status %d stdout %q stderr %q", got.status, got.out, got.err)
	}
	if !strings.HasPrefix(got.err, "pyplay: answer.md is Markdown: running 2 of 3 fenced blocks") {
		t.Errorf("stderr %q: want a note saying which blocks ran", got.err)
	}
}

func TestHeadlessJSON(t *testing.T) {
	got := runHeadless(t, session.HeadlessRun{
		Name: "-", Source: []byte("import sys\nprint(sys.stdin.read().upper())\nsys.stdout.buffer.write(b'\\xff')\nraise SystemExit(2)"),
		Stdin: []byte("abc"), JSON: true,
	}, true)
	if got.status != 2 {
		t.Errorf("status %d, want the program's 2", got.status)
	}
	if got.err != "" {
		t.Errorf("stderr %q: --json prints nothing else", got.err)
	}
	var fields map[string]any
	dec := json.NewDecoder(strings.NewReader(got.out))
	if err := dec.Decode(&fields); err != nil || dec.More() {
		t.Fatalf("stdout is not exactly one JSON object: %v\n%s", err, got.out)
	}
	for _, key := range []string{"outcome", "exit_code", "stdout", "stderr", "stdout_truncated", "stderr_truncated", "fuel_used", "fuel_startup", "fuel_limit", "memory_peak_bytes", "memory_limit_bytes", "wall_ms"} {
		if _, ok := fields[key]; !ok {
			t.Errorf("JSON lacks %q", key)
		}
	}
	var report session.Report
	if err := json.Unmarshal([]byte(got.out), &report); err != nil {
		t.Fatal(err)
	}
	raw, _ := base64.StdEncoding.DecodeString(report.StdoutBase64)
	if report.Outcome != sandbox.OutcomeError || report.ExitCode != 2 || string(raw) != "ABC\n\xff" || report.MemoryLimitBytes != sandbox.DefaultMemory {
		t.Errorf("report %+v (raw stdout %q)", report, raw)
	}
}

func TestHeadlessLimitsAndEngineErrors(t *testing.T) {
	got := runHeadless(t, session.HeadlessRun{Name: "x.py", Source: []byte("while True: pass"), Limits: sandbox.Limits{Timeout: 500 * time.Millisecond}}, false)
	if got.status != session.ExitTimeout || !strings.Contains(got.err, "pyplay: stopped: timeout after 500ms") {
		t.Errorf("status %d stderr %q", got.status, got.err)
	}

	broken := sandbox.NewEngine(sandbox.NewConfig().WithPythonWasm("/no/such/python.wasm"))
	defer broken.Close(context.Background())
	var out, errb bytes.Buffer
	status := session.RunHeadless(context.Background(), broken, session.HeadlessRun{Name: "x.py", Source: []byte("print(1)")}, session.Stdio{Out: &out, Err: &errb})
	if status != session.ExitEngine || !strings.Contains(errb.String(), "no such file") || strings.Count(errb.String(), "\n") != 1 {
		t.Errorf("status %d stderr %q: want one line and exit %d", status, errb.String(), session.ExitEngine)
	}
}

// failingWriter takes limit bytes, then fails every write with err.
type failingWriter struct {
	limit int
	err   error
	took  bytes.Buffer
}

func (w *failingWriter) Write(p []byte) (int, error) {
	if w.took.Len()+len(p) > w.limit {
		return 0, w.err
	}
	return w.took.Write(p)
}

// TestHeadlessStdoutFailure: the run goes on when stdout fails; a full disk
// is an error of its own, a reader that went away (head) is not.
func TestHeadlessStdoutFailure(t *testing.T) {
	code := []byte("for i in range(1000): print(i)\nraise SystemExit(5)")
	for _, tt := range []struct {
		err    error
		json   bool
		status int
		stderr string
	}{
		{syscall.ENOSPC, false, session.ExitOutput, "pyplay: could not write stdout: no space left on device"},
		{syscall.ENOSPC, true, session.ExitOutput, "pyplay: could not write stdout: no space left on device"},
		{syscall.EPIPE, false, 5, "pyplay: exit 5 · "},
	} {
		t.Run(fmt.Sprint(tt.err, " json=", tt.json), func(t *testing.T) {
			out := &failingWriter{limit: 10, err: tt.err}
			var errb bytes.Buffer
			status := session.RunHeadless(context.Background(), sandboxtest.Engine(t),
				session.HeadlessRun{Name: "x.py", Source: code, Limits: sandbox.DefaultLimits(), JSON: tt.json},
				session.Stdio{Out: out, Err: &errb})
			if status != tt.status || !strings.Contains(errb.String(), tt.stderr) {
				t.Errorf("status %d, stderr %q; want %d and %q", status, errb.String(), tt.status, tt.stderr)
			}
			if !tt.json && out.took.String() != "0\n1\n2\n3\n4\n" {
				t.Errorf("stdout %q: want what fitted before the failure", out.took.String())
			}
		})
	}
}

// --json to a terminal escapes what the terminal would act on (the 8-bit
// CSI, bidi overrides), as \u escapes that mean the same; to a pipe it
// carries the bytes as written.
func TestHeadlessJSONToATerminal(t *testing.T) {
	h := session.HeadlessRun{Name: "-", Source: []byte(`print("a\u009b2Jb\u202ec")`), JSON: true}
	for _, terminal := range []bool{true, false} {
		got := runHeadless(t, h, terminal)
		escaped := strings.Contains(got.out, `a\u009b2Jb\u202ec`)
		if escaped != terminal || strings.ContainsRune(got.out, '\u009b') == terminal {
			t.Errorf("terminal %v: stdout %q", terminal, got.out)
		}
		var fields map[string]any
		if err := json.Unmarshal([]byte(got.out), &fields); err != nil || fields["stdout"] != "a\u009b2Jb\u202ec\n" {
			t.Errorf("terminal %v: %v, stdout field %q", terminal, err, fields["stdout"])
		}
	}
}
