package session

import (
	"encoding/base64"
	"testing"

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
