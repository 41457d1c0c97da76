package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// mcpClient is the Node client in testdata/mcp-client with its
// dependencies installed: the official TypeScript MCP SDK, from npm, as
// its package.json pins it. The install is kept in the user's cache dir,
// under a name made from package.json, so it is done once per machine.
func mcpClient(t *testing.T) string {
	t.Helper()
	pkg, err := os.ReadFile(filepath.Join("testdata", "mcp-client", "package.json"))
	if err != nil {
		t.Fatal(err)
	}
	script, err := os.ReadFile(filepath.Join("testdata", "mcp-client", "client.mjs"))
	if err != nil {
		t.Fatal(err)
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(pkg)
	dir := filepath.Join(cache, "pyplay-test", "mcp-client-"+hex.EncodeToString(sum[:6]))
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "@modelcontextprotocol", "sdk", "package.json")); err != nil {
		if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
			t.Fatal(err)
		}
		// Installed aside and renamed, so that a test binary killed
		// mid-install, or two at once, leave no half-made client.
		tmp, err := os.MkdirTemp(filepath.Dir(dir), "install-")
		if err != nil {
			t.Fatal(err)
		}
		defer os.RemoveAll(tmp)
		if err := os.WriteFile(filepath.Join(tmp, "package.json"), pkg, 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command("npm", "install", "--no-package-lock", "--no-audit", "--no-fund", "--loglevel=error")
		cmd.Dir = tmp
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("npm install of the MCP client (Go and npm are needed for the tests): %v\n%s", err, out)
		}
		if err := os.Rename(tmp, dir); err != nil && !errors.Is(err, os.ErrExist) && !isNotEmpty(err) {
			t.Fatal(err)
		}
	}
	// The script is the repository's, installed next to its dependencies
	// so that Node resolves them.
	path := filepath.Join(dir, fmt.Sprintf("client-%d.mjs", os.Getpid()))
	if err := os.WriteFile(path, script, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Remove(path) })
	return path
}

// isNotEmpty is rename's error when another test binary installed first.
func isNotEmpty(err error) bool {
	var le *os.LinkError
	return errors.As(err, &le) && strings.Contains(le.Err.Error(), "not empty")
}

// e2eCall is one tool call as client.mjs reports it.
type e2eCall struct {
	IsError    bool           `json:"isError"`
	Text       string         `json:"text"`
	Structured map[string]any `json:"structured"`
}

// TestMCPOverStdioWithTheTypeScriptSDK: the real binary, started by the
// official TypeScript SDK's stdio transport, serves every tool, refuses
// bad calls one by one and keeps serving, reports progress, and records a
// canceled run as canceled.
func TestMCPOverStdioWithTheTypeScriptSDK(t *testing.T) {
	bin := pyplayBinary(t)
	script := mcpClient(t)
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	cmd := exec.Command("node", script, bin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("node client.mjs: %v\nstderr:\n%s", err, stderr.String())
	}
	var out struct {
		Tools                   []string
		Hello, Exception, Stdin e2eCall
		GetRun, ListMCP, Diff   e2eCall
		AfterCancel             e2eCall
		Concurrent              []e2eCall
		Canceled                string
		Progress                map[string]any
		Bad                     map[string]json.RawMessage
	}
	if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
		t.Fatalf("client.mjs printed %q: %v\nstderr:\n%s", stdout.String(), err, stderr.String())
	}
	if got := strings.Join(out.Tools, " "); got != "diff_runs get_run list_runs run_python" {
		t.Errorf("tools: %s", got)
	}
	if !strings.HasPrefix(out.Hello.Text, "── stdout ──\nhello from node\nok · ") || out.Hello.Structured["outcome"] != "ok" || out.Hello.IsError {
		t.Errorf("hello: %+v", out.Hello)
	}
	if out.Exception.IsError || out.Exception.Structured["outcome"] != "error" || !strings.Contains(out.Exception.Text, "ZeroDivisionError: division by zero") {
		t.Errorf("an exception must be a result: %+v", out.Exception)
	}
	if out.Stdin.Structured["stdout"] != "cba\n" {
		t.Errorf("stdin: %+v", out.Stdin)
	}

	bad := map[string]string{
		"missingCode":   `"code" is required: the Python source to run`,
		"wrongType":     `"code" must be a string, got a number`,
		"aboveMax":      `"fuel" 200,000,000,000 is above this server's maximum of 100,000,000,000 units (pyplay mcp --max-fuel)`,
		"loneSurrogate": `"code" is not valid Unicode: it holds a lone surrogate (\ud800): send text as UTF-8`,
		"fiftyMB":       `"code" is 47.7 MiB, over the 8 MiB this server takes (pyplay mcp --max-input)`,
	}
	for name, want := range bad {
		var c e2eCall
		if err := json.Unmarshal(out.Bad[name], &c); err != nil || !c.IsError || c.Text != want {
			t.Errorf("%s: %s, want the error %q", name, out.Bad[name], want)
		}
	}
	if msg := string(out.Bad["unknownTool"]); !strings.Contains(msg, `unknown tool \"run_ruby\"`) {
		t.Errorf("unknown tool: %s", msg)
	}

	if !strings.Contains(out.Canceled, "AbortError") {
		t.Errorf("the canceled call: %s", out.Canceled)
	}
	if p := out.Progress; p == nil || p["progress"].(float64) <= 0 || p["total"] != 1e11 || !strings.HasPrefix(p["message"].(string), "fuel ") {
		t.Errorf("progress: %v", p)
	}
	if runs := out.AfterCancel.Structured["runs"].([]any); len(runs) != 1 || !strings.HasPrefix(runs[0].(map[string]any)["first_line"].(string), "while True") {
		t.Errorf("list_runs of canceled runs: %+v", out.AfterCancel)
	}

	ids := map[float64]bool{}
	for i, c := range out.Concurrent {
		if want := fmt.Sprintf("%d\n", i*i); c.Structured["stdout"] != want {
			t.Errorf("concurrent call %d: %+v", i, c)
		}
		ids[c.Structured["id"].(float64)] = true
	}
	if len(ids) != 8 {
		t.Errorf("8 concurrent calls recorded as %d runs", len(ids))
	}
	if out.GetRun.Structured["code"] != "print('hello from node')" || out.GetRun.Structured["client"] != "e2e-node" || out.GetRun.Structured["source"] != "mcp" {
		t.Errorf("get_run: %+v", out.GetRun.Structured)
	}
	if runs := out.ListMCP.Structured["runs"].([]any); len(runs) != 3 {
		t.Errorf("list_runs source mcp limit 3: %+v", out.ListMCP)
	}
	if out.Diff.Structured["outputs_identical"] != false || !strings.Contains(out.Diff.Structured["stdout_diff"].(string), "+cba") {
		t.Errorf("diff_runs: %+v", out.Diff.Structured)
	}

	// And the person sees the agent's runs in the history.
	if got := pyplay(t, "", "history", "--source", "mcp", "-n", "1"); !strings.Contains(got.stdout, " mcp e2e-node ") {
		t.Errorf("history --source mcp:\n%s", got.stdout)
	}
}
