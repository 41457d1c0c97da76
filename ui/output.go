package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/pyplay/pyplay/session"
	"github.com/pyplay/pyplay/session/termsafe"
	"github.com/pyplay/pyplay/themes"
)

// outputPane shows a run's stdout and stderr as they arrive, then a closing
// line with the outcome. Guest text goes through termsafe first, so escape
// sequences are shown, never sent to the terminal.
type outputPane struct {
	view viewport.Model
	// lines are rendered lines; the last is the line being written, and is
	// empty after a newline.
	lines []string
	st    *themes.Styles
}

func newOutputPane(st *themes.Styles) outputPane {
	v := viewport.New()
	v.SoftWrap = true
	v.MouseWheelEnabled = true
	o := outputPane{view: v, st: st, lines: []string{""}}
	o.note("Output appears here. Press F5 to run.")
	return o
}

func (o *outputPane) setSize(width, height int) {
	o.view.SetWidth(width)
	o.view.SetHeight(height)
	o.refresh(true) // content set before the first size was laid out at width 0
}

// reset starts a new run's output.
func (o *outputPane) reset() {
	o.lines = []string{""}
	o.refresh(true)
}

// note adds a line of pyplay's own, set apart from the guest's output.
func (o *outputPane) note(text string) { o.line(o.st.Output.Note.Render(text)) }

// closing adds the outcome line in the style of how the run ended.
func (o *outputPane) closing(text string, style lipgloss.Style) {
	o.line(style.Render("── " + text + " ──"))
}

// line puts rendered on a line of its own.
func (o *outputPane) line(rendered string) {
	if o.lines[len(o.lines)-1] != "" {
		o.lines = append(o.lines, "")
	}
	o.lines[len(o.lines)-1] = rendered
	o.lines = append(o.lines, "")
	o.refresh(true)
}

// add appends guest output; it follows the end unless the user scrolled up.
func (o *outputPane) add(chunks []session.Chunk) {
	if len(chunks) == 0 {
		return
	}
	follow := o.view.AtBottom()
	for _, c := range chunks {
		style := o.st.Output.Stdout
		if c.Stream == session.Stderr {
			style = o.st.Output.Stderr
		}
		for i, part := range strings.Split(termsafe.String(string(c.Data)), "\n") {
			if i > 0 {
				o.lines = append(o.lines, "")
			}
			if part != "" {
				o.lines[len(o.lines)-1] += style.Render(part)
			}
		}
	}
	o.refresh(follow)
}

func (o *outputPane) refresh(follow bool) {
	lines := o.lines
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1] // nothing written after the last newline
	}
	o.view.SetContentLines(lines)
	if follow {
		o.view.GotoBottom()
	}
}

// scrollHint says how much output is out of sight, for the pane's title:
// "3 lines above", "12 lines below", "3 above, 12 below", or "" when all of
// it shows.
func (o *outputPane) scrollHint() string {
	above := o.view.YOffset()
	below := max(o.view.TotalLineCount()-above-o.view.Height(), 0)
	switch {
	case above > 0 && below > 0:
		return fmt.Sprintf("%d above, %d below", above, below)
	case above > 0:
		return countLines(above) + " above"
	case below > 0:
		return countLines(below) + " below"
	}
	return ""
}

func countLines(n int) string {
	if n == 1 {
		return "1 line"
	}
	return fmt.Sprintf("%d lines", n)
}

// plain is the pane's text without styles, for tests and the e2e checks.
func (o *outputPane) plain() string {
	return ansi.Strip(strings.Join(o.lines, "\n"))
}

func (o *outputPane) update(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	o.view, cmd = o.view.Update(msg)
	return cmd
}

func (o *outputPane) viewString() string { return o.view.View() }
