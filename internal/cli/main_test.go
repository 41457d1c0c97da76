package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pyplay/pyplay/sandbox/sandboxtest"
)

// TestMain keeps the tests' runs and config away from the user's.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "pyplay-cli-")
	if err != nil {
		panic(err)
	}
	for name, sub := range map[string]string{"XDG_STATE_HOME": "state", "XDG_CONFIG_HOME": "config"} {
		if err := os.Setenv(name, filepath.Join(dir, sub)); err != nil {
			panic(err)
		}
	}
	code := m.Run()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

// cliResult is what a command did: its exit status and its two streams.
type cliResult struct {
	status      int
	stdout, err string
}

// invocation is one command run in-process.
type invocation struct {
	stdin    string
	terminal bool // stdout and stderr are terminals
	out      interface{ Write([]byte) (int, error) }
}

// pyplay runs the command args in-process, as the binary would, with stdin
// piped in and stdout and stderr captured.
func pyplay(t *testing.T, stdin string, args ...string) cliResult {
	t.Helper()
	return invocation{stdin: stdin}.run(t, args...)
}

func (inv invocation) run(t *testing.T, args ...string) cliResult {
	t.Helper()
	sandboxtest.Engine(t) // python.wasm provisioned before a command looks for it
	var out, errb bytes.Buffer
	stdio := &IO{
		In: strings.NewReader(inv.stdin), Out: &out, Err: &errb,
		OutTerminal: inv.terminal, ErrTerminal: inv.terminal,
		Getenv: os.Getenv,
	}
	if inv.out != nil {
		stdio.Out = inv.out
	}
	status := Main(context.Background(), stdio, args, Assets{})
	return cliResult{status, out.String(), errb.String()}
}

func writeTemp(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
