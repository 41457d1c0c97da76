package mcp_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/pyplay/pyplay/session/history"
)

// figures masks what changes from run to run in a result's text: fuel,
// memory and wall time.
var figures = regexp.MustCompile(`fuel [0-9,]+ of|peak [0-9.]+ [KMG]?i?B|· [0-9.]+ m?s`)

func mask(s string) string {
	return figures.ReplaceAllStringFunc(s, func(m string) string { return strings.SplitN(m, " ", 2)[0] + " N" })
}

// textPattern matches want exactly but for its {PREFIX} parts, each of
// which matches text that starts with PREFIX, up to " (" on its line.
func textPattern(want string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString("^")
	for {
		i := strings.IndexByte(want, '{')
		j := strings.IndexByte(want, '}')
		if i < 0 || j < i {
			break
		}
		b.WriteString(regexp.QuoteMeta(want[:i]) + regexp.QuoteMeta(want[i+1:j]) + `[^\n(]*`)
		want = want[j+1:]
	}
	b.WriteString(regexp.QuoteMeta(want) + "$")
	return regexp.MustCompile(b.String())
}

func TestRunPython(t *testing.T) {
	ts := start(t, testConfig(), nil)
	tests := []struct {
		name    string
		args    map[string]any
		outcome string
		// text is masked; {PREFIX} is text that starts so, on one line:
		// the sandbox's words for where a stop happened may change.
		text string
	}{
		{"ok", map[string]any{"code": "print('hello')"}, "ok",
			"── stdout ──\nhello\nok · fuel N 10,000,000,000 · memory peak N of 128 MiB · N · run 1\n"},
		{"stdin and stderr", map[string]any{"code": "import sys\nprint(sys.stdin.read().upper())\nprint('warn', file=sys.stderr)", "stdin": "abc"}, "ok",
			"── stdout ──\nABC\n── stderr ──\nwarn\nok · fuel N 10,000,000,000 · memory peak N of 128 MiB · N · run 2\n"},
		{"an exception is a result", map[string]any{"code": "1/0"}, "error",
			"── stdout ──\n(nothing)\n── stderr ──\nTraceback (most recent call last):\n  File \"/snippet/main.py\", line 1, in <module>\n    1/0\n    ~^~\nZeroDivisionError: division by zero\nexit 1: ZeroDivisionError · fuel N 10,000,000,000 · memory peak N of 128 MiB · N · run 3\n"},
		{"fuel in the CLI's units", map[string]any{"code": "while True: pass", "fuel": "50M"}, "fuel_exhausted",
			"── stdout ──\n(nothing)\n{stopped: fuel exhausted after 50,000,000 units} (raise it with the fuel argument, up to 100,000,000,000) · fuel N 50,000,000 · memory peak N of 128 MiB · N · run 4\n"},
		{"limits as numbers", map[string]any{"code": "import time\ntime.sleep(5)", "fuel": 100_000_000, "timeout": 0.5}, "timeout",
			"── stdout ──\n(nothing)\n{stopped: timeout after 500ms} (raise it with the timeout argument, up to 1m0s) · fuel N 100,000,000 · memory peak N of 128 MiB · N · run 5\n"},
		{"memory", map[string]any{"code": "x = bytearray(200 << 20)", "memory": "64MiB"}, "memory_exceeded", ""},
		{"markdown answer", map[string]any{"code": "Sure:\n\n```python\nprint(6 * 7)\n```\n", "deterministic": true}, "ok",
			"note: code is Markdown: running 1 of 1 fenced block (python, line 4)\n── stdout ──\n42\nok · fuel N 10,000,000,000 · memory peak N of 128 MiB · N · run 7\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := ts.call(t, "run_python", tt.args)
			if res.IsError {
				t.Fatalf("a program's failure must be a result, not an error: %s", text(t, res))
			}
			out := structured(t, res)
			if out["outcome"] != tt.outcome {
				t.Errorf("outcome %v, want %s; text:\n%s", out["outcome"], tt.outcome, text(t, res))
			}
			id := int64(out["id"].(float64))
			rec, err := ts.store.Get(context.Background(), id)
			if err != nil || rec.Source != history.SourceMCP || rec.Client != "pyplay-test" || string(rec.Result.Outcome) != tt.outcome {
				t.Errorf("record %d: source %q client %q outcome %s, %v", id, rec.Source, rec.Client, rec.Result.Outcome, err)
			}
			if got := mask(text(t, res)); tt.text != "" && !textPattern(tt.text).MatchString(got) {
				t.Errorf("text:\n%s\nwant:\n%s", got, tt.text)
			}
		})
	}
}

// TestRunPythonReport: the structured content has every field of
// `pyplay run --json` and the id.
func TestRunPythonReport(t *testing.T) {
	ts := start(t, testConfig(), nil)
	out := structured(t, ts.call(t, "run_python", map[string]any{"code": "print('x' * 10)"}))
	for _, key := range []string{"id", "outcome", "exit_code", "stdout", "stderr", "stdout_truncated", "stderr_truncated", "fuel_used", "fuel_startup",
		"fuel_shutdown", "fuel_limit", "memory_peak_bytes", "memory_limit_bytes", "scratch_peak_bytes", "scratch_limit_bytes", "wall_ms"} {
		if _, ok := out[key]; !ok {
			t.Errorf("structured content lacks %q: %v", key, out)
		}
	}
	if out["stdout"] != strings.Repeat("x", 10)+"\n" || out["id"] != 1.0 || out["fuel_limit"] != 1e10 {
		t.Errorf("structured content %v", out)
	}
}

// TestLongOutputIsCutForTheModel: the text keeps the head and the tail of
// a long stream and says what went; the structured content has it whole.
func TestLongOutputIsCutForTheModel(t *testing.T) {
	cfg := testConfig()
	cfg.TextMax = 200
	ts := start(t, cfg, nil)
	res := ts.call(t, "run_python", map[string]any{"code": "for i in range(1000): print(f'line {i:04}')"})
	got := text(t, res)
	want := "── stdout ──\nline 0000\nline 0001\nline 0002\nline 0003\nline 0004\nline 0005\nline 0006\nline 0007\nline 0008\nline 0009\n" +
		"[… 9.6 KiB cut here (980 lines); structuredContent has it whole, and get_run 1 …]\n" +
		"line 0990\nline 0991\nline 0992\nline 0993\nline 0994\nline 0995\nline 0996\nline 0997\nline 0998\nline 0999\n"
	if !strings.HasPrefix(got, want) {
		t.Errorf("text:\n%s\nwant it to start:\n%s", got, want)
	}
	if out := structured(t, res); len(out["stdout"].(string)) != 10_000 {
		t.Errorf("structured stdout is %d bytes, want all 10,000", len(out["stdout"].(string)))
	}
}

func TestOutputPastTheCapIsMarked(t *testing.T) {
	cfg := testConfig()
	cfg.Defaults.MaxOutput = 100
	ts := start(t, cfg, nil)
	got := text(t, ts.call(t, "run_python", map[string]any{"code": "print('y' * 1000)"}))
	if want := "[… the program wrote more: stdout past the output cap of 100 B was dropped]\n"; !strings.Contains(got, want) {
		t.Errorf("text:\n%s\nwant it to say %q", got, want)
	}
}
