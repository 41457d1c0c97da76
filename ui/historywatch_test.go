package ui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pyplay/pyplay/sandbox"
	"github.com/pyplay/pyplay/session/history"
)

// TestHistoryFilterNarrowsTheList: / and text keep the runs whose code
// has it, as it is typed; enter keeps the filter, esc drops it.
func TestHistoryFilterNarrowsTheList(t *testing.T) {
	m := newTestModel(t, 100, 30, helloCode)
	m, d := openHistory(t, m, fakeRuns(12))
	m = press(t, m, "/", "(", "1")
	if n := len(d.list.Items()); n != 4 { // range(1), (10), (11), (12)
		t.Fatalf("while typing %q: %d runs listed, want 4", d.filter.Value(), n)
	}
	m = press(t, m, "enter")
	if n := len(d.list.Items()); d.filtering || n != 4 || !strings.Contains(screen(m), "filter: (1") {
		t.Errorf("after enter: filtering %v, %d runs\n%s", d.filtering, n, screen(m))
	}
	if s := screen(m); strings.Count(s, "…") > 0 {
		t.Errorf("rows gained a stray …:\n%s", s)
	}
	m = press(t, m, "esc")
	if n := len(d.list.Items()); n != 12 || m.dialog == nil {
		t.Errorf("esc: %d runs listed, dialog %T; want the filter dropped, the dialog open", n, m.dialog)
	}
}

// TestDiffWithPreviousIsTheRunBefore: p compares a run with the one the
// same front end recorded before it, whatever its code: edit, run, compare.
func TestDiffWithPreviousIsTheRunBefore(t *testing.T) {
	recs := fakeRuns(3)
	for i := range recs {
		recs[i].Source = history.SourcePlayground
	}
	recs[1].Source = history.SourceMCP // #2, from an agent, is not the playground's previous
	m := newTestModel(t, 100, 30, helloCode)
	m, _ = openHistory(t, m, recs)
	m = press(t, m, "p")
	if !strings.Contains(m.status, "diff of run #1 and run #3") {
		t.Errorf("p on #3: status %q; want it compared with #1", m.status)
	}
	m, _ = openHistory(t, m, recs)
	m = press(t, m, "down", "down", "p") // #1: nothing before it
	d, ok := m.dialog.(*historyDialog)
	if !ok || !strings.Contains(d.hint, "oldest playground run") {
		t.Errorf("p on the oldest: dialog %T, hint %q", m.dialog, d.hint)
	}
}

// TestHistoryRowsAreScannable: the outcome as a word, fuel and wall
// columns, and the code's first line that is not an import or a comment.
func TestHistoryRowsAreScannable(t *testing.T) {
	recs := fakeRuns(2)
	recs[0].Code = "import json\nfrom os import path\n# count things\n\ndata = json.loads('[1]')\n"
	recs[0].Result.Outcome = sandbox.OutcomeFuelExhausted
	recs[1].Result.Outcome = sandbox.OutcomeMemoryExceeded
	m := newTestModel(t, 100, 30, helloCode)
	m, _ = openHistory(t, m, recs)
	s := screen(m)
	for _, want := range []string{"out of fuel", "out of memory", "data = json.loads('[1]')", "2M", formatElapsed(2 * time.Millisecond)} {
		if !strings.Contains(s, want) {
			t.Errorf("the list lacks %q:\n%s", want, s)
		}
	}
}

// TestHistoryPreviewBesideTheListOnWideScreens: a wide screen shows the
// selected run's code and its output beside the list.
func TestHistoryPreviewBesideTheListOnWideScreens(t *testing.T) {
	store := newStore(t)
	id, err := store.Add(context.Background(), history.Record{Code: "print('from the store')", StartedAt: time.Now(), Limits: sandbox.DefaultLimits(),
		Result: sandbox.Result{Outcome: sandbox.OutcomeOK, Stdout: []byte("the output line\n")}})
	if err != nil {
		t.Fatal(err)
	}
	m := newTestModelOn(t, store, 200, 50, helloCode)
	recs, err := store.List(context.Background(), history.Filter{Brief: true})
	if err != nil || recs[0].ID != id {
		t.Fatal(recs, err)
	}
	next, cmd := m.Update(historyLoadedMsg{recs: recs})
	m = drive(t, next.(Model), cmd)
	if s := screen(m); !strings.Contains(s, "the output line") || !strings.Contains(s, "print('from the store')") {
		t.Errorf("no preview beside the list:\n%s", s)
	}
}

// TestAgentRunsAreAnnouncedAndFollowed: a run another process records is
// told in the status line, lands in an open history list, and in follow
// mode loads into the panes; the playground's own runs are not news.
func TestAgentRunsAreAnnouncedAndFollowed(t *testing.T) {
	store := newStore(t)
	m := newTestModelOn(t, store, 100, 30, helloCode)
	m = update(t, m, m.watchCmd()()) // the first look only notes where the history is
	agentRun := func(code string) int64 {
		t.Helper()
		id, err := store.Add(context.Background(), history.Record{Code: code, StartedAt: time.Now(), Limits: sandbox.DefaultLimits(),
			Source: history.SourceMCP, Client: "claude-code", Result: sandbox.Result{Outcome: sandbox.OutcomeOK, Stdout: []byte("agent says hi\n")}})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	first := agentRun("print('agent one')")
	m = update(t, m, m.watchCmd()())
	if !strings.Contains(m.status, "from mcp (claude-code): ok") || m.EditorText() != helloCode {
		t.Errorf("announced: status %q, editor %q; want the news and the code untouched", m.status, m.EditorText())
	}

	m = press(t, m, "f8") // follow
	m, d := openHistory(t, m, nil)
	second := agentRun("print('agent two')")
	m = update(t, m, m.watchCmd()())
	if len(d.all) != 1 || d.all[0].ID != second {
		t.Errorf("the open list has %d runs; want run %d added (run %d predates it)", len(d.all), second, first)
	}
	m = press(t, m, "esc")
	agentRun("print('agent three')")
	m = update(t, m, m.watchCmd()())
	if m.EditorText() != "print('agent three')" || !strings.Contains(m.OutputText(), "agent says hi") || !strings.Contains(m.status, "following") || !m.gauges.stats.Done {
		t.Errorf("following: editor %q, output %q, status %q", m.EditorText(), m.OutputText(), m.status)
	}

	// The playground's own run is not news.
	next, cmd := m.Update(keyMsg("f5"))
	m = drive(t, next.(Model), cmd)
	status := m.status
	m = update(t, m, m.watchCmd()())
	if m.status != status {
		t.Errorf("the playground's own run was announced: %q", m.status)
	}
}

func newStore(t *testing.T) *history.Store {
	t.Helper()
	store, err := history.Open(filepath.Join(t.TempDir(), "history.db"), 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	return store
}

// TestReplacedRunsAreNotNews: a run replaced by F5 while it was going is
// recorded (canceled) by this playground, and is not announced or
// followed as another process's.
func TestReplacedRunsAreNotNews(t *testing.T) {
	m := newTestModel(t, 100, 30, "print('looping', flush=True)\nwhile True: pass\n")
	m.limits.limits = sandbox.Limits{MaxOutput: sandbox.DefaultMaxOutput} // only a cancel ends it
	m = update(t, m, m.watchCmd()())
	m = press(t, m, "f8")
	m, waitFirst := startRun(t, m)
	m, waitSecond := startRun(t, m) // F5 again: the first is canceled
	m = update(t, m, waitFirst())   // its done message is dropped: it was replaced
	m = press(t, m, "ctrl+c")
	m = update(t, m, waitSecond())
	status, code := m.status, m.EditorText()
	m = update(t, m, m.watchCmd()())
	if m.status != status || m.EditorText() != code {
		t.Errorf("the playground's own runs came back as news: status %q, editor %q", m.status, m.EditorText())
	}
}

// TestAClientsNameIsEscaped: an MCP client names itself; the name reaches
// the screen with its escapes shown, not sent.
func TestAClientsNameIsEscaped(t *testing.T) {
	store := newStore(t)
	m := newTestModelOn(t, store, 100, 30, helloCode)
	m = update(t, m, m.watchCmd()())
	evil := "\x1b]52;c;aGk=\x07\x1bc"
	if _, err := store.Add(context.Background(), history.Record{Code: "1", StartedAt: time.Now(), Limits: sandbox.DefaultLimits(),
		Source: history.SourceMCP, Client: evil, Result: sandbox.Result{Outcome: sandbox.OutcomeOK}}); err != nil {
		t.Fatal(err)
	}
	m = update(t, m, m.watchCmd()())
	recs, _ := store.List(context.Background(), history.Filter{Brief: true})
	m, _ = openHistory(t, m, recs)
	if v := m.View().Content; strings.Contains(v, "\x1b]52") || strings.Contains(v, "\x1bc") || strings.Contains(v, "\x07") {
		t.Errorf("the client's escapes reached the screen: %q", v)
	}
	m = press(t, m, "esc")
	if v := m.View().Content; strings.Contains(v, "\x1b]52") || !strings.Contains(m.status, `\x1b]52`) {
		t.Errorf("status %q: want the name shown escaped", m.status)
	}
}
