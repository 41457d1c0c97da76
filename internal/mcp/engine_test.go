package mcp_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/pyplay/pyplay/internal/mcp"
	"github.com/pyplay/pyplay/sandbox"
	"github.com/pyplay/pyplay/session"
)

// TestEngineThatCannotStart: a python.wasm that cannot be loaded is the
// protocol's error on every run_python (no call can succeed until the user
// fixes it), and the server goes on serving the other tools.
func TestEngineThatCannotStart(t *testing.T) {
	bogus := filepath.Join(t.TempDir(), "python.wasm")
	if err := os.WriteFile(bogus, []byte("not wasm"), 0o644); err != nil {
		t.Fatal(err)
	}
	svc := session.NewService(sandbox.NewEngine(sandbox.NewConfig().WithPythonWasm(bogus)), nil)
	t.Cleanup(func() { _ = svc.Close(context.Background()) })
	serverT, clientT := sdk.NewInMemoryTransports()
	ss, err := mcp.New(svc, testConfig()).MCP().Connect(context.Background(), serverT, nil)
	if err != nil {
		t.Fatal(err)
	}
	cs, err := sdk.NewClient(&sdk.Implementation{Name: "pyplay-test", Version: "1"}, nil).Connect(context.Background(), clientT, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cs.Close(); ss.Wait() })
	for range 2 {
		_, err := cs.CallTool(context.Background(), &sdk.CallToolParams{Name: "run_python", Arguments: map[string]any{"code": "print(1)"}})
		if err == nil || !strings.Contains(err.Error(), "the sandbox cannot start: ") || !strings.Contains(err.Error(), "python.wasm") {
			t.Errorf("run_python on a broken engine: %v; want the protocol's error naming python.wasm", err)
		}
	}
	if res := callOn(t, cs, "list_runs", nil); !res.IsError || !strings.HasPrefix(text(t, res), "the history is unavailable") {
		t.Errorf("list_runs after: %+v", res)
	}
}
