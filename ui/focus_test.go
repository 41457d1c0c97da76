package ui

import (
	"strings"
	"testing"
)

// TestTypingAfterALoadGoesToTheEditor: loading an example from another
// pane gives the editor the keys, not just its highlighted border.
func TestTypingAfterALoadGoesToTheEditor(t *testing.T) {
	for _, from := range []struct {
		name string
		keys []string
	}{
		{"stdin", []string{"ctrl+w"}},
		{"output", []string{"ctrl+w", "ctrl+w"}},
	} {
		t.Run(from.name, func(t *testing.T) {
			m := press(t, newTestModel(t, 100, 30, helloCode), from.keys...)
			m = press(t, m, "f2", "enter", "x")
			if m.focus != focusEditor || !strings.Contains(m.EditorText(), "x") || m.stdin.Focused() {
				t.Errorf("focus %d, stdin focused %v, editor %q: want the x typed in the editor", m.focus, m.stdin.Focused(), m.EditorText())
			}
		})
	}
}
