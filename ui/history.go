package ui

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/list"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/pyplay/pyplay/sandbox"
	"github.com/pyplay/pyplay/session"
	"github.com/pyplay/pyplay/session/history"
	"github.com/pyplay/pyplay/themes"
)

// historyItem is one run in the history list.
type historyItem struct{ rec history.Record }

func (i historyItem) Title() string {
	return fmt.Sprintf("%s #%d  %s  %s", session.OutcomeMark(i.rec.Result.Outcome), i.rec.ID,
		i.rec.StartedAt.Format("01-02 15:04:05"), i.rec.FirstLine())
}

func (i historyItem) Description() string {
	res := i.rec.Result
	fuel := "unmetered"
	if res.FuelLimit > 0 {
		fuel = "fuel " + shortCount(res.FuelUsed)
	}
	return fmt.Sprintf("%s · %s · %s", res.Outcome, fuel, formatElapsed(res.Wall))
}

// FilterValue is what the list's text filter searches: the code.
func (i historyItem) FilterValue() string { return i.rec.Code }

// historyAction is what the history dialog asks the model to do.
type historyAction int

const (
	historyNone         historyAction = iota
	historyLoad                       // load code, stdin and limits into the editor
	historyView                       // show its output
	historyRerun                      // run it again as it was
	historyDiffPrevious               // compare with the previous run of the same code
	historyDiffMarked                 // compare with the marked run
)

// historyDialog lists recorded runs, newest first, filtered by text (/) and
// by outcome (o).
type historyDialog struct {
	list    list.Model
	all     []history.Record
	outcome sandbox.Outcome // "" = every outcome
	marked  *history.Record
	err     string
}

// historyLoadedMsg: the newest runs were read from the history.
type historyLoadedMsg struct {
	recs []history.Record
	err  error
}

// diffReadyMsg: a comparison to show, or why there is none.
type diffReadyMsg struct {
	cmp session.Comparison
	err error
}

func loadHistoryCmd(store *history.Store) tea.Cmd {
	return func() tea.Msg {
		recs, err := store.List(context.Background(), history.Filter{Limit: 1000})
		return historyLoadedMsg{recs: recs, err: err}
	}
}

func diffPreviousCmd(store *history.Store, rec history.Record) tea.Cmd {
	return func() tea.Msg {
		prev, err := store.Previous(context.Background(), rec)
		if err != nil {
			return diffReadyMsg{err: err}
		}
		return diffReadyMsg{cmp: session.Compare(prev, rec)}
	}
}

func newHistoryDialog(st *themes.Styles, recs []history.Record, width, height int) *historyDialog {
	d := &historyDialog{all: recs}
	delegate := list.NewDefaultDelegate()
	delegate.Styles.SelectedTitle = delegate.Styles.SelectedTitle.Foreground(st.Dialog.Selected.GetForeground()).BorderForeground(st.Dialog.Selected.GetForeground())
	delegate.Styles.SelectedDesc = delegate.Styles.SelectedDesc.Foreground(st.Dialog.Muted.GetForeground()).BorderForeground(st.Dialog.Selected.GetForeground())
	d.list = list.New(nil, delegate, width-4, max(height-historyPreviewLines-1, 4)) // inside the frame, above the preview
	d.list.Title = "History"
	d.list.Styles.Title = st.Dialog.Title
	d.list.SetShowHelp(false)
	d.list.SetStatusBarItemName("run", "runs")
	d.refilter()
	return d
}

// refilter applies the outcome filter; the list applies the text filter.
func (d *historyDialog) refilter() {
	var items []list.Item
	for _, r := range d.all {
		if d.outcome == "" || r.Result.Outcome == d.outcome {
			items = append(items, historyItem{r})
		}
	}
	d.list.SetItems(items)
}

func (d *historyDialog) selected() (history.Record, bool) {
	item, ok := d.list.SelectedItem().(historyItem)
	return item.rec, ok
}

// update handles a key: it returns an action on the selected run, and done
// when the dialog closes.
func (d *historyDialog) update(msg tea.KeyPressMsg) (action historyAction, rec history.Record, other *history.Record, done bool, cmd tea.Cmd) {
	if d.list.SettingFilter() {
		d.list, cmd = d.list.Update(msg)
		return historyNone, rec, nil, false, cmd
	}
	rec, ok := d.selected()
	switch msg.String() {
	case "esc":
		if d.list.IsFiltered() {
			d.list.ResetFilter()
			return historyNone, rec, nil, false, nil
		}
		return historyNone, rec, nil, true, nil
	case "o":
		d.outcome = nextOutcome(d.outcome)
		d.refilter()
		return historyNone, rec, nil, false, nil
	case "m":
		if ok {
			d.marked = &rec
		}
		return historyNone, rec, nil, false, nil
	}
	actions := map[string]historyAction{"enter": historyLoad, "v": historyView, "r": historyRerun, "p": historyDiffPrevious, "d": historyDiffMarked}
	if a, found := actions[msg.String()]; found {
		if !ok || (a == historyDiffMarked && d.marked == nil) {
			return historyNone, rec, nil, false, nil
		}
		return a, rec, d.marked, true, nil
	}
	d.list, cmd = d.list.Update(msg)
	return historyNone, rec, nil, false, cmd
}

// nextOutcome cycles the outcome filter: every outcome, then each in turn.
func nextOutcome(o sandbox.Outcome) sandbox.Outcome {
	all := sandbox.Outcomes()
	for i, x := range all {
		if x == o {
			if i+1 < len(all) {
				return all[i+1]
			}
			return ""
		}
	}
	return all[0]
}

func (d *historyDialog) view(st *themes.Styles) string {
	filter := "(all outcomes)"
	if d.outcome != "" {
		filter = "(only " + string(d.outcome) + ")"
	}
	marked := ""
	if d.marked != nil {
		marked = fmt.Sprintf(" · marked #%d", d.marked.ID)
	}
	help := st.Dialog.Muted.Render("enter load · v view output · r rerun · p diff with previous\nm mark · d diff with marked · / filter · o " + filter + marked + " · esc close")
	if len(d.all) == 0 {
		return st.Dialog.Frame.Render(st.Dialog.Title.Render("History") + "\n\n" + st.Dialog.Muted.Render("no runs recorded yet: press F5 to run something") + "\n\n" + help)
	}
	var preview []string
	if rec, ok := d.selected(); ok {
		code := highlightPython(st, rec.Code)
		for _, line := range code[:min(len(code), historyPreviewLines)] {
			preview = append(preview, ansi.Truncate(line, d.list.Width(), "…"))
		}
	}
	for len(preview) < historyPreviewLines {
		preview = append(preview, "")
	}
	return st.Dialog.Frame.Render(d.list.View() + "\n" + strings.Join(preview, "\n") + "\n\n" + help)
}

// historyPreviewLines is how much of the selected run's code shows.
const historyPreviewLines = 6

// renderComparison colors a comparison for the output pane: diff signs in
// the diff colors, and the code diff's code highlighted as Python.
func renderComparison(st *themes.Styles, c session.Comparison) []string {
	var out []string
	inCode := false
	for _, line := range strings.Split(strings.TrimRight(c.Text(), "\n"), "\n") {
		if strings.HasPrefix(line, "--- ") {
			inCode = strings.HasSuffix(line, " code")
		}
		switch {
		case strings.HasPrefix(line, "+++") || strings.HasPrefix(line, "---") || strings.HasPrefix(line, "@@"):
			out = append(out, st.Diff.Header.Render(line))
		case inCode && line != "" && strings.ContainsAny(line[:1], "+- "):
			sign := st.Output.Stdout
			if line[0] == '+' {
				sign = st.Diff.Added
			} else if line[0] == '-' {
				sign = st.Diff.Removed
			}
			out = append(out, sign.Render(line[:1])+strings.Join(highlightPython(st, line[1:]), ""))
		case strings.HasPrefix(line, "+"):
			out = append(out, st.Diff.Added.Render(line))
		case strings.HasPrefix(line, "-"):
			out = append(out, st.Diff.Removed.Render(line))
		default:
			out = append(out, st.Output.Stdout.Render(line))
		}
	}
	return out
}
