package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/pyplay/pyplay/themes"
)

// helpDialog is F1: every key, by the area it works in, and the mouse. It
// scrolls when the screen is shorter than the list; any other key closes it.
type helpDialog struct {
	keys   KeyMap
	offset int
	// rows is how many lines showed last time: the page to scroll by.
	rows int
}

// helpSection is one area's keys.
type helpSection struct {
	title string
	rows  [][2]string // key, what it does
}

func newHelpDialog(k KeyMap) *helpDialog { return &helpDialog{keys: k} }

func (d *helpDialog) Update(msg tea.KeyPressMsg) (action, tea.Cmd) {
	k := d.keys
	switch {
	case key.Matches(msg, k.Up, k.ScrollUp):
		d.offset = max(d.offset-1, 0)
	case key.Matches(msg, k.Down, k.ScrollDown):
		d.offset++
	case key.Matches(msg, k.PageUp):
		d.offset = max(d.offset-d.rows, 0)
	case key.Matches(msg, k.PageDown):
		d.offset += d.rows
	default:
		return closeDialog{}, nil
	}
	return nil, nil
}

// sections lists every binding with the user's keys.
func (d *helpDialog) sections() []helpSection {
	k, e := d.keys, d.keys.Editor
	h := newHistoryKeys(k)
	rows := func(bs ...key.Binding) [][2]string {
		var out [][2]string
		for _, b := range bs {
			if b.Enabled() && len(b.Keys()) > 0 {
				out = append(out, [2]string{strings.Join(b.Keys(), " "), b.Help().Desc})
			}
		}
		return out
	}
	return []helpSection{
		{"Playground", rows(k.Run, k.Cancel, k.Interrupt, k.Save, k.Quit, k.NextFocus, k.PrevFocus, k.Examples, k.Limits, k.History, k.Theme, k.ExternalEditor, k.Follow, k.Help)},
		{"Editor", rows(e.Undo, e.Redo, e.Find, e.GotoLine, e.Indent, e.Dedent, e.Newline, e.LineFeed, e.Backspace, e.Delete, e.DeleteWordBack,
			e.KillEnd, e.KillHome, e.LineStart, e.LineEnd, e.WordLeft, e.WordRight, e.PageUp, e.PageDown, e.Top, e.Bottom)},
		{"Find and go-to bars", rows(e.FindNext, e.FindPrev, e.Close)},
		{"Output pane", rows(k.ScrollUp, k.ScrollDown, k.PageUp, k.PageDown, k.Top, k.Bottom, k.Jump, k.Copy, k.CopyTraceback)},
		{"Dialogs", rows(k.Up, k.Down, k.Choose, relabel(k.Cancel, "close, or back out"))},
		{"History (F4)", rows(h.Load, h.View, h.Rerun, h.DiffPrevious, h.Mark, h.DiffMarked, h.Filter, h.Outcome)},
		{"Mouse", [][2]string{
			{"click", "focus a pane; in the editor, place the cursor"},
			{"click", "on a traceback line of the snippet: go to it"},
			{"wheel", "scroll the pane under the pointer"},
			{"drag", "select in the output pane (" + k.Copy.Help().Key + " copies it)"},
			{"paste", "the terminal's paste; a Markdown answer keeps its Python"},
		}},
	}
}

// lines lays the sections out in one column of width cells.
func (d *helpDialog) lines(st *themes.Styles, width int) []string {
	var out []string
	for i, sec := range d.sections() {
		if i > 0 {
			out = append(out, "")
		}
		out = append(out, st.Dialog.Title.Render(sec.title))
		keyW := 0
		for _, r := range sec.rows {
			keyW = max(keyW, ansi.StringWidth(r[0]))
		}
		keyW = min(keyW, width/3)
		for _, r := range sec.rows {
			k := ansi.Truncate(r[0], keyW, "…")
			out = append(out, "  "+st.Help.Key.Render(fmt.Sprintf("%-*s", keyW, k))+"  "+st.Help.Desc.Render(r[1]))
		}
	}
	return out
}

func (d *helpDialog) View(st *themes.Styles, width, height int) string {
	inner := dialogWidth(st, width)
	lines := d.lines(st, inner)
	// Frame (2), title and blank (2), blank and hint (2).
	room := max(height-st.Dialog.Frame.GetVerticalFrameSize()-4, 3)
	d.rows = room
	d.offset = min(d.offset, max(len(lines)-room, 0))
	shown := lines[d.offset:min(d.offset+room, len(lines))]
	hint := "any other key closes this help"
	if len(lines) > room {
		hint = fmt.Sprintf("%s/%s scroll (%d-%d of %d) · %s", d.keys.Up.Help().Key, d.keys.Down.Help().Key,
			d.offset+1, d.offset+len(shown), len(lines), hint)
	}
	body := st.Dialog.Title.Render("Keys") + "\n\n" + strings.Join(shown, "\n") + "\n\n" + st.Dialog.Muted.Render(hint)
	return dialogFrame(st, body, inner)
}
