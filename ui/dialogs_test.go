package ui

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/pyplay/pyplay/sandbox"
	"github.com/pyplay/pyplay/session/history"
)

// fakeRuns are n recorded runs, newest first as the store lists them, with
// fixed times so that views are reproducible.
func fakeRuns(n int) []history.Record {
	start := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	recs := make([]history.Record, n)
	for i := range recs {
		id := int64(n - i)
		recs[i] = history.Record{
			ID: id, StartedAt: start.Add(time.Duration(id) * time.Minute),
			Code:   fmt.Sprintf("# run %d\nfor i in range(%d):\n    print(i)\n", id, id),
			Limits: sandbox.DefaultLimits(),
			Result: sandbox.Result{
				Outcome: sandbox.OutcomeOK, Stdout: []byte(fmt.Sprintf("%d\n", id)),
				FuelUsed: 1_000_000 * uint64(id), FuelLimit: 400_000_000, Wall: time.Duration(id) * time.Millisecond,
			},
		}
	}
	return recs
}

// openHistory opens the history dialog on runs without going through the
// store, as if they had been read from it.
func openHistory(t *testing.T, m Model, recs []history.Record) (Model, *historyDialog) {
	t.Helper()
	m = update(t, m, historyLoadedMsg{recs: recs})
	d, ok := m.dialog.(*historyDialog)
	if !ok {
		t.Fatalf("dialog %T, want the history", m.dialog)
	}
	return m, d
}

// resize sends a new window size.
func resize(t *testing.T, m Model, width, height int) Model {
	t.Helper()
	return update(t, m, tea.WindowSizeMsg{Width: width, Height: height})
}

// quits reports whether cmd, or a command it batches, ends the program.
func quits(cmd tea.Cmd) bool {
	if cmd == nil {
		return false
	}
	switch msg := cmd().(type) {
	case tea.QuitMsg:
		return true
	case tea.BatchMsg:
		for _, c := range msg {
			if quits(c) {
				return true
			}
		}
	}
	return false
}

// requireFits fails unless the screen is at most width×height cells and
// holds one whole dialog frame, floating over the panes.
func requireFits(t *testing.T, m Model, width, height int) {
	t.Helper()
	s := screen(m)
	lines := strings.Split(s, "\n")
	if len(lines) > height {
		t.Errorf("the screen has %d lines, more than %d:\n%s", len(lines), height, s)
	}
	for i, line := range lines {
		if w := ansi.StringWidth(line); w > width {
			t.Errorf("line %d is %d cells wide, more than %d: %q", i, w, width, line)
		}
	}
	box := dialogView(m)
	for _, corner := range []string{"╭", "╮", "╰", "╯"} {
		if strings.Count(box, corner) != 1 {
			t.Errorf("the dialog's corner %s shows %d times:\n%s", corner, strings.Count(box, corner), box)
		}
	}
	for _, row := range strings.Split(box, "\n") {
		if !strings.Contains(s, row) {
			t.Errorf("the dialog's row %q is not whole on the screen:\n%s", row, s)
			break
		}
	}
}

// dialogView is the open dialog as drawn, without the panes around it.
func dialogView(m Model) string { return ansi.Strip(m.dialog.View(m.st, m.width, m.height)) }

// readsWhole reports whether the screen holds text, wrapped or not: a path
// breaks anywhere, so the comparison ignores white space.
func readsWhole(s, text string) bool {
	squeeze := func(s string) string { return strings.Join(strings.Fields(s), "") }
	return strings.Contains(squeeze(strings.ReplaceAll(s, "│", "")), squeeze(text))
}

func TestHistoryListNeverQuits(t *testing.T) {
	ctrlC := tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	for _, keys := range [][]string{nil, {"/"}} { // browsing, then typing a filter
		m, _ := openHistory(t, newTestModel(t, 100, 30, helloCode), fakeRuns(3))
		m = press(t, m, keys...)
		next, cmd := m.Update(ctrlC)
		if quits(cmd) {
			t.Errorf("ctrl+c in the history dialog (after %q) quit the program", keys)
		}
		m = next.(Model)
		if _, ok := m.dialog.(*historyDialog); !ok {
			t.Errorf("after %q the history dialog closed: %T", keys, m.dialog)
		}
	}
}

func TestOtherDialogsNeverQuit(t *testing.T) {
	ctrlC := tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	for _, open := range [][]string{{"f1"}, {"f2"}, {"f3"}, {"f3", "down", "down", "down", "enter"}, {"ctrl+s"}} {
		m := newTestModel(t, 100, 30, helloCode)
		m.editor.path = ""
		m = press(t, m, open...)
		if _, cmd := m.Update(ctrlC); quits(cmd) {
			t.Errorf("ctrl+c after %q quit the program", open)
		}
	}
}

func TestDialogErrorsFitTheScreen(t *testing.T) {
	for _, tt := range []struct {
		field int
		value string
		want  string
	}{
		{0, "abc", "use a whole number"},
		{1, "1", "memory"},
		{1, "lots", ""},
		{2, "soon", ""},
	} {
		m := newTestModel(t, 80, 24, helloCode)
		m = press(t, m, "f3", "down", "down", "down", "enter") // custom…
		d := m.dialog.(*limitsDialog)
		d.fields[tt.field].SetValue(tt.value)
		m = press(t, m, "enter")
		if d.err == "" || !strings.Contains(d.err, tt.want) {
			t.Fatalf("%q: error %q", tt.value, d.err)
		}
		requireFits(t, m, 80, 24)
		if s := dialogView(m); !readsWhole(s, d.err) {
			t.Errorf("%q: the error %q is not whole on the screen:\n%s", tt.value, d.err, s)
		}
	}
}

func TestSaveErrorFitsTheScreen(t *testing.T) {
	m := newTestModel(t, 80, 24, helloCode)
	m.editor.path = ""
	m = press(t, m, "ctrl+s")
	path := filepath.Join(t.TempDir(), "no", "such", "directory", "with", "a", "rather", "long", "name", "snippet.py")
	m.dialog.(*savePrompt).input.SetValue(path)
	next, cmd := m.Update(keyMsg("enter"))
	m = update(t, next.(Model), cmd())
	p, ok := m.dialog.(*savePrompt)
	if !ok || p.err == "" {
		t.Fatalf("saving into a missing directory: dialog %T", m.dialog)
	}
	requireFits(t, m, 80, 24)
	if s := dialogView(m); !readsWhole(s, p.err) {
		t.Errorf("the error %q is not whole on the screen:\n%s", p.err, s)
	}
}

func TestEveryDialogFitsTheSmallestScreen(t *testing.T) {
	for _, open := range [][]string{{"f1"}, {"f2"}, {"f3"}, {"f3", "down", "down", "down", "enter"}, {"ctrl+s"}} {
		m := newTestModel(t, 80, 24, helloCode)
		m.editor.path = ""
		m = press(t, m, open...)
		t.Run(strings.Join(open, "_"), func(t *testing.T) { requireFits(t, m, 80, 24) })
	}
	for _, n := range []int{0, 40, 1000} {
		m, _ := openHistory(t, newTestModel(t, 80, 24, helloCode), fakeRuns(n))
		t.Run(fmt.Sprintf("history_%d", n), func(t *testing.T) { requireFits(t, m, 80, 24) })
	}
}

func TestHistoryFollowsTheWindowSize(t *testing.T) {
	m, _ := openHistory(t, newTestModel(t, 200, 50, helloCode), fakeRuns(40))
	m = resize(t, m, 80, 24)
	requireFits(t, m, 80, 24)
	if s := screen(m); !strings.Contains(s, "esc close") {
		t.Errorf("the help is cut off after the resize:\n%s", s)
	}
	m = resize(t, m, 20, 5) // too small to draw: the dialog must survive it
	m = resize(t, m, 200, 50)
	if s := screen(m); strings.Count(s, "for i in range(") < 20 {
		t.Errorf("back at 200x50 the list did not grow:\n%s", s)
	}
}

func TestHistoryShowsSeveralRunsAt80x24(t *testing.T) {
	m, _ := openHistory(t, newTestModel(t, 80, 24, helloCode), fakeRuns(40))
	s := screen(m)
	shown := 0
	for id := 30; id <= 40; id++ {
		if strings.Contains(s, fmt.Sprintf("#%d ", id)) {
			shown++
		}
	}
	if shown < 4 {
		t.Errorf("%d runs per page at 80x24, want at least 4:\n%s", shown, s)
	}
}

func TestHistoryDiffWithoutMarkSaysHow(t *testing.T) {
	m, d := openHistory(t, newTestModel(t, 100, 30, helloCode), fakeRuns(3))
	m = press(t, m, "d")
	if m.dialog == nil || !strings.Contains(screen(m), historyMarkHint) {
		t.Fatalf("d with no run marked: dialog %T\n%s", m.dialog, screen(m))
	}
	if m = press(t, m, "down"); strings.Contains(screen(m), historyMarkHint) {
		t.Error("the hint outlives the next key")
	}
	m = press(t, m, "m", "up", "d")
	if d.hint != "" || m.dialog != nil || !strings.Contains(m.OutputText(), "run 2") {
		t.Errorf("d with a run marked: hint %q, dialog %T, output:\n%s", d.hint, m.dialog, m.OutputText())
	}
}

func TestGoldenDialogs(t *testing.T) {
	tests := []struct {
		name    string
		prepare func(t *testing.T, m Model) Model
	}{
		{name: "history_80x24", prepare: func(t *testing.T, m Model) Model {
			m, _ = openHistory(t, m, fakeRuns(12))
			return press(t, m, "d")
		}},
		{name: "history_empty_80x24", prepare: func(t *testing.T, m Model) Model {
			m, _ = openHistory(t, m, nil)
			return m
		}},
		{name: "help_80x24", prepare: func(t *testing.T, m Model) Model { return press(t, m, "f1") }},
		{name: "examples_80x24", prepare: func(t *testing.T, m Model) Model { return press(t, m, "f2", "down") }},
		{name: "examples_unsaved_80x24", prepare: func(t *testing.T, m Model) Model { return press(t, m, "x", "f2", "enter") }},
		{name: "limits_custom_80x24", prepare: func(t *testing.T, m Model) Model {
			return press(t, m, "f3", "d", "down", "down", "down", "enter", "tab")
		}},
		{name: "save_80x24", prepare: func(t *testing.T, m Model) Model {
			m.editor.path = ""
			return press(t, m, "ctrl+s")
		}},
		{name: "save_exists_80x24", prepare: func(t *testing.T, m Model) Model {
			return update(t, m, savedMsg{path: "snippet.py", err: errFileExists})
		}},
		{name: "limits_fuel_error_80x24", prepare: func(t *testing.T, m Model) Model {
			m = press(t, m, "f3", "down", "down", "down", "enter")
			m.dialog.(*limitsDialog).fields[0].SetValue("abc")
			return press(t, m, "enter")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := tt.prepare(t, newTestModel(t, 80, 24, helloCode))
			golden.RequireEqual(t, []byte(m.View().Content))
		})
	}
}
