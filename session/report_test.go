package session

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	"github.com/pyplay/pyplay/sandbox"
	"github.com/pyplay/pyplay/session/history"
)

// TestHistoryEntryKeepsExactStdin: stdin that a JSON string cannot hold
// comes with its exact bytes, as a run's stdout does.
func TestHistoryEntryKeepsExactStdin(t *testing.T) {
	tests := []struct {
		stdin, base64 string
	}{
		{"plain text\n", ""},
		{"\xff\xfe binary", base64.StdEncoding.EncodeToString([]byte("\xff\xfe binary"))},
	}
	for _, tt := range tests {
		e := NewHistoryEntry(history.Record{Stdin: []byte(tt.stdin)})
		if e.StdinBase64 != tt.base64 {
			t.Errorf("stdin %q: stdin_base64 %q, want %q", tt.stdin, e.StdinBase64, tt.base64)
		}
	}
}

// A stop's facts are in the JSON, and a run that exited by itself has none.
func TestReportHasTheStop(t *testing.T) {
	res := sandbox.Result{Outcome: sandbox.OutcomeMemoryExceeded, FuelImports: 7,
		Stop: sandbox.Stop{Line: 2, Function: "<module>", Refused: 24 << 20, RefusedAt: 10 << 20}}
	b, err := json.Marshal(NewReport(res))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"fuel_imports":7`, `"stop":{"line":2,"function":"\u003cmodule\u003e","refused_bytes":25165824,"refused_at_bytes":10485760}`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("%s\nlacks %s", b, want)
		}
	}
	if b, _ := json.Marshal(NewReport(sandbox.Result{Outcome: sandbox.OutcomeOK})); strings.Contains(string(b), `"stop"`) {
		t.Errorf("an exit has a stop: %s", b)
	}
}
