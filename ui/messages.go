package ui

import (
	"strings"

	"github.com/pyplay/pyplay/session"
)

// engineReadyMsg: the engine finished provisioning and compiling, or failed.
type engineReadyMsg struct{ err error }

// runStartedMsg: a run requested as number seq has an instance, or could
// not start. A seq other than the model's latest is a run already replaced.
type runStartedMsg struct {
	seq  int
	live *session.LiveRun
	err  error
}

// runTickMsg: time to drain the output and redraw the gauges of run id.
type runTickMsg struct{ id int }

// runDoneMsg: run id finished and was recorded; done's notes say what the
// user should know of its recording.
type runDoneMsg struct {
	id   int
	done session.Finished
}

// savedMsg: the editor was written to path, or not.
type savedMsg struct {
	path string
	err  error
}

// joinNotes is notes in one status line.
func joinNotes(notes []session.Note) string {
	texts := make([]string, len(notes))
	for i, n := range notes {
		texts[i] = n.Text
	}
	return strings.Join(texts, " · ")
}
