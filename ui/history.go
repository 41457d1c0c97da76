package ui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/list"
	"charm.land/bubbles/v2/paginator"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/pyplay/pyplay/internal/termsafe"
	"github.com/pyplay/pyplay/sandbox"
	"github.com/pyplay/pyplay/session"
	"github.com/pyplay/pyplay/session/history"
	"github.com/pyplay/pyplay/themes"
)

// historyItem is one run in the history list.
type historyItem struct{ rec history.Record }

func (i historyItem) Title() string {
	return fmt.Sprintf("%s #%d  %s  %s", session.OutcomeMark(i.rec.Result.Outcome), i.rec.ID,
		i.rec.StartedAt.Format("01-02 15:04:05"), termsafe.String(i.rec.FirstLine())) // the guest's code
}

func (i historyItem) Description() string {
	res := i.rec.Result
	fuel := "unmetered"
	if session.Metered(res) {
		fuel = "fuel " + shortCount(res.FuelUsed)
	}
	return fmt.Sprintf("%s · %s · %s", res.Outcome, fuel, formatElapsed(res.Wall))
}

// FilterValue is what the list's text filter searches: the code.
func (i historyItem) FilterValue() string { return i.rec.Code }

// historyAction is what the history dialog asks the model to do with a run.
type historyAction int

const (
	historyLoad         historyAction = iota // load code, stdin and limits into the editor
	historyView                              // show its output
	historyRerun                             // run it again as it was
	historyDiffPrevious                      // compare with the run before it from the same front end
	historyDiffMarked                        // compare with the marked run
)

// historyKeys are the history dialog's keys. The list moves with the
// user's Up and Down and keeps its own paging keys.
type historyKeys struct {
	Up, Down                                 key.Binding
	Load, View, Rerun, DiffPrevious          key.Binding
	Mark, DiffMarked, Filter, Outcome, Close key.Binding
	// Run is the playground's, named where no run is recorded yet.
	Run key.Binding
}

func newHistoryKeys(k KeyMap) historyKeys {
	return historyKeys{
		Up:           k.Up,
		Down:         k.Down,
		Load:         relabel(k.Choose, "load"),
		View:         key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "view output")),
		Rerun:        key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "rerun")),
		DiffPrevious: key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "diff with previous")),
		Mark:         key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "mark")),
		DiffMarked:   key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "diff with marked")),
		Filter:       key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		Outcome:      key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "outcome")),
		Close:        relabel(k.Cancel, "close"),
		Run:          k.Run,
	}
}

// help is two lines so that it fits an 80-column screen.
func (k historyKeys) help() string {
	return helpLine(k.Load, k.View, k.Rerun, k.DiffPrevious) + "\n" + helpLine(k.Mark, k.DiffMarked, k.Filter, k.Outcome, k.Close)
}

// listKeys is the list's own key map with the user's keys: Up and Down
// move, and while a filter is typed, Cancel drops it and Choose applies it.
func (k historyKeys) listKeys() list.KeyMap {
	keys := list.DefaultKeyMap()
	keys.CursorUp, keys.CursorDown, keys.Filter = k.Up, k.Down, k.Filter
	keys.ClearFilter = k.Close // as Update does before the list sees the key
	keys.CancelWhileFiltering = withoutTyping(k.Close)
	keys.AcceptWhileFiltering = anyOf(withoutTyping(k.Load), keys.AcceptWhileFiltering)
	return keys
}

// historyDialog lists recorded runs, newest first, filtered by text (/) and
// by outcome (o).
type historyDialog struct {
	keys    historyKeys
	list    list.Model
	all     []history.Record
	outcome sandbox.Outcome // "" = every outcome
	// filter is the text the code must contain (case-insensitive), typed
	// after / while filtering is set.
	filter    textinput.Model
	filtering bool
	// wide lays the selected run's preview beside the list, not under it,
	// with its output: fetch reads it (the list holds brief records), and
	// shown is the run whose output is in output.
	wide     bool
	previewW int
	fetch    func(id int64) tea.Cmd
	shown    int64
	output   string
	marked   *history.Record
	hint     string // why the last key did nothing, until the next key
	// guard is set when the editor has unsaved changes: the first enter
	// only warns (warned), the second loads the run over them.
	guard, warned bool

	// The frame's size, to lay the dialog out inside a box of a given size.
	frameW, frameH int
	preview        int // lines of the selected run's code that show
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
		// Brief: the list shows figures and code, and the run an action
		// is on is read whole then (see Model.historyAction).
		recs, err := store.List(context.Background(), history.Filter{Limit: 1000, Brief: true})
		return historyLoadedMsg{recs: recs, err: err}
	}
}

// newHistoryDialog opens the dialog on a screen of screenW×screenH cells;
// guard is set when the editor has unsaved changes.
func newHistoryDialog(st *themes.Styles, recs []history.Record, guard bool, keys KeyMap, screenW, screenH int) *historyDialog {
	d := &historyDialog{keys: newHistoryKeys(keys), all: recs, guard: guard, frameW: st.Dialog.Frame.GetHorizontalFrameSize(), frameH: st.Dialog.Frame.GetVerticalFrameSize()}
	d.list = list.New(nil, historyRows{st: st, now: time.Now()}, 0, 0)
	d.list.KeyMap = d.keys.listKeys()
	// The dialog filters by substring itself: the list's fuzzy filter kept
	// every run listed and put a stray "…" on every row.
	d.list.SetFilteringEnabled(false)
	d.filter = textinput.New()
	d.filter.Prompt = "filter: "
	d.filter.Placeholder = "text in the code"
	d.filter.CharLimit = 200
	d.list.Styles.Title = st.Dialog.Title
	// The list's blank lines under its title and status bar cost two runs
	// per page on a 24-row screen.
	d.list.Styles.TitleBar = d.list.Styles.TitleBar.PaddingBottom(0)
	d.list.Styles.StatusBar = d.list.Styles.StatusBar.PaddingBottom(0)
	themeListChrome(&d.list, st)
	d.list.SetShowHelp(false)
	// At spacing 0 the list's own page dots take two lines, but it budgets
	// them from its page count before the last change (one line for one
	// page) and then overflows the dialog; the dialog draws them itself.
	d.list.SetShowPagination(false)
	d.list.SetStatusBarItemName("run", "runs")
	// The list would end the whole program on ctrl+c, skipping the
	// unsaved-changes prompt; esc closes the dialog instead.
	d.list.DisableQuitKeybindings()
	d.Resize(screenW, screenH)
	d.retitle()
	d.refilter()
	return d
}

// themeListChrome gives the list's status bar and empty state the theme's
// muted color instead of bubbles' own.
func themeListChrome(l *list.Model, st *themes.Styles) {
	muted := st.Dialog.Muted.GetForeground()
	for _, s := range []*lipgloss.Style{&l.Styles.StatusBar, &l.Styles.StatusEmpty, &l.Styles.StatusBarActiveFilter, &l.Styles.StatusBarFilterCount, &l.Styles.NoItems} {
		*s = s.Foreground(muted)
	}
	l.Styles.DefaultFilterCharacterMatch = l.Styles.DefaultFilterCharacterMatch.Foreground(st.Dialog.Selected.GetForeground())
}

// historyBox is the history dialog's size, frame included, on a screen of
// screenW×screenH cells. Below the smallest screen nothing is drawn, but
// the list must still be given a size it can lay out.
func historyBox(screenW, screenH int) (width, height int) {
	return min(max(screenW, MinWidth)-4, 180), max(max(screenH, MinHeight)-8, 6)
}

// Resize lays the dialog out for a screen size: the list's size is fixed
// until the next one.
func (d *historyDialog) Resize(screenW, screenH int) {
	d.setSize(historyBox(screenW, screenH))
}

// historyFixedLines are the rows under the list that are always there: the
// page dots, the selected run's figures, the hint line and two lines of
// help.
const historyFixedLines = 5

// setSize shares a box of width×height cells, frame included, between the
// list and the selected run's code.
func (d *historyDialog) setSize(width, height int) {
	avail := height - d.frameH - historyFixedLines
	inner := width - d.frameW
	d.wide = inner >= historyWideWidth
	if d.wide { // the preview beside the list, as tall as it
		d.previewW = inner * 2 / 5
		d.preview = max(avail-1, 4)
		d.list.SetSize(inner-d.previewW-1, max(avail, 4))
		d.filter.SetWidth(inner - d.previewW - 12)
		return
	}
	d.preview = min(historyPreviewLines, max(avail/4, 2))
	d.list.SetSize(inner, max(avail-d.preview, 4))
	d.filter.SetWidth(inner - 12)
}

// historyWideWidth is where the preview moves beside the list.
const historyWideWidth = 130

// retitle puts the filter and the marked run in the list's title, where
// they are read with the list.
func (d *historyDialog) retitle() {
	title := "History · all outcomes"
	if d.outcome != "" {
		title = "History · only " + string(d.outcome)
	}
	if d.marked != nil {
		title += fmt.Sprintf(" · marked #%d", d.marked.ID)
	}
	d.list.Title = title
}

// refilter lists the runs that pass the outcome and text filters, keeping
// the selected run selected.
func (d *historyDialog) refilter() {
	keep, hadOne := d.selected()
	query := strings.ToLower(d.filter.Value())
	var items []list.Item
	at := 0
	for _, r := range d.all {
		if (d.outcome == "" || r.Result.Outcome == d.outcome) && (query == "" || strings.Contains(strings.ToLower(r.Code), query)) {
			if hadOne && r.ID == keep.ID {
				at = len(items)
			}
			items = append(items, historyItem{r})
		}
	}
	d.list.SetItems(items)
	d.list.Select(at)
}

// addRuns puts runs recorded since the dialog opened at the top of the
// list (by this playground or by another process, such as pyplay mcp).
func (d *historyDialog) addRuns(recs []history.Record) {
	seen := make(map[int64]bool, len(d.all))
	for _, r := range d.all {
		seen[r.ID] = true
	}
	var fresh []history.Record
	for _, r := range recs {
		if !seen[r.ID] {
			fresh = append(fresh, r)
		}
	}
	if len(fresh) == 0 {
		return
	}
	d.all = append(fresh, d.all...)
	d.refilter()
}

// previousOf is the run recorded before rec by the same front end: what
// "diff with previous" compares with, as in edit, run, compare.
func (d *historyDialog) previousOf(rec history.Record) (history.Record, bool) {
	for _, r := range d.all { // newest first
		if r.ID < rec.ID && r.Source == rec.Source && r.Client == rec.Client {
			return r, true
		}
	}
	return history.Record{}, false
}

func (d *historyDialog) selected() (history.Record, bool) {
	item, ok := d.list.SelectedItem().(historyItem)
	return item.rec, ok
}

// Update handles a key: the list takes the keys it knows, and the
// dialog's own ask for an action on the selected run.
func (d *historyDialog) Update(msg tea.KeyPressMsg) (action, tea.Cmd) {
	d.hint = ""
	warned := d.warned
	d.warned = false
	var cmd tea.Cmd
	if d.filtering {
		return nil, d.updateFilter(msg)
	}
	rec, ok := d.selected()
	switch {
	case key.Matches(msg, d.keys.Close):
		if d.filter.Value() != "" {
			d.filter.SetValue("")
			d.refilter()
			return nil, nil
		}
		return closeDialog{}, nil
	case key.Matches(msg, d.keys.Filter):
		d.filtering = true
		return nil, d.filter.Focus()
	case key.Matches(msg, d.keys.Outcome):
		d.outcome = nextOutcome(d.outcome)
		d.retitle()
		d.refilter()
		return nil, nil
	case key.Matches(msg, d.keys.Mark):
		if ok {
			d.marked = &rec
			d.retitle()
		}
		return nil, nil
	}
	if what, found := d.actionFor(msg); found {
		switch {
		case what == historyDiffMarked && d.marked == nil:
			d.hint = historyMarkHint
			return nil, nil
		case what == historyDiffPrevious && ok:
			prev, found := d.previousOf(rec)
			if !found {
				d.hint = fmt.Sprintf("run #%d is the oldest %s run listed: nothing before it to compare with", rec.ID, sourceName(rec.Source))
				return nil, nil
			}
			return historyDo{what: what, rec: rec, marked: &prev}, nil
		case what == historyLoad && d.guard && !warned && ok:
			d.warned, d.hint = true, "the editor has unsaved changes: "+d.keys.Load.Help().Key+" again replaces them with this run's code"
			return nil, nil
		case !ok:
			return nil, nil
		}
		return historyDo{what: what, rec: rec, marked: d.marked}, nil
	}
	d.list, cmd = d.list.Update(msg)
	return nil, tea.Batch(cmd, d.fetchPreview())
}

// fetchPreview asks for the selected run's output when the wide preview
// shows it and it is another run's.
func (d *historyDialog) fetchPreview() tea.Cmd {
	rec, ok := d.selected()
	if !ok || !d.wide || d.fetch == nil || rec.ID == d.shown {
		return nil
	}
	d.shown, d.output = rec.ID, ""
	return d.fetch(rec.ID)
}

// historyPreviewMsg: a run's output, for the history dialog's preview.
type historyPreviewMsg struct {
	id     int64
	output string
}

// setPreview takes the output read for run id, if it is still selected.
func (d *historyDialog) setPreview(msg historyPreviewMsg) {
	if msg.id == d.shown {
		d.output = msg.output
	}
}

// previewFetcher reads a run's output whole for the preview.
func previewFetcher(store *history.Store) func(int64) tea.Cmd {
	return func(id int64) tea.Cmd {
		return func() tea.Msg {
			rec, err := store.Get(context.Background(), id)
			if err != nil {
				return historyPreviewMsg{id: id, output: err.Error()}
			}
			return historyPreviewMsg{id: id, output: string(rec.Result.Stdout) + string(rec.Result.Stderr)}
		}
	}
}

// actionFor is the action msg's key asks for on the selected run.
func (d *historyDialog) actionFor(msg tea.KeyPressMsg) (historyAction, bool) {
	switch {
	case key.Matches(msg, d.keys.Load):
		return historyLoad, true
	case key.Matches(msg, d.keys.View):
		return historyView, true
	case key.Matches(msg, d.keys.Rerun):
		return historyRerun, true
	case key.Matches(msg, d.keys.DiffPrevious):
		return historyDiffPrevious, true
	case key.Matches(msg, d.keys.DiffMarked):
		return historyDiffMarked, true
	}
	return 0, false
}

// historyMarkHint answers d with no run marked, which would otherwise do
// nothing visible.
const historyMarkHint = "no run marked: press m on one run, then d on another to compare them"

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

// View draws the dialog at the size Resize gave it.
func (d *historyDialog) View(st *themes.Styles, _, _ int) string {
	width := d.list.Width()
	help := st.Dialog.Muted.Render(d.keys.help())
	if len(d.all) == 0 {
		return dialogFrame(st, st.Dialog.Title.Render("History")+"\n\n"+st.Dialog.Muted.Render("no runs recorded yet: press "+d.keys.Run.Help().Key+" to run something")+"\n\n"+help, width)
	}
	hint := ""
	if d.hint != "" {
		hint = st.Status.Key.Render(d.hint)
	}
	if d.filtering || d.filter.Value() != "" {
		hint = d.filter.View() + "  " + hint
	}
	if d.wide {
		list := lipgloss.PlaceHorizontal(width, lipgloss.Left, d.list.View()+"\n"+d.pagesView())
		preview := lipgloss.PlaceHorizontal(d.previewW, lipgloss.Left, d.previewView(st))
		body := besides(list, " "+strings.ReplaceAll(preview, "\n", "\n ")) + "\n" + hint + "\n" + help
		return dialogFrame(st, body, width+d.previewW+1)
	}
	body := d.list.View() + "\n" + d.pagesView() + "\n" + d.previewView(st) + "\n" + hint + "\n" + help
	// Padded to the list's width, the frame keeps its size as the hint
	// and the selected run's code come and go.
	return dialogFrame(st, lipgloss.PlaceHorizontal(width, lipgloss.Left, body), width)
}

// pagesView is the list's page dots, or "3/200" when the dots would not fit.
func (d *historyDialog) pagesView() string {
	p := d.list.Paginator
	if p.TotalPages < 2 {
		return ""
	}
	pages := p.View()
	if ansi.StringWidth(pages) > d.list.Width() {
		p.Type = paginator.Arabic
		pages = d.list.Styles.ArabicPagination.Render(p.View())
	}
	return d.list.Styles.PaginationStyle.Render(pages)
}

// previewView is the selected run's figures and the start of its code
// (and, beside the list, of its output), always the same number of lines
// so the dialog does not jump.
func (d *historyDialog) previewView(st *themes.Styles) string {
	lines := make([]string, 0, d.preview+1)
	if rec, ok := d.selected(); ok {
		lines = append(lines, st.Dialog.Muted.Render(historyItem{rec}.Description()))
		code := highlightPython(st, rec.Code)
		room := d.preview
		if d.wide {
			lines = append(lines, st.Dialog.Muted.Render(session.OutcomeText(rec.Result, rec.Limits)))
			room = d.preview / 2
		}
		lines = append(lines, code[:min(len(code), room)]...)
		if d.wide && rec.ID == d.shown {
			lines = append(lines, st.Dialog.Title.Render("output"))
			for _, l := range strings.Split(strings.TrimRight(termsafe.String(d.output), "\n"), "\n") {
				if len(lines) > d.preview {
					break
				}
				lines = append(lines, st.Output.Stdout.Render(ansi.Truncate(l, d.previewW-1, "…")))
			}
		}
		for i, l := range lines {
			lines[i] = ansi.Truncate(l, max(d.previewW-1, 1), "…")
			if !d.wide {
				lines[i] = l
			}
		}
	}
	for len(lines) < d.preview+1 {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// historyPreviewLines is the most of the selected run's code that shows.
const historyPreviewLines = 6

// renderComparison colors a comparison for the output pane: diff signs in
// the diff colors, and the code diff's code highlighted as Python.
func renderComparison(st *themes.Styles, c session.Comparison) []string {
	var out []string
	inCode := false
	for _, line := range strings.Split(strings.TrimRight(c.Text(), "\n"), "\n") {
		// Guest output and code, made safe before they are styled: the pane
		// keeps the SGR sequences of a styled line, a guest's included.
		line = termsafe.String(line)
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

// updateFilter types into the filter: the list narrows as it is typed;
// choose keeps it, cancel drops it.
func (d *historyDialog) updateFilter(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, d.keys.Close):
		d.filtering = false
		d.filter.Blur()
		d.filter.SetValue("")
		d.refilter()
		return nil
	case key.Matches(msg, withoutTyping(d.keys.Load)):
		d.filtering = false
		d.filter.Blur()
		return nil
	}
	var cmd tea.Cmd
	d.filter, cmd = d.filter.Update(msg)
	d.refilter()
	return cmd
}

// sourceName is how the list names a run's front end.
func sourceName(s history.Source) string {
	switch s {
	case history.SourcePlayground:
		return "playground"
	case "":
		return "older"
	}
	return string(s)
}
