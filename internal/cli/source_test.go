package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestHistorySource: pyplay run records its runs as "cli", history --json
// says so, and --source filters (the playground and mcp sources are
// tested where those front ends are).
func TestHistorySource(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	if got := pyplay(t, "print(1)", "run", "-"); got.status != 0 {
		t.Fatalf("run: %+v", got)
	}
	list := pyplay(t, "", "history", "--json", "--source", "cli")
	var entries []map[string]any
	if err := json.Unmarshal([]byte(list.stdout), &entries); err != nil || len(entries) != 1 || entries[0]["source"] != "cli" {
		t.Fatalf("history --json --source cli: %v\n%s", err, list.stdout)
	}
	if _, ok := entries[0]["client"]; ok {
		t.Errorf("a cli run has no client: %v", entries[0]["client"])
	}
	table := pyplay(t, "", "history")
	if lines := strings.Split(table.stdout, "\n"); len(lines) < 2 || !strings.Contains(lines[0], "SOURCE") || !strings.Contains(lines[1], " cli ") {
		t.Errorf("history table:\n%s", table.stdout)
	}
	if show := pyplay(t, "", "show", "1"); !strings.Contains(show.stdout, " · from cli\n") {
		t.Errorf("show 1:\n%s", show.stdout)
	}
	tests := []struct {
		args   []string
		status int
		stdout string
		stderr string
	}{
		{[]string{"history", "--source", "mcp"}, 0, "no recorded runs from mcp\n", ""},
		{[]string{"history", "--source", "mcp", "--outcome", "ok"}, 0, "no recorded runs from mcp ended ok\n", ""},
		{[]string{"history", "--json", "--source", "playground"}, 0, "[]\n", ""},
		{[]string{"history", "--source", "agent"}, ExitUsage, "", `pyplay history: invalid value "agent" for flag -source: want one of cli, playground, mcp: see 'pyplay history -h'` + "\n"},
	}
	for _, tt := range tests {
		got := pyplay(t, "", tt.args...)
		if got.status != tt.status || got.stdout != tt.stdout || got.err != tt.stderr {
			t.Errorf("%v: exit %d stdout %q stderr %q; want %d %q %q", tt.args, got.status, got.stdout, got.err, tt.status, tt.stdout, tt.stderr)
		}
	}
}
