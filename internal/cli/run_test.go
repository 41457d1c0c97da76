package cli

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"syscall"
	"testing"

	"github.com/pyplay/pyplay/sandbox"
	"github.com/pyplay/pyplay/session"
)

func TestRunStreamsAndSummarises(t *testing.T) {
	got := pyplay(t, "import sys\nprint('out')\nprint('oops', file=sys.stderr, end='')\nsys.exit(4)", "run", "--no-history", "-")
	if got.status != 4 || got.stdout != "out\n" {
		t.Errorf("status %d stdout %q", got.status, got.stdout)
	}
	lines := strings.Split(strings.TrimSuffix(got.err, "\n"), "\n")
	if len(lines) != 2 || lines[0] != "oops" || !strings.HasPrefix(lines[1], "pyplay: exit 4 · ") {
		t.Errorf("stderr %q: want the guest's line, a newline, then the summary", got.err)
	}
}

func TestRunNeutralisesEscapesOnlyOnTerminals(t *testing.T) {
	code := `print("\x1b[2J\x1b]52;c;cm0=\x07hi")`
	onTerminal := invocation{stdin: code, terminal: true}.run(t, "run", "--no-history", "-")
	if strings.ContainsRune(onTerminal.stdout, 0x1b) || strings.ContainsRune(onTerminal.stdout, 0x07) || !strings.Contains(onTerminal.stdout, `\x1b[2J`) {
		t.Errorf("terminal stdout %q: escapes must be shown, not sent", onTerminal.stdout)
	}
	piped := pyplay(t, code, "run", "--no-history", "-")
	if piped.stdout != "\x1b[2J\x1b]52;c;cm0=\x07hi\n" {
		t.Errorf("piped stdout %q: pipes carry the bytes exactly", piped.stdout)
	}
}

func TestRunMarkdownAnswer(t *testing.T) {
	answer := writeTemp(t, "answer.md", "Here is the code:\n\n```python\nx = 6 * 7\n```\n\nand then:\n\n```py\nprint(x)\n```\n\n```bash\nrm -rf /\n```\n")
	got := pyplay(t, "", "run", "--no-history", answer)
	if got.status != 0 || got.stdout != "42\n" {
		t.Errorf("status %d stdout %q stderr %q", got.status, got.stdout, got.err)
	}
	if !strings.HasPrefix(got.err, "pyplay: "+answer+" is Markdown: running 2 of 3 fenced blocks") {
		t.Errorf("stderr %q: want a note saying which blocks ran", got.err)
	}
}

func TestRunJSON(t *testing.T) {
	code := writeTemp(t, "x.py", "import sys\nprint(sys.stdin.read().upper())\nsys.stdout.buffer.write(b'\\xff')\nraise SystemExit(2)")
	got := invocation{stdin: "abc", terminal: true}.run(t, "run", "--no-history", "--json", "--stdin", "-", code)
	if got.status != 2 {
		t.Errorf("status %d, want the program's 2", got.status)
	}
	if got.err != "" {
		t.Errorf("stderr %q: --json prints nothing else", got.err)
	}
	var fields map[string]any
	dec := json.NewDecoder(strings.NewReader(got.stdout))
	if err := dec.Decode(&fields); err != nil || dec.More() {
		t.Fatalf("stdout is not exactly one JSON object: %v\n%s", err, got.stdout)
	}
	for _, key := range []string{"outcome", "exit_code", "stdout", "stderr", "stdout_truncated", "stderr_truncated", "fuel_used", "fuel_startup", "fuel_limit", "memory_peak_bytes", "memory_limit_bytes", "wall_ms"} {
		if _, ok := fields[key]; !ok {
			t.Errorf("JSON lacks %q", key)
		}
	}
	var report session.Report
	if err := json.Unmarshal([]byte(got.stdout), &report); err != nil {
		t.Fatal(err)
	}
	raw, _ := base64.StdEncoding.DecodeString(report.StdoutBase64)
	if report.Outcome != sandbox.OutcomeError || report.ExitCode != 2 || string(raw) != "ABC\n\xff" || report.MemoryLimitBytes != sandbox.DefaultMemory {
		t.Errorf("report %+v (raw stdout %q)", report, raw)
	}
}

// --json to a terminal escapes what the terminal would act on (the 8-bit
// CSI, bidi overrides), as \u escapes that mean the same; to a pipe it
// carries the bytes as written.
func TestRunJSONToATerminal(t *testing.T) {
	for _, terminal := range []bool{true, false} {
		got := invocation{stdin: `print("a\u009b2Jb\u202ec")`, terminal: terminal}.run(t, "run", "--no-history", "--json", "-")
		escaped := strings.Contains(got.stdout, `a\u009b2Jb\u202ec`)
		if escaped != terminal || strings.ContainsRune(got.stdout, '\u009b') == terminal {
			t.Errorf("terminal %v: stdout %q", terminal, got.stdout)
		}
		var fields map[string]any
		if err := json.Unmarshal([]byte(got.stdout), &fields); err != nil || fields["stdout"] != "a\u009b2Jb\u202ec\n" {
			t.Errorf("terminal %v: %v, stdout field %q", terminal, err, fields["stdout"])
		}
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

// TestStdoutFailure: the run goes on when stdout fails; a full disk is an
// error of its own, a reader that went away (head) is not. Every command
// that writes stdout says so.
func TestStdoutFailure(t *testing.T) {
	code := "for i in range(1000): print(i)\nraise SystemExit(5)"
	for _, tt := range []struct {
		err    error
		args   []string
		status int
		stderr string
	}{
		{syscall.ENOSPC, []string{"run", "-"}, ExitOutput, "pyplay run: could not write stdout: no space left on device; the history keeps the run (pyplay history)"},
		{syscall.ENOSPC, []string{"run", "--json", "-"}, ExitOutput, "pyplay run: could not write stdout: no space left on device"},
		{syscall.EPIPE, []string{"run", "-"}, 5, "pyplay: exit 5 · "},
		{syscall.ENOSPC, []string{"config"}, ExitOutput, "pyplay config: could not write stdout"},
		{syscall.ENOSPC, []string{"themes"}, ExitOutput, "pyplay themes: could not write stdout"},
		{syscall.ENOSPC, []string{"help"}, ExitOutput, "pyplay help: could not write stdout"},
		{syscall.ENOSPC, []string{"run", "-h"}, ExitOutput, "pyplay run: could not write stdout"},
		{syscall.ENOSPC, []string{"history", "-h"}, ExitOutput, "pyplay history: could not write stdout"},
	} {
		t.Run(fmt.Sprint(tt.err, tt.args), func(t *testing.T) {
			out := &failingWriter{limit: 10, err: tt.err}
			got := invocation{stdin: code, out: out}.run(t, tt.args...)
			if got.status != tt.status || !strings.Contains(got.err, tt.stderr) {
				t.Errorf("status %d, stderr %q; want %d and %q", got.status, got.err, tt.status, tt.stderr)
			}
			if strings.Join(tt.args, " ") == "run -" && out.took.String() != "0\n1\n2\n3\n4\n" {
				t.Errorf("stdout %q: want what fitted before the failure", out.took.String())
			}
		})
	}
}
