package ui

import (
	"fmt"

	tea "charm.land/bubbletea/v2"
)

// wheelLines is how far one wheel step scrolls the editor.
const wheelLines = 3

// paneAt is the pane under the cell (x, y) of the screen, and the cell
// inside its frame.
func (m Model) paneAt(x, y int) (area focusArea, innerX, innerY int, ok bool) {
	if m.width < MinWidth || m.height < MinHeight {
		return 0, 0, 0, false
	}
	l := computeLayout(m.width, m.height)
	type rect struct {
		area       focusArea
		x, y, w, h int
	}
	rects := []rect{
		{focusEditor, 0, 0, l.editor.w, l.editor.h},
		{focusStdin, 0, l.editor.h, l.stdin.w, l.stdin.h},
		{focusOutput, 0, l.editor.h + l.stdin.h, l.output.w, l.output.h},
	}
	if l.wide {
		rects[2] = rect{focusOutput, l.editor.w, 0, l.output.w, l.output.h}
	}
	for _, r := range rects {
		if x >= r.x && x < r.x+r.w && y >= r.y && y < r.y+r.h {
			return r.area, x - r.x - 1, y - r.y - 1, true
		}
	}
	return 0, 0, 0, false
}

// handleMouseClick focuses the pane clicked; in the editor it places the
// cursor, in the output it jumps to a traceback's line or starts a
// selection.
func (m Model) handleMouseClick(msg tea.MouseClickMsg) (tea.Model, tea.Cmd) {
	if m.dialog != nil || msg.Button != tea.MouseLeft {
		return m, nil
	}
	area, x, y, ok := m.paneAt(msg.X, msg.Y)
	if !ok {
		return m, nil
	}
	m.focusOn(area)
	switch area {
	case focusEditor:
		m.editor.code.ClickAt(x, y)
	case focusOutput:
		if li, ok := m.output.lineAt(y); ok {
			if n, ok := m.output.snippetLineAt(li); ok {
				return m.jumpToLine(n)
			}
		}
		m.output.selectFrom(y)
		m.dragging = true
	}
	return m, nil
}

// handleMouseMotion extends the output's selection while the button is
// held.
func (m Model) handleMouseMotion(msg tea.MouseMotionMsg) (tea.Model, tea.Cmd) {
	if !m.dragging {
		return m, nil
	}
	l := computeLayout(m.width, m.height)
	top := l.editor.h + l.stdin.h
	if l.wide {
		top = 0
	}
	m.output.selectTo(msg.Y - top - 1)
	return m, nil
}

func (m Model) handleMouseRelease(tea.MouseReleaseMsg) (tea.Model, tea.Cmd) {
	if m.dragging {
		m.dragging = false
		if m.output.sel.active {
			m.status = m.keys.Copy.Help().Key + " copies the selected lines"
		}
	}
	return m, nil
}

// handleMouseWheel scrolls the pane under the pointer.
func (m Model) handleMouseWheel(msg tea.MouseWheelMsg) (tea.Model, tea.Cmd) {
	area, _, _, ok := m.paneAt(msg.X, msg.Y)
	if !ok || m.dialog != nil {
		return m, nil
	}
	switch area {
	case focusEditor:
		switch msg.Button {
		case tea.MouseWheelUp:
			m.editor.code.Scroll(-wheelLines)
		case tea.MouseWheelDown:
			m.editor.code.Scroll(wheelLines)
		}
		return m, nil
	case focusOutput:
		return m, m.output.update(msg)
	}
	return m, nil
}

// jumpToLine puts the editor's cursor on the snippet's line n, marked.
func (m Model) jumpToLine(n int) (tea.Model, tea.Cmd) {
	if n > m.editor.code.LineCount() {
		m.status = fmt.Sprintf("the traceback names line %d; the editor has %d lines now", n, m.editor.code.LineCount())
		return m, nil
	}
	m.editor.code.GoToLine(n)
	m.focusOn(focusEditor)
	m.status = fmt.Sprintf("line %d, from the traceback", n)
	return m, nil
}

// copyOutput copies the selected lines, or the whole output, through the
// terminal (OSC 52: it works over ssh too).
func (m Model) copyOutput() (tea.Model, tea.Cmd) {
	text, what := m.output.selected(), "the selected lines"
	if text == "" {
		text, what = m.output.programOutput(), "the output"
	}
	m.status = fmt.Sprintf("copied %s (%s) to the clipboard", what, countLines(max(len(splitLines(text)), 1)))
	return m, tea.SetClipboard(text)
}

// copyTraceback copies the last traceback.
func (m Model) copyTraceback() (tea.Model, tea.Cmd) {
	tb := m.output.lastTraceback()
	if tb == "" {
		m.status = "no traceback in the output"
		return m, nil
	}
	m.status = "copied the traceback to the clipboard"
	return m, tea.SetClipboard(tb)
}

func splitLines(s string) []string {
	var out []string
	for len(s) > 0 {
		i := 0
		for i < len(s) && s[i] != '\n' {
			i++
		}
		out = append(out, s[:i])
		if i < len(s) {
			i++
		}
		s = s[i:]
	}
	return out
}
