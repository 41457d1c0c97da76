package ui

import (
	"github.com/pyplay/pyplay/sandbox"
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

// runDoneMsg: run id finished and was recorded, or recErr says why not;
// historyNews is the history's word on a damaged database it replaced.
type runDoneMsg struct {
	id          int
	result      sandbox.Result
	recErr      error
	historyNews string
}

// savedMsg: the editor was written to path, or not.
type savedMsg struct {
	path string
	err  error
}
