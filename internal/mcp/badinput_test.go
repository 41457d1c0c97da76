package mcp_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
)

// TestBadInput: each bad call gets one clear error the model can act on,
// runs nothing, and the server goes on serving.
func TestBadInput(t *testing.T) {
	ts := start(t, testConfig(), nil)
	big := strings.Repeat("x", 9<<20) // the in-memory transport takes 16 MiB a message

	tests := []struct {
		name, tool string
		args       any
		want       string
	}{
		{"missing code", "run_python", map[string]any{}, `"code" is required: the Python source to run`},
		{"no arguments", "run_python", nil, `"code" is required: the Python source to run`},
		{"code not a string", "run_python", map[string]any{"code": 42}, `"code" must be a string, got a number`},
		{"stdin not a string", "run_python", map[string]any{"code": "pass", "stdin": []int{1}}, `"stdin" must be a string, got an array`},
		{"deterministic not a boolean", "run_python", map[string]any{"code": "pass", "deterministic": "yes"}, `"deterministic" must be true or false, got a string`},
		{"fuel not a quantity", "run_python", map[string]any{"code": "pass", "fuel": true}, `"fuel" must be a string such as "400M" or a number, got a boolean`},
		{"fuel unreadable", "run_python", map[string]any{"code": "pass", "fuel": "lots"}, `"fuel": invalid value "lots": use a whole number such as 400000000, 400_000_000 or 400M, or 0 for no limit`},
		{"fuel negative", "run_python", map[string]any{"code": "pass", "fuel": -5}, `"fuel": invalid value "-5": use a whole number such as 400000000, 400_000_000 or 400M, or 0 for no limit`},
		{"fuel above the maximum", "run_python", map[string]any{"code": "pass", "fuel": "200G"}, `"fuel" 200,000,000,000 is above this server's maximum of 100,000,000,000 units (pyplay mcp --max-fuel)`},
		{"no fuel limit under a maximum", "run_python", map[string]any{"code": "pass", "fuel": "0"}, `"fuel" 0 (no limit) is above this server's maximum of 100,000,000,000 units (pyplay mcp --max-fuel)`},
		{"memory above the maximum", "run_python", map[string]any{"code": "pass", "memory": "1GiB"}, `"memory" 1 GiB is above this server's maximum of 512 MiB (pyplay mcp --max-memory)`},
		{"memory past wasm32", "run_python", map[string]any{"code": "pass", "memory": "8GiB"}, `"memory" 8 GiB is more than wasm32 can address: at most 4 GiB`},
		{"memory below python.wasm's", "run_python", map[string]any{"code": "pass", "memory": "1MiB"}, "a memory limit of 1 MiB is below the"},
		{"timeout above the maximum", "run_python", map[string]any{"code": "pass", "timeout": "2h"}, `"timeout" 2h0m0s is above this server's maximum of 1m0s (pyplay mcp --max-timeout)`},
		{"timeout unreadable", "run_python", map[string]any{"code": "pass", "timeout": "soon"}, `"timeout": invalid value "soon": use a duration such as 10s, 1.5s, 2m or 500ms, or 0 for no limit`},
		{"unknown argument", "run_python", map[string]any{"code": "pass", "lang": "py", "cwd": "/"}, `unknown argument "cwd", "lang": this tool takes code, stdin, fuel, memory, timeout, deterministic`},
		{"arguments not an object", "run_python", json.RawMessage(`["print(1)"]`), `the arguments must be a JSON object, got an array`},
		{"code over --max-input", "run_python", map[string]any{"code": big}, `"code" is 9 MiB, over the 8 MiB this server takes (pyplay mcp --max-input)`},
		{"stdin over --max-input", "run_python", map[string]any{"code": "pass", "stdin": big}, `"stdin" is 9 MiB, over the 8 MiB this server takes (pyplay mcp --max-input)`},
		{"invalid UTF-8", "run_python", json.RawMessage("{\"code\": \"print('\xff\xfe')\"}"), "the arguments are not valid UTF-8 (at byte 16): send text as UTF-8"},
		{"a lone surrogate", "run_python", json.RawMessage(`{"code": "print('\ud83d')"}`), `"code" is not valid Unicode: it holds a lone surrogate (\ud83d): send text as UTF-8`},
		{"a low surrogate first", "run_python", json.RawMessage(`{"code": "print('\\\ude00\ude00')"}`), `"code" is not valid Unicode: it holds a lone surrogate (\ude00): send text as UTF-8`},
		{"get_run without id", "get_run", map[string]any{}, `"id" is required: a run id, as list_runs shows`},
		{"get_run of a string", "get_run", map[string]any{"id": "one"}, `"id" must be a run id, a whole number from 1, got "one"`},
		{"get_run of no run", "get_run", map[string]any{"id": 99}, `no run 99 in the history: list_runs shows the ids`},
		{"list_runs over its limit", "list_runs", map[string]any{"limit": 5000}, `"limit" must be a whole number from 1 to 200, got 5000`},
		{"list_runs of an unknown outcome", "list_runs", map[string]any{"outcome": "failed"}, `"outcome" must be one of ok, error, timeout, memory_exceeded, fuel_exhausted, canceled, crashed, got "failed"`},
		{"list_runs of an unknown source", "list_runs", map[string]any{"source": "agent"}, `"source" must be one of cli, playground, mcp, got "agent"`},
		{"diff_runs with one id", "diff_runs", map[string]any{"old": 1}, `"new" is required: a run id, as list_runs shows`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := ts.call(t, tt.tool, tt.args)
			if !res.IsError {
				t.Fatalf("want an error result, got %s", text(t, res))
			}
			if got := text(t, res); got != tt.want && !(strings.HasSuffix(tt.want, "the") && strings.HasPrefix(got, tt.want)) {
				t.Errorf("error:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
	// An unknown tool is the protocol's error, from the SDK.
	_, err := ts.client.CallTool(context.Background(), &sdk.CallToolParams{Name: "run_ruby", Arguments: map[string]any{}})
	if err == nil || !strings.Contains(err.Error(), `unknown tool "run_ruby"`) {
		t.Errorf("unknown tool: %v", err)
	}
	// Still serving, and none of the above ran or was recorded.
	out := structured(t, ts.call(t, "run_python", map[string]any{"code": "print('still here')"}))
	if out["stdout"] != "still here\n" || out["id"] != 1.0 {
		t.Errorf("after the bad calls: %v", out)
	}
}

// TestFiftyMegabytesOverStdio: a 50 MB call over ServeIO, as `pyplay mcp`
// serves stdio, is refused with its error, and the session goes on (the
// SDK ends a session at a message past its limit, which ServeIO sets
// above what it refuses).
func TestFiftyMegabytesOverStdio(t *testing.T) {
	if testing.Short() {
		t.Skip("50 MB through JSON takes a minute under the race detector; mcp_e2e_test.go sends it to the binary too")
	}
	cs := startIO(t, testConfig())
	big := strings.Repeat("x", 50_000_000)
	for _, args := range []map[string]any{{"code": big}, {"code": "pass", "stdin": big}} {
		res := callOn(t, cs, "run_python", args)
		if got := text(t, res); !res.IsError || !strings.HasSuffix(got, ` is 47.7 MiB, over the 8 MiB this server takes (pyplay mcp --max-input)`) {
			t.Errorf("50 MB: %s", got)
		}
	}
	if out := structured(t, callOn(t, cs, "run_python", map[string]any{"code": "print('still here')"})); out["stdout"] != "still here\n" {
		t.Errorf("after 50 MB: %v", out)
	}
}
