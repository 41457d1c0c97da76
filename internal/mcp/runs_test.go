package mcp_test

import (
	"context"
	"strings"
	"testing"

	"github.com/pyplay/pyplay/sandbox"
	"github.com/pyplay/pyplay/session/history"
)

// TestHistoryTools: get_run, list_runs and diff_runs read what run_python
// recorded, and the runs of other front ends too.
func TestHistoryTools(t *testing.T) {
	ts := start(t, testConfig(), nil)
	// A run of the person's own, recorded by another front end.
	if _, err := ts.store.Add(context.Background(), history.Record{Code: "print('mine')", Source: history.SourceCLI,
		Limits: sandbox.DefaultLimits(), Result: sandbox.Result{Outcome: sandbox.OutcomeOK, Stdout: []byte("mine\n")}}); err != nil {
		t.Fatal(err)
	}
	ts.call(t, "run_python", map[string]any{"code": "print(sum(range(10)))", "deterministic": true})
	ts.call(t, "run_python", map[string]any{"code": "print(sum(range(11)))\n1/0", "deterministic": true})

	got := structured(t, ts.call(t, "get_run", map[string]any{"id": 2}))
	if got["code"] != "print(sum(range(10)))" || got["stdout"] != "45\n" || got["source"] != "mcp" || got["client"] != "pyplay-test" || got["deterministic"] != true {
		t.Errorf("get_run 2: %v", got)
	}
	runText := text(t, ts.call(t, "get_run", map[string]any{"id": 2}))
	for _, want := range []string{" · from mcp (pyplay-test) · limits: fuel 10,000,000,000, memory 128 MiB, timeout 10s, deterministic\n── code ──\nprint(sum(range(10)))\n── stdout ──\n45\nok · "} {
		if !strings.Contains(runText, want) {
			t.Errorf("get_run 2 text:\n%s\nwant it to hold:\n%s", runText, want)
		}
	}

	tests := []struct {
		args map[string]any
		ids  []float64
	}{
		{map[string]any{}, []float64{3, 2, 1}},
		{map[string]any{"source": "mcp"}, []float64{3, 2}},
		{map[string]any{"outcome": "error"}, []float64{3}},
		{map[string]any{"code_contains": "mine", "limit": 5}, []float64{1}},
		{map[string]any{"limit": 1}, []float64{3}},
	}
	for _, tt := range tests {
		res := ts.call(t, "list_runs", tt.args)
		runs := structured(t, res)["runs"].([]any)
		var ids []float64
		for _, r := range runs {
			ids = append(ids, r.(map[string]any)["id"].(float64))
		}
		if len(ids) != len(tt.ids) || (len(ids) > 0 && ids[0] != tt.ids[0]) || len(strings.Split(strings.TrimSpace(text(t, res)), "\n")) != len(tt.ids) {
			t.Errorf("list_runs %v: ids %v, want %v; text:\n%s", tt.args, ids, tt.ids, text(t, res))
		}
	}
	if first := text(t, ts.call(t, "list_runs", map[string]any{"source": "cli"})); !strings.HasSuffix(first, " · cli · ok · fuel 0 · 0 ms · print('mine')\n") {
		t.Errorf("list_runs cli: %q", first)
	}

	res := ts.call(t, "diff_runs", map[string]any{"old": 2, "new": 3})
	diff := structured(t, res)
	if diff["outputs_identical"] != false || !strings.Contains(diff["code_diff"].(string), "+print(sum(range(11)))") ||
		!strings.Contains(diff["stdout_diff"].(string), "-45\n+55\n") || diff["old"] != 2.0 || diff["new"] != 3.0 {
		t.Errorf("diff_runs: %v", diff)
	}
	if figures := diff["figures"].([]any); len(figures) != 5 || figures[0].(map[string]any)["change"] != "changed" {
		t.Errorf("diff_runs figures: %v", figures)
	}
	if !strings.HasPrefix(text(t, res), "run 2 (") || !strings.Contains(text(t, res), "  outcome                  ok → error          changed\n") {
		t.Errorf("diff_runs text:\n%s", text(t, res))
	}
}

// TestHistoryToolsWithoutAHistory: a server that records nothing says so.
func TestHistoryToolsWithoutAHistory(t *testing.T) {
	cs := startIO(t, testConfig()) // no history
	for _, call := range []struct {
		tool string
		args map[string]any
	}{{"get_run", map[string]any{"id": 1}}, {"list_runs", nil}, {"diff_runs", map[string]any{"old": 1, "new": 2}}} {
		res := callOn(t, cs, call.tool, call.args)
		if want := "the history is unavailable: this server records no runs (its log on stderr says why)"; !res.IsError || text(t, res) != want {
			t.Errorf("%s: %q, want %q", call.tool, text(t, res), want)
		}
	}
	if out := structured(t, callOn(t, cs, "run_python", map[string]any{"code": "print(1)"})); out["stdout"] != "1\n" || out["id"] != nil {
		t.Errorf("run_python without a history: %v", out)
	}
}
