package ui

import (
	"context"
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/pyplay/pyplay/internal/termsafe"

	"github.com/pyplay/pyplay/sandbox"
	"github.com/pyplay/pyplay/session"
	"github.com/pyplay/pyplay/session/history"
)

// watchInterval is how often the playground looks for runs that other
// processes (pyplay mcp, pyplay run) recorded: one indexed query, cheap
// enough to keep idle CPU near nothing.
const watchInterval = time.Second

// watcher follows the shared history for runs this playground did not
// make. The history is one SQLite database in WAL mode, so a run another
// process records is there at the next read.
type watcher struct {
	// seen is the newest run id looked at; 0 until the first look, which
	// only sets it (runs from before the playground opened are not news).
	seen    int64
	started bool
	// follow loads each new run from another process into the panes.
	follow bool
}

// watchTickMsg: time to look for new runs.
type watchTickMsg struct{}

// watchedMsg: the runs recorded since the last look, newest first, and
// the newest one from another process in full when following.
type watchedMsg struct {
	latest int64
	recs   []history.Record
	full   *history.Record
	err    error
}

func watchTick() tea.Cmd {
	return tea.Tick(watchInterval, func(time.Time) tea.Msg { return watchTickMsg{} })
}

// watchCmd reads what landed since the last look.
func (m Model) watchCmd() tea.Cmd {
	store := m.service.History()
	if store == nil {
		return nil
	}
	seen, started, follow, svc := m.watch.seen, m.watch.started, m.watch.follow, m.service
	return func() tea.Msg {
		ctx := context.Background()
		latest, err := store.Latest(ctx)
		if err != nil || !started || latest <= seen {
			return watchedMsg{latest: latest, err: err}
		}
		recs, err := store.List(ctx, history.Filter{After: seen, Brief: true, Limit: 100})
		msg := watchedMsg{latest: latest, recs: recs, err: err}
		if follow {
			for _, r := range recs {
				if !svc.Recorded(r.ID) {
					if full, err := store.Get(ctx, r.ID); err == nil {
						msg.full = &full
					}
					break
				}
			}
		}
		return msg
	}
}

// handleWatched tells of runs from other processes, adds every new run to
// an open history list, and in follow mode shows the newest one.
func (m Model) handleWatched(msg watchedMsg) (tea.Model, tea.Cmd) {
	if msg.err != nil {
		return m, watchTick() // the history's trouble shows when it is used
	}
	if !m.watch.started || msg.latest < m.watch.seen { // the first look, or a replaced history
		m.watch.started, m.watch.seen = true, msg.latest
		return m, watchTick()
	}
	m.watch.seen = max(m.watch.seen, msg.latest)
	if d, ok := m.dialog.(*historyDialog); ok && len(msg.recs) > 0 {
		d.addRuns(msg.recs)
	}
	var news *history.Record
	for i := range msg.recs {
		if r := msg.recs[i]; !m.service.Recorded(r.ID) {
			news = &msg.recs[i]
			break
		}
	}
	if news == nil {
		return m, watchTick()
	}
	who := sourceName(news.Source)
	if news.Client != "" { // the MCP client's own name for itself: outside text
		who += " (" + ansi.Truncate(termsafe.String(news.Client), 40, "…") + ")"
	}
	summary := fmt.Sprintf("run #%d from %s: %s", news.ID, who, outcomeWord(news.Result.Outcome))
	switch {
	case m.watch.follow && msg.full != nil && !m.running && m.dialog == nil && !m.editor.dirty:
		if why := m.showRun(*msg.full); why != "" {
			m.status = summary + " · not loaded: " + why
			break
		}
		m.status = summary + " · following (" + m.keys.Follow.Help().Key + " stops)"
	case m.watch.follow && m.editor.dirty:
		m.status = summary + " · not loaded over your unsaved code: " + m.keys.Save.Help().Key + " saves it, " + m.keys.History.Help().Key + " has the run"
	case m.watch.follow:
		m.status = summary + " · not loaded while you are busy; " + m.keys.History.Help().Key + " has it"
	default:
		m.status = summary + " · " + m.keys.History.Help().Key + " lists it, " + m.keys.Follow.Help().Key + " follows new runs"
	}
	return m, watchTick()
}

// showRun puts a recorded run in the panes: its code and stdin in the
// editor (one undo step), its limits, and its output with its closing line.
// A run the panes cannot hold whole is not loaded at all: it returns why.
// The editor had no unsaved changes (the caller checks), and becomes
// untitled, so that ctrl+s never writes the agent's code over the file.
func (m *Model) showRun(rec history.Record) (notLoaded string) {
	switch {
	case LineCount(rec.Code) > MaxLines:
		return fmt.Sprintf("its code is longer than the editor's %d lines", MaxLines)
	case LineCount(string(rec.Stdin)) > MaxLines || needsEscapes(string(rec.Stdin)):
		return "its stdin does not fit the stdin pane; 'pyplay rerun " + fmt.Sprint(rec.ID) + "' runs it exactly"
	}
	m.editor.load("", rec.Code)
	m.editor.dirty = true
	m.stdin.SetValue(string(rec.Stdin))
	m.limits = limitsFor(rec.Limits, rec.Deterministic)
	res := rec.Result
	m.gauges = gauges{limits: rec.Limits, stats: sandbox.Stats{Elapsed: res.Wall, FuelUsed: res.FuelUsed, MemoryCurrent: res.MemoryPeak, MemoryPeak: res.MemoryPeak, Done: true}}
	m.output.reset()
	m.output.note(fmt.Sprintf("run #%d from %s, %s", rec.ID, sourceName(rec.Source), rec.StartedAt.Format("15:04:05")))
	m.output.add(chunksOf(rec))
	m.output.closing(closingLine(rec.Result, rec.Limits), m.outcomeStyle(rec.Result.Outcome))
	return ""
}

// toggleFollow turns follow mode on or off.
func (m Model) toggleFollow() (tea.Model, tea.Cmd) {
	if m.service.History() == nil {
		m.status = "history unavailable: there are no runs to follow"
		return m, nil
	}
	m.watch.follow = !m.watch.follow
	if m.watch.follow {
		m.status = "following: each run another process records (pyplay mcp, pyplay run) loads here as it lands · " + m.keys.Follow.Help().Key + " stops"
	} else {
		m.status = "stopped following"
	}
	return m, nil
}

// chunksOf is a recorded run's output as the pane takes it.
func chunksOf(rec history.Record) []session.Chunk {
	return []session.Chunk{{Stream: session.Stdout, Data: rec.Result.Stdout}, {Stream: session.Stderr, Data: rec.Result.Stderr}}
}
