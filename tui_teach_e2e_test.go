package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// waitGone polls the screen until it no longer shows gone (a dialog that
// closed), failing after a minute.
func (tt *tmuxTerm) waitGone(gone string) string {
	tt.t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		s := tt.screen()
		if !strings.Contains(s, gone) {
			return s
		}
		if time.Now().After(deadline) {
			tt.t.Fatalf("the screen still shows %q:\n%s", gone, s)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestPlaygroundOpensAMarkdownAnswer: an LLM's answer opened in the
// playground keeps its name in the title, and the status line says which
// blocks were kept: nothing ran yet.
func TestPlaygroundOpensAMarkdownAnswer(t *testing.T) {
	answer := filepath.Join(t.TempDir(), "answer.md")
	writeFile(t, answer, "Sure! Here it is:\n\n```python\nprint('from the answer')\n```\n")
	term := newTmuxTerm(t, 120, 40, pyplayBinary(t)+" "+answer)
	s := term.waitFor("● ready")
	// A long temporary path loses its start: "editor · from …/001/answer.md".
	for _, want := range []string{"editor · from ", "/answer.md ─", "answer.md is Markdown: kept 1 of 1 fenced block (python, line 4)"} {
		if !strings.Contains(s, want) {
			t.Errorf("the screen lacks %q:\n%s", want, s)
		}
	}
	if strings.Contains(s, "running") || strings.Contains(s, "untitled") {
		t.Errorf("the screen says %q or %q:\n%s", "running", "untitled", s)
	}
	term.keys("F5")
	term.waitFor("from the answer")
	term.keys("C-q")
	term.waitFor("PYPLAY-EXITED-0")
}
