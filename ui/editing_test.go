package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/pyplay/pyplay/sandbox"
	"github.com/pyplay/pyplay/ui/codeedit"
)

// startRun presses F5 and delivers the run's start, leaving it going; it
// returns the command that waits for the run's end.
func startRun(t *testing.T, m Model) (Model, tea.Cmd) {
	t.Helper()
	next, cmd := m.Update(keyMsg("f5"))
	m = next.(Model)
	var started tea.Msg
	for _, c := range cmd().(tea.BatchMsg) {
		if msg, ok := c().(runStartedMsg); ok {
			started = msg
		}
	}
	if started == nil {
		t.Fatal("F5 started no run")
	}
	next, cmd = m.Update(started)
	m = next.(Model)
	var wait tea.Cmd
	for _, c := range cmd().(tea.BatchMsg) {
		wait = c // the batch is the frame tick, then the wait
	}
	return m, wait
}

// TestCtrlCCancelsARunOrAsksToQuit: ctrl+c stops a run that is going; with
// none going it asks before it quits.
func TestCtrlCCancelsARunOrAsksToQuit(t *testing.T) {
	m := newTestModel(t, 100, 30, "print('looping', flush=True)\nwhile True: pass\n")
	m.limits.limits = sandbox.Limits{MaxOutput: sandbox.DefaultMaxOutput} // no fuel cap, no timeout: only ctrl+c ends it
	m, wait := startRun(t, m)
	next, cmd := m.Update(keyMsg("ctrl+c"))
	m = next.(Model)
	if cmd != nil {
		t.Fatalf("ctrl+c during a run returned a command (quit?)")
	}
	m = update(t, m, wait())
	if out := m.OutputText(); !strings.Contains(out, "── canceled") {
		t.Fatalf("after ctrl+c the run did not end canceled:\n%s", out)
	}

	next, cmd = m.Update(keyMsg("ctrl+c"))
	m = next.(Model)
	if cmd != nil || !strings.Contains(m.status, "ctrl+c again quits") {
		t.Fatalf("ctrl+c with nothing running: status %q; want a question, not a quit", m.status)
	}
	_, cmd = m.Update(keyMsg("ctrl+c"))
	if cmd == nil {
		t.Fatal("the second ctrl+c did not quit")
	}
	if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Error("the second ctrl+c's command is not tea.Quit")
	}
}

// TestTracebackTakesTheEditorToTheLine: enter in the output pane, or a
// click on a frame's line, puts the cursor on the snippet's line.
func TestTracebackTakesTheEditorToTheLine(t *testing.T) {
	code := "def f(x):\n    return 1 / x\n\nprint('start')\nf(0)\n"
	m := newTestModel(t, 100, 30, code)
	next, cmd := m.Update(keyMsg("f5"))
	m = drive(t, next.(Model), cmd)
	if !strings.Contains(m.OutputText(), "ZeroDivisionError") {
		t.Fatalf("no traceback:\n%s", m.OutputText())
	}
	m = press(t, m, "ctrl+w", "ctrl+w", "enter") // to the output; enter: the innermost frame
	if m.focus != focusEditor || m.editor.code.Cursor().Line != 1 || !strings.Contains(screen(m), "▶2") {
		t.Errorf("enter: focus %d, cursor %v; want the editor on line 2, marked\n%s", m.focus, m.editor.code.Cursor(), screen(m))
	}

	// A click on the outer frame's line: line 5.
	row := -1
	for i := range m.output.rows {
		if li := int(m.output.rows[i].line); strings.Contains(m.output.line(li), `main.py", line 5`) {
			row = i
			break
		}
	}
	if row < 0 {
		t.Fatalf("no frame of line 5 in:\n%s", m.OutputText())
	}
	l := computeLayout(100, 30)
	y := l.editor.h + l.stdin.h + 1 + row - m.output.view.YOffset()
	m = update(t, m, tea.MouseClickMsg{X: 10, Y: y, Button: tea.MouseLeft})
	if m.editor.code.Cursor().Line != 4 || !strings.Contains(m.status, "line 5, from the traceback") {
		t.Errorf("click: cursor %v, status %q", m.editor.code.Cursor(), m.status)
	}
}

// TestUndoTakesBackALoadedExample: an example or a recorded run replaces
// the code as one step that ctrl+z takes back.
func TestUndoTakesBackALoadedExample(t *testing.T) {
	m := newTestModel(t, 100, 30, helloCode)
	m = press(t, m, "f2", "enter")
	if m.EditorText() == helloCode {
		t.Fatal("the example did not load")
	}
	m = press(t, m, "ctrl+z")
	if m.EditorText() != helloCode {
		t.Errorf("after ctrl+z: %q, want the code from before the example", m.EditorText())
	}
	m = press(t, m, "ctrl+y")
	if m.EditorText() == helloCode {
		t.Error("ctrl+y did not bring the example back")
	}
}

// TestFindAndGoToLineInThePlayground: ctrl+f and ctrl+g open their bars in
// the editor, and the cancel key closes them without cancelling anything.
func TestFindAndGoToLineInThePlayground(t *testing.T) {
	var code strings.Builder
	for i := range 200 {
		fmt.Fprintf(&code, "value_%d = %d\n", i, i)
	}
	m := newTestModel(t, 100, 30, code.String())
	m = press(t, m, "ctrl+f")
	for _, r := range "value_150" {
		m = press(t, m, string(r))
	}
	m = press(t, m, "enter")
	if c := m.editor.code.Cursor(); c.Line != 150 || !strings.Contains(screen(m), "find: value_150") {
		t.Errorf("find: cursor %v\n%s", c, screen(m))
	}
	m = press(t, m, "esc", "ctrl+g", "4", "2", "enter")
	if c := m.editor.code.Cursor(); c.Line != 41 || m.editor.code.BarOpen() {
		t.Errorf("go to line 42: cursor %v, bar open %v", c, m.editor.code.BarOpen())
	}
}

// TestMouseClickAndWheel: a click focuses the pane and places the cursor;
// the wheel scrolls the pane under the pointer, not the focused one.
func TestMouseClickAndWheel(t *testing.T) {
	m := newTestModel(t, 100, 30, strings.Repeat("x = 1\n", 100))
	m = press(t, m, "ctrl+w") // the stdin pane has the focus
	// The frame's edge, then " 101 " of line numbers: 5 cells.
	m = update(t, m, tea.MouseClickMsg{X: 1 + 5 + 3, Y: 1 + 2, Button: tea.MouseLeft})
	if m.focus != focusEditor || m.editor.code.Cursor() != (codeedit.Pos{Line: 2, Col: 3}) {
		t.Errorf("click in the editor: focus %d, cursor %v; want the editor, line 3 column 4", m.focus, m.editor.code.Cursor())
	}
	before := screen(m)
	m = update(t, m, tea.MouseWheelMsg{X: 5, Y: 3, Button: tea.MouseWheelDown})
	if after := screen(m); after == before || !strings.Contains(after, "  4 x = 1") || strings.Contains(after, "  3 x = 1") {
		t.Errorf("the wheel over the editor did not scroll it by 3 lines:\n%s", after)
	}
}

// TestCopyFromTheOutput: y copies the output (or the selection), t the last
// traceback, through the terminal's clipboard.
func TestCopyFromTheOutput(t *testing.T) {
	m := newTestModel(t, 100, 30, "print('one')\nprint('two')\nraise ValueError('bad')\n")
	next, cmd := m.Update(keyMsg("f5"))
	m = drive(t, next.(Model), cmd)
	m = press(t, m, "ctrl+w", "ctrl+w")
	clip := func(cmd tea.Cmd) string {
		t.Helper()
		if cmd == nil {
			t.Fatal("no clipboard command")
		}
		msg := cmd()
		if got := fmt.Sprintf("%T", msg); got != "tea.setClipboardMsg" {
			t.Fatalf("the command sent %s, not the clipboard", got)
		}
		return fmt.Sprint(msg)
	}
	_, cmd = m.Update(keyMsg("y"))
	if got := clip(cmd); !strings.HasPrefix(got, "one\ntwo\nTraceback") || strings.Contains(got, "──") {
		t.Errorf("y copied %q: want the program's output without pyplay's closing line", got)
	}
	_, cmd = m.Update(keyMsg("t"))
	if got := clip(cmd); !strings.HasPrefix(got, "Traceback (most recent call last):") || !strings.HasSuffix(got, "ValueError: bad\n") {
		t.Errorf("t copied %q: want the traceback alone", got)
	}
	// Drag over the first two lines, then copy them.
	l := computeLayout(100, 30)
	top := l.editor.h + l.stdin.h + 1 - m.output.view.YOffset()
	m = update(t, m, tea.MouseClickMsg{X: 3, Y: top, Button: tea.MouseLeft})
	m = update(t, m, tea.MouseMotionMsg{X: 3, Y: top + 1, Button: tea.MouseLeft})
	m = update(t, m, tea.MouseReleaseMsg{X: 3, Y: top + 1, Button: tea.MouseLeft})
	_, cmd = m.Update(keyMsg("y"))
	if got := clip(cmd); got != "one\ntwo\n" {
		t.Errorf("y with a selection copied %q", got)
	}
}

// TestExternalEditorResult: what $EDITOR saved replaces the code as one
// undo step; a failed editor leaves the code alone and says why.
func TestExternalEditorResult(t *testing.T) {
	m := newTestModel(t, 100, 30, helloCode)
	m = update(t, m, externalEditedMsg{text: "print('edited')\n"})
	if m.EditorText() != "print('edited')\n" || !m.editor.dirty || !strings.Contains(m.status, "external editor") {
		t.Errorf("editor %q dirty %v status %q", m.EditorText(), m.editor.dirty, m.status)
	}
	if m = press(t, m, "ctrl+z"); m.EditorText() != helloCode {
		t.Errorf("ctrl+z after the external edit: %q", m.EditorText())
	}
	m = update(t, m, externalEditedMsg{err: fmt.Errorf("vi: exit status 1")})
	if m.EditorText() != helloCode || !strings.Contains(m.status, "unchanged: vi: exit status 1") {
		t.Errorf("a failed editor: %q, status %q", m.EditorText(), m.status)
	}
}

// highlightSample has every syntax role, a string across lines, a find
// match and a marked line.
const highlightSample = `import json  # the standard library

@dataclass
class Point:
    """A point.
    On two lines."""
    x: float = 0.5

def norm(p, scale=2):
    return (p.x ** 2) ** 0.5 * scale

print(norm(Point()), len("done"), b'\x00')
`

// TestGoldenHighlightedEditor: the editor colors Python from the theme's
// syntax roles, at two sizes in two themes.
func TestGoldenHighlightedEditor(t *testing.T) {
	for _, theme := range []string{"default", "paper"} {
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			t.Run(fmt.Sprintf("%s_%dx%d", theme, size[0], size[1]), func(t *testing.T) {
				m := New(Options{Code: highlightSample, ThemeName: theme, Path: "sample.py", SaveToPath: true})
				m = update(t, m, tea.WindowSizeMsg{Width: size[0], Height: size[1]})
				m.engineStage = sandbox.StageReady // no engine: only the view is tested
				m.editor.code.GoToLine(10)         // marked, as a traceback's line is
				golden.RequireEqual(t, []byte(m.View().Content))
			})
		}
	}
}

// TestTheFindBarLeavesTheEssentialKeys: with find open, ctrl+c still stops
// a run, and a paste goes into the bar, not the code.
func TestTheFindBarLeavesTheEssentialKeys(t *testing.T) {
	m := newTestModel(t, 100, 30, "print('looping', flush=True)\nwhile True: pass\n")
	m.limits.limits = sandbox.Limits{MaxOutput: sandbox.DefaultMaxOutput}
	m, wait := startRun(t, m)
	m = press(t, m, "ctrl+f")
	m = update(t, m, tea.PasteMsg{Content: "while"})
	if m.EditorText() != "print('looping', flush=True)\nwhile True: pass\n" || !strings.Contains(screen(m), "find: while") {
		t.Errorf("a paste with find open: editor %q\n%s", m.EditorText(), screen(m))
	}
	m = press(t, m, "ctrl+c")
	m = update(t, m, wait())
	if !strings.Contains(m.OutputText(), "── canceled") {
		t.Errorf("ctrl+c with find open did not stop the run:\n%s", m.OutputText())
	}
}

// TestEditorKeysRebind: [keys] reaches the editor's own keys too.
func TestEditorKeysRebind(t *testing.T) {
	keys := DefaultKeyMap()
	if err := keys.Override(map[string][]string{"undo": {"alt+u"}, "line_end": {"alt+e"}}); err != nil {
		t.Fatal(err)
	}
	m := New(Options{Code: "abc", Keys: keys, Path: "x.py", SaveToPath: true})
	m = update(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	m = update(t, m, tea.KeyPressMsg(tea.Key{Code: 'e', Mod: tea.ModAlt}))
	m = press(t, m, "x")
	if m.EditorText() != "abcx" {
		t.Fatalf("alt+e then x: %q, want the x at the line's end", m.EditorText())
	}
	m = update(t, m, tea.KeyPressMsg(tea.Key{Code: 'u', Mod: tea.ModAlt}))
	if m.EditorText() != "abc" {
		t.Errorf("alt+u (undo, rebound): %q", m.EditorText())
	}
}
