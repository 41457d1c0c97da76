package cli

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pyplay/pyplay/sandbox/sandboxtest"
)

func TestUsageErrors(t *testing.T) {
	script := writeTemp(t, "ok.py", "print(1)")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"playground without a terminal", nil, "the playground needs a terminal; for scripts use 'pyplay run FILE'"},
		{"unknown command", []string{"frobnicate"}, `unknown command "frobnicate"`},
		{"bad size", []string{"run", "--memory", "12XB", script}, `invalid value "12XB" for flag -memory`},
		{"bad fuel", []string{"run", "--fuel", "-1", script}, `invalid value "-1" for flag -fuel`},
		{"bad timeout", []string{"run", "--timeout", "soon", script}, `invalid value "soon" for flag -timeout`},
		{"unknown flag", []string{"run", "--turbo", script}, "flag provided but not defined: -turbo"},
		{"no file", []string{"run"}, "want exactly one FILE"},
		{"two files", []string{"run", script, script}, "want exactly one FILE"},
		{"missing file", []string{"run", "/no/such/snippet.py"}, "/no/such/snippet.py: no such file"},
		{"stdin twice", []string{"run", "--stdin", "-", "-"}, "cannot be used when the code itself comes from stdin"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := pyplay(t, "", tt.args...)
			if got.status != ExitUsage || !strings.Contains(got.err, tt.want) {
				t.Errorf("exit %d stderr %q; want exit 2 and %q", got.status, got.err, tt.want)
			}
			if strings.Count(got.err, "\n") != 1 {
				t.Errorf("stderr %q: want one line", got.err)
			}
		})
	}
}

func TestRunCommand(t *testing.T) {
	input := writeTemp(t, "input.txt", "three words here")
	answer := writeTemp(t, "answer.md", "Sure!\n\n```python\nimport sys\nprint(len(sys.stdin.read().split()))\n```\n")
	tests := []struct {
		name       string
		stdin      string
		args       []string
		status     int
		stdout     string
		stderrHas  string
		jsonFields map[string]any
	}{
		{name: "file with flags after it", args: []string{"run", writeTemp(t, "hi.py", "print('hi')"), "--timeout", "5s"}, stdout: "hi\n", stderrHas: "pyplay: ok · "},
		{name: "code from stdin", stdin: "print(6 * 7)", args: []string{"run", "-"}, stdout: "42\n"},
		{name: "markdown with stdin file", args: []string{"run", "--stdin", input, answer}, stdout: "3\n", stderrHas: "answer.md is Markdown: running 1 of 1 fenced block"},
		{name: "program exit status", stdin: "raise SystemExit(7)", args: []string{"run", "-"}, status: 7, stderrHas: "pyplay: exit 7"},
		{name: "memory cap", stdin: "x = [bytearray(1 << 20) for _ in range(500)]", args: []string{"run", "--memory", "64MiB", "-"}, status: ExitMemory, stderrHas: "MemoryError"},
		{name: "timeout", stdin: "while True: pass", args: []string{"run", "--fuel", "0", "--timeout", "1", "-"}, status: ExitTimeout, stderrHas: "stopped: timeout after 1s"},
		{name: "fuel", stdin: "while True: pass", args: []string{"run", "--fuel", "50M", "-"}, status: ExitFuel, stderrHas: "stopped: fuel exhausted after 50,000,000 units"},
		{name: "memory below the module's", stdin: "print(1)", args: []string{"run", "--memory", "1KiB", "-"}, status: ExitUsage, stderrHas: "MiB python.wasm starts with: use at least "},
		{name: "python.wasm that is not one", stdin: "print(1)", args: []string{"run", "--python-wasm", input, "-"}, status: ExitEngine, stderrHas: "is not a WebAssembly module"},
		{name: "code past --max-input", stdin: "print('a long line of code')", args: []string{"run", "--max-input", "16", "-"}, status: ExitUsage, stderrHas: "pyplay run: - is over 16 B: raise the limit with --max-input SIZE"},
		{name: "--max-input past what the history holds", stdin: "print(1)", args: []string{"run", "--max-input", "3GiB", "-"}, status: ExitUsage, stderrHas: "--max-input 3 GiB: at most 1 GiB, the most the history can record"},
		{name: "endless stdin", args: []string{"run", "--max-input", "1MiB", "--stdin", "/dev/zero", answer}, status: ExitUsage, stderrHas: "/dev/zero is over 1 MiB: raise the limit with --max-input SIZE"},
		{name: "endless python.wasm", stdin: "print(1)", args: []string{"run", "--python-wasm", "/dev/zero", "-"}, status: ExitEngine, stderrHas: "/dev/zero is over 256 MiB"},
		{
			name: "json", stdin: "print('x' * 10)", args: []string{"run", "--json", "--max-output", "4", "-"},
			jsonFields: map[string]any{"outcome": "ok", "exit_code": 0.0, "stdout_truncated": true, "memory_limit_bytes": float64(128 << 20)},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := pyplay(t, tt.stdin, tt.args...)
			if got.status != tt.status {
				t.Fatalf("exit %d, want %d; stderr %q", got.status, tt.status, got.err)
			}
			if tt.jsonFields != nil {
				var fields map[string]any
				if err := json.Unmarshal([]byte(got.stdout), &fields); err != nil {
					t.Fatalf("stdout is not one JSON object: %v\n%s", err, got.stdout)
				}
				for k, v := range tt.jsonFields {
					if fields[k] != v {
						t.Errorf("%s = %v, want %v", k, fields[k], v)
					}
				}
				return
			}
			if got.stdout != tt.stdout && tt.stdout != "" {
				t.Errorf("stdout %q, want %q", got.stdout, tt.stdout)
			}
			if !strings.Contains(got.err, tt.stderrHas) {
				t.Errorf("stderr %q does not contain %q", got.err, tt.stderrHas)
			}
		})
	}
}

func TestHelp(t *testing.T) {
	got := pyplay(t, "", "run", "-h")
	for _, flag := range []string{"-fuel", "-memory", "-timeout", "-stdin", "-max-output", "-deterministic", "-json", "-python-wasm"} {
		if got.status != 0 || !strings.Contains(got.stdout, flag) {
			t.Errorf("exit %d; help lacks %s:\n%s", got.status, flag, got.stdout)
		}
	}
	for _, cmd := range [][]string{{"history", "-h"}, {"show", "--help"}, {"rerun", "-h"}, {"diff", "1", "-h"}, {"config", "-h"}} {
		got := pyplay(t, "", cmd...)
		if got.status != 0 || !strings.Contains(got.stdout, "pyplay "+cmd[0]) || got.err != "" {
			t.Errorf("pyplay %v: exit %d, stdout %q, stderr %q; want its usage", cmd, got.status, got.stdout, got.err)
		}
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestHistoryCommands(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir()) // a history of this test's own
	code := "import random, sys\nprint(random.random(), sys.stdin.read())"
	first := pyplay(t, code, "run", "--deterministic", "--stdin", writeTemp(t, "in.txt", "input"), "-")
	if first.status != 0 || !strings.HasSuffix(strings.TrimSpace(first.err), "· run 1") {
		t.Fatalf("run: exit %d stderr %q: want the summary to name run 1", first.status, first.err)
	}
	pyplay(t, "print('other')", "run", "-")
	if got := pyplay(t, "print('secret')", "run", "--no-history", "-"); strings.Contains(got.err, "· run") {
		t.Errorf("--no-history recorded the run: %q", got.err)
	}

	rerun := pyplay(t, "", "rerun", "1")
	if rerun.status != 0 || rerun.stdout != first.stdout || !strings.Contains(rerun.err, "· run 3") {
		t.Errorf("rerun: exit %d stdout %q (want %q) stderr %q", rerun.status, rerun.stdout, first.stdout, rerun.err)
	}

	list := pyplay(t, "", "history", "--json")
	var entries []map[string]any
	if err := json.Unmarshal([]byte(list.stdout), &entries); err != nil || len(entries) != 3 {
		t.Fatalf("history --json: %v, %d entries\n%s", err, len(entries), list.stdout)
	}
	for _, key := range []string{"id", "time", "outcome", "exit_code", "fuel_used", "wall_ms", "stdout", "code"} {
		if _, ok := entries[0][key]; !ok {
			t.Errorf("history --json lacks %q", key)
		}
	}
	if entries[0]["id"] != 3.0 || entries[2]["code"] != code {
		t.Errorf("newest first: ids %v, %v", entries[0]["id"], entries[2]["id"])
	}
	if got := pyplay(t, "", "history", "-n", "1", "--outcome", "ok"); got.status != 0 || strings.Count(got.stdout, "\n") != 2 {
		t.Errorf("history -n 1: exit %d\n%s", got.status, got.stdout)
	}

	if got := pyplay(t, "", "show", "2"); got.status != 0 || !strings.Contains(got.stdout, "── code ──\nprint('other')") || !strings.Contains(got.stdout, "── stdout ──\nother") {
		t.Errorf("show 2: exit %d\n%s", got.status, got.stdout)
	}
	if got := pyplay(t, "", "diff", "1", "3"); got.status != 0 || !strings.Contains(got.stdout, "output: identical") {
		t.Errorf("diff of a deterministic rerun: exit %d\n%s", got.status, got.stdout)
	}
	if got := pyplay(t, "", "diff", "1", "2"); got.status != 1 || !strings.Contains(got.stdout, "+other") {
		t.Errorf("diff of different runs: exit %d\n%s", got.status, got.stdout)
	}

	for _, args := range [][]string{{"show", "99"}, {"diff", "1"}, {"diff", "1", "99"}, {"rerun", "x"}, {"history", "--outcome", "bogus"}, {"history", "-n", "0"}, {"help", "nope"}} {
		if got := pyplay(t, "", args...); got.status != 2 || strings.Count(got.err, "\n") != 1 || strings.Count(got.err, "'pyplay ") != 1 {
			t.Errorf("%v: exit %d stderr %q; want exit 2 and one line with one hint", args, got.status, got.err)
		}
	}

	// A history that cannot be opened: exit 4, but diff's trouble is 2, as
	// diff(1)'s, apart from its 1 for "they differ".
	t.Setenv("XDG_STATE_HOME", writeTemp(t, "not-a-dir", "x"))
	if got := pyplay(t, "", "history"); got.status != ExitHistory {
		t.Errorf("history on an unusable state dir: exit %d %q, want %d", got.status, got.err, ExitHistory)
	}
	if got := pyplay(t, "", "diff", "1", "2"); got.status != 2 || strings.Count(got.err, "\n") != 1 {
		t.Errorf("diff on an unusable state dir: exit %d %q, want 2", got.status, got.err)
	}
}

func TestCorruptHistoryDoesNotStopARun(t *testing.T) {
	state := t.TempDir()
	t.Setenv("XDG_STATE_HOME", state)
	db := filepath.Join(state, "pyplay", "history.db")
	if err := os.MkdirAll(filepath.Dir(db), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, db, strings.Repeat("garbage ", 1000))
	got := pyplay(t, "print(1)", "run", "-")
	if got.status != 0 || got.stdout != "1\n" || !strings.Contains(got.err, "was unreadable") || !strings.Contains(got.err, "· run 1") {
		t.Errorf("exit %d stdout %q stderr %q", got.status, got.stdout, got.err)
	}
}

func TestConfigAndThemesCommands(t *testing.T) {
	if got := pyplay(t, "", "themes"); got.status != 0 || strings.Fields(got.stdout)[0] != "default" || len(strings.Fields(got.stdout)) < 6 {
		t.Errorf("themes: %+v", got)
	}
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir)
	if err := os.MkdirAll(filepath.Join(dir, "pyplay"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "pyplay", "config.toml"), "theme = \"paper\"\n[limits]\nfuel = \"50M\"\n")
	got := pyplay(t, "", "config")
	for _, want := range []string{"config.toml (found)", "theme              paper", "(config file)", "limits.memory      128 MiB     (default)"} {
		if got.status != 0 || !strings.Contains(got.stdout, want) {
			t.Errorf("config lacks %q:\n%s", want, got.stdout)
		}
	}
	// The config's fuel is pyplay run's default; a flag still wins.
	if run := pyplay(t, "while True: pass", "run", "--no-history", "-"); run.status != ExitFuel || !strings.Contains(run.err, "after 50,000,000 units") {
		t.Errorf("run with the config's fuel: %+v", run)
	}
	// A malformed file: one line naming the line, and the defaults.
	writeFile(t, filepath.Join(dir, "pyplay", "config.toml"), "[limits\nfuel = 1\n")
	run := pyplay(t, "print(1)", "run", "--no-history", "-")
	if run.status != 0 || !strings.Contains(run.err, "config.toml: line 1:") || !strings.Contains(run.err, "pyplay uses the defaults") {
		t.Errorf("malformed config: %+v", run)
	}
}

// pyplay cache shows the cache dir's parts; clear removes what pyplay made
// from python.wasm and keeps python.wasm itself.
func TestCacheCommand(t *testing.T) {
	sandboxtest.Engine(t) // provisioned in the real cache before this test moves it
	dir := t.TempDir()
	for name, size := range map[string]int{"pyplay/python-3.12.0.wasm": 10, "pyplay/snapshot/a.snap": 2048, "pyplay/wazero/v/x": 4} {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, make([]byte, size), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cache := func(args ...string) (int, string) {
		t.Setenv("XDG_CACHE_HOME", dir) // only this command's
		got := pyplay(t, "", append([]string{"cache"}, args...)...)
		return got.status, got.stdout + got.err
	}
	if status, out := cache(); status != 0 || !strings.Contains(out, "snapshot            2 KiB  1") {
		t.Errorf("cache: %d %q", status, out)
	}
	if status, out := cache("clear"); status != 0 || !strings.Contains(out, "cleared") {
		t.Errorf("cache clear: %d %q", status, out)
	}
	if _, err := os.Stat(filepath.Join(dir, "pyplay/snapshot")); !os.IsNotExist(err) {
		t.Errorf("the snapshot cache is still there: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "pyplay/python-3.12.0.wasm")); err != nil {
		t.Errorf("python.wasm went with the clear: %v", err)
	}
	if status, out := cache("wipe"); status != ExitUsage {
		t.Errorf("cache wipe: %d %q", status, out)
	}
}

// TestEveryCommandsHelpListsItsFlags: 'pyplay help NAME' and 'pyplay NAME
// -h' come from the table, with every flag and its description, and
// 'pyplay help' lists every command.
func TestEveryCommandsHelpListsItsFlags(t *testing.T) {
	env := &Env{IO: &IO{Getenv: os.Getenv}, commands: commands()}
	all := pyplay(t, "", "help")
	for _, c := range commands() {
		if !strings.Contains(all.stdout, "  "+strings.TrimSpace(c.title()+" "+c.Args)+"\n        "+c.Short+"\n") {
			t.Errorf("'pyplay help' lacks %q", c.title())
		}
		name := c.Name
		if name == "" {
			name = "pyplay" // the playground: 'pyplay -h' is the whole help
		}
		got := pyplay(t, "", "help", name)
		if got.status != 0 || got.err != "" || !strings.HasPrefix(got.stdout, "Usage: "+c.title()) {
			t.Errorf("pyplay help %s: exit %d, stderr %q, stdout %q", name, got.status, got.err, got.stdout)
		}
		fs := flag.NewFlagSet(c.title(), flag.ContinueOnError)
		c.Setup(env, fs)
		fs.VisitAll(func(f *flag.Flag) {
			if !strings.Contains(got.stdout, "-"+f.Name) || !strings.Contains(got.stdout, f.Usage) {
				t.Errorf("pyplay help %s: flag -%s or its description %q missing", name, f.Name, f.Usage)
			}
		})
		if c.Name != "" {
			if dash := pyplay(t, "", c.Name, "-h"); dash.stdout != got.stdout || dash.status != 0 {
				t.Errorf("pyplay %s -h differs from 'pyplay help %s': exit %d\n%s", c.Name, c.Name, dash.status, dash.stdout)
			}
		}
	}
}
