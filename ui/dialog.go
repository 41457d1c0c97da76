package ui

import (
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/pyplay/pyplay/session/history"
	"github.com/pyplay/pyplay/themes"
)

// dialog is a box over the playground that takes every key while it is
// open. It matches keys through a key map of its own, built from the
// user's KeyMap when it opens, and asks the model with an action for what
// it cannot do itself.
type dialog interface {
	// Update handles a key. A dialog that returns an action closes, and the
	// model then does what it asks (see handleDialogAction); cmd is the
	// dialog's own, such as a text field's cursor blink.
	Update(msg tea.KeyPressMsg) (action, tea.Cmd)
	// View draws the dialog, frame included, to be centered on a screen of
	// width×height cells.
	View(st *themes.Styles, width, height int) string
}

// resizer is a dialog laid out for the screen's size when it opened: a new
// size must lay it out again, or a smaller screen would cut its edge off.
type resizer interface {
	Resize(width, height int)
}

// action is what a dialog asks of the model as it closes.
type action interface{ dialogAction() }

type (
	// closeDialog only closes the dialog.
	closeDialog struct{}
	// loadExample puts an example in the editor and the stdin pane.
	loadExample struct{ example example }
	// applyLimits makes choice the limits of the next runs.
	applyLimits struct{ choice limitsChoice }
	// setDeterministic turns the deterministic switch on or off and keeps
	// the limits.
	setDeterministic struct{ on bool }
	// saveAs saves the editor to path.
	saveAs struct{ path string }
	// historyDo does what to a recorded run, rec; marked is the run marked
	// to compare it with, if any.
	historyDo struct {
		what   historyAction
		rec    history.Record
		marked *history.Record
	}
)

func (closeDialog) dialogAction()      {}
func (loadExample) dialogAction()      {}
func (applyLimits) dialogAction()      {}
func (setDeterministic) dialogAction() {}
func (saveAs) dialogAction()           {}
func (historyDo) dialogAction()        {}

// handleDialogAction does what a dialog asked as it closed: the one place
// where dialogs reach the rest of the model.
func (m Model) handleDialogAction(a action) (tea.Model, tea.Cmd) {
	switch a := a.(type) {
	case closeDialog:
		m.overwriteOK = "" // a save prompt closed without saving: a later save asks again
	case loadExample:
		m.useExample(a.example)
	case applyLimits:
		m.useLimits(a.choice)
	case setDeterministic:
		m.useDeterministic(a.on)
	case saveAs:
		return m, saveCmd(a.path, m.editor.value(), a.path == m.overwriteOK)
	case historyDo:
		return m.historyAction(a.what, a.rec, a.marked)
	}
	return m, nil
}

// dialogMargin is the columns left on each side of a dialog, where the
// panes show around it (see floatOver).
const dialogMargin = 2

// dialogWidth is the room inside a dialog's frame on a screen width cells
// wide, margins left.
func dialogWidth(st *themes.Styles, screenWidth int) int {
	return screenWidth - 2*dialogMargin - st.Dialog.Frame.GetHorizontalFrameSize()
}

// dialogFrame frames a dialog's body, first cutting any line wider than
// width: one long line would push the frame's right edge off the screen
// and the terminal's wrapping would then break the whole frame.
func dialogFrame(st *themes.Styles, body string, width int) string {
	lines := strings.Split(body, "\n")
	for i, line := range lines {
		lines[i] = ansi.Truncate(line, width, "…")
	}
	return st.Dialog.Frame.Render(strings.Join(lines, "\n"))
}

// wrapMessage styles a message (an error, a hint) broken into lines of at
// most width cells, so that it is read whole rather than cut by the frame.
func wrapMessage(style lipgloss.Style, msg string, width int) string {
	return style.Render(ansi.Wrap(msg, width, ""))
}
