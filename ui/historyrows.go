package ui

import (
	"fmt"
	"io"
	"strings"
	"time"

	"charm.land/bubbles/v2/list"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/pyplay/pyplay/internal/termsafe"
	"github.com/pyplay/pyplay/sandbox"
	"github.com/pyplay/pyplay/session"
	"github.com/pyplay/pyplay/themes"
)

// historyRows draws a run a line, in columns as `pyplay history` has
// them: id, time, where it came from, the outcome as a colored word, fuel,
// wall time, and a line of code that says what the run did (imports and
// comments skipped).
type historyRows struct {
	st  *themes.Styles
	now time.Time // what "today" is, for the time column
}

func (historyRows) Height() int                         { return 1 }
func (historyRows) Spacing() int                        { return 0 }
func (historyRows) Update(tea.Msg, *list.Model) tea.Cmd { return nil }

func (h historyRows) Render(w io.Writer, m list.Model, index int, item list.Item) {
	rec := item.(historyItem).rec
	res := rec.Result
	fuel := "-"
	if session.Metered(res) {
		fuel = shortCount(res.FuelUsed)
	}
	source := sourceName(rec.Source)
	if rec.Client != "" { // the MCP client's own name: outside text
		source = termsafe.String(rec.Client)
	}
	source = ansi.Truncate(source, 8, "…")
	outcome := fmt.Sprintf("%-13s", outcomeWord(res.Outcome))
	cols := fmt.Sprintf("#%-4d %s %s ", rec.ID, shortWhen(rec.StartedAt, h.now), source+strings.Repeat(" ", 8-ansi.StringWidth(source)))
	figures := fmt.Sprintf("%6s %6s  ", fuel, formatElapsed(res.Wall))
	code := termsafe.String(codeSummary(rec.Code))
	selected := index == m.Index()
	mark, text := "  ", h.st.Dialog.Item
	if selected {
		mark, text = "› ", h.st.Dialog.Selected
	}
	line := text.Render(mark+cols) + outcomeStyle(h.st, res.Outcome).Render(outcome) + text.Render(figures+code)
	_, _ = io.WriteString(w, ansi.Truncate(line, m.Width(), "…"))
}

// shortWhen is a run's time for the list: the time of day for today's
// runs, the date for older ones.
func shortWhen(t, now time.Time) string {
	if y, m, d := t.Date(); now.Year() == y && now.Month() == m && now.Day() == d {
		return t.Format("15:04")
	}
	return t.Format("01-02")
}

// outcomeWord is an outcome as the list shows it: "fuel" and "memory"
// apart, where the glyph ■ stood for both.
func outcomeWord(o sandbox.Outcome) string {
	switch o {
	case sandbox.OutcomeFuelExhausted:
		return "out of fuel"
	case sandbox.OutcomeMemoryExceeded:
		return "out of memory"
	}
	return string(o)
}

// codeSummary is the first line of code that says what it does: imports,
// comments, docstrings and blank lines are skipped (`import json` ×3 told
// the runs apart by nothing).
func codeSummary(code string) string {
	inDoc := ""
	first := ""
	for _, line := range strings.Split(code, "\n") {
		t := strings.TrimSpace(line)
		if first == "" {
			first = t
		}
		switch {
		case inDoc != "":
			if strings.Contains(t, inDoc) {
				inDoc = ""
			}
			continue
		case t == "", strings.HasPrefix(t, "#"), strings.HasPrefix(t, "import "), strings.HasPrefix(t, "from ") && strings.Contains(t, " import "):
			continue
		case strings.HasPrefix(t, `"""`) || strings.HasPrefix(t, "'''"):
			q := t[:3]
			if !strings.Contains(t[3:], q) {
				inDoc = q
			}
			continue
		}
		return t
	}
	return first
}
