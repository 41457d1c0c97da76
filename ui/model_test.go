package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/pyplay/pyplay/sandbox"
	"github.com/pyplay/pyplay/sandbox/sandboxtest"
	"github.com/pyplay/pyplay/session"
	"github.com/pyplay/pyplay/session/config"
	"github.com/pyplay/pyplay/session/history"
	"github.com/pyplay/pyplay/themes"
)

// newTestModel is a playground on the real engine, sized and ready.
func newTestModel(t *testing.T, width, height int, code string) Model {
	t.Helper()
	store, err := history.Open(filepath.Join(t.TempDir(), "history.db"), 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	return newTestModelOn(t, store, width, height, code)
}

// newTestModelOn is newTestModel recording in store.
func newTestModelOn(t *testing.T, store *history.Store, width, height int, code string) Model {
	t.Helper()
	engine := sandboxtest.Engine(t)
	m := New(Options{
		Service: session.NewService(engine, store),
		Path:    "hello.py", Code: code, SaveToPath: true,
		Examples: os.DirFS("../testdata/examples"),
	})
	m = update(t, m, tea.WindowSizeMsg{Width: width, Height: height})
	return update(t, m, engineReadyMsg{})
}

func update(t *testing.T, m Model, msg tea.Msg) Model {
	t.Helper()
	next, _ := m.Update(msg)
	return next.(Model)
}

func press(t *testing.T, m Model, keys ...string) Model {
	t.Helper()
	for _, k := range keys {
		m = update(t, m, keyMsg(k))
	}
	return m
}

// keyMsg builds the key press Bubble Tea would send for k.
func keyMsg(k string) tea.KeyPressMsg {
	special := map[string]tea.Key{
		"enter": {Code: tea.KeyEnter}, "tab": {Code: tea.KeyTab}, "shift+tab": {Code: tea.KeyTab, Mod: tea.ModShift},
		"esc": {Code: tea.KeyEscape}, "backspace": {Code: tea.KeyBackspace}, "up": {Code: tea.KeyUp}, "down": {Code: tea.KeyDown},
		"f1": {Code: tea.KeyF1}, "f2": {Code: tea.KeyF2}, "f3": {Code: tea.KeyF3}, "f5": {Code: tea.KeyF5},
		"ctrl+q": {Code: 'q', Mod: tea.ModCtrl}, "ctrl+s": {Code: 's', Mod: tea.ModCtrl}, "end": {Code: tea.KeyEnd},
	}
	if key, ok := special[k]; ok {
		return tea.KeyPressMsg(key)
	}
	if letter, ok := strings.CutPrefix(k, "ctrl+"); ok && len(letter) == 1 {
		return tea.KeyPressMsg(tea.Key{Code: rune(letter[0]), Mod: tea.ModCtrl})
	}
	r := []rune(k)[0]
	return tea.KeyPressMsg(tea.Key{Code: r, Text: k})
}

func screen(m Model) string { return ansi.Strip(m.View().Content) }

const helloCode = "print('hello')\n"

func TestGoldenViews(t *testing.T) {
	tests := []struct {
		name          string
		width, height int
		prepare       func(t *testing.T, m Model) Model
	}{
		{name: "initial_80x24", width: 80, height: 24},
		{name: "initial_120x40", width: 120, height: 40},
		{name: "after_fuel_exhaustion_80x24", width: 80, height: 24, prepare: finishedRun},
		{name: "after_fuel_exhaustion_120x40", width: 120, height: 40, prepare: finishedRun},
		{name: "limits_80x24", width: 80, height: 24, prepare: func(t *testing.T, m Model) Model { return press(t, m, "f3") }},
		{name: "too_small", width: 60, height: 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newTestModel(t, tt.width, tt.height, helloCode)
			if tt.prepare != nil {
				m = tt.prepare(t, m)
			}
			golden.RequireEqual(t, []byte(m.View().Content))
		})
	}
}

// finishedRun puts the model in the state after a run that printed and ran
// out of fuel, with fixed figures so the view is reproducible.
func finishedRun(t *testing.T, m Model) Model {
	seed, _ := presetNamed("seed") // the limits the result's 400M is from
	m.limits = limitsFor(seed.limits, false)
	m.running = true
	m.gauges = gauges{limits: seed.limits}
	m.live = &session.LiveRun{ID: 1, Request: sandbox.Request{Limits: seed.limits}}
	m.output.reset()
	m.output.add([]session.Chunk{{Stream: session.Stdout, Data: []byte("still going: 20000\nstill going: 40000\n")}, {Stream: session.Stderr, Data: []byte("\x1b[2Jwarning\n")}})
	res := sandbox.Result{
		Outcome: sandbox.OutcomeFuelExhausted, ExitCode: sandbox.NoExitCode,
		FuelUsed: 400_000_040, FuelLimit: 400_000_000, MemoryPeak: 10 << 20, MemoryLimit: 128 << 20, Wall: 467 * time.Millisecond,
	}
	return update(t, m, runDoneMsg{id: 1, done: session.Finished{Result: res}})
}

// drive runs cmd and every command that follows from it, feeding each
// message to the model, until none is left: a run started with F5 goes all
// the way to its done message on the real engine.
func drive(t *testing.T, m Model, cmd tea.Cmd) Model {
	t.Helper()
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch msg := c().(type) {
		case nil:
		case tea.BatchMsg:
			queue = append(queue, msg...)
		default:
			next, more := m.Update(msg)
			m = next.(Model)
			queue = append(queue, more)
		}
	}
	return m
}

func TestRunShowsOutputAndFuel(t *testing.T) {
	m := newTestModel(t, 100, 30, "import sys\nprint('hello', sys.stdin.read())\n1/0\n")
	m.stdin.SetValue("from stdin")
	next, cmd := m.Update(keyMsg("f5"))
	m = drive(t, next.(Model), cmd)
	out := m.OutputText()
	for _, want := range []string{"hello from stdin", "ZeroDivisionError: division by zero", "── exit 1: ZeroDivisionError · fuel "} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if m.running || m.gauges.stats.FuelUsed == 0 || !strings.Contains(screen(m), "/10G") {
		t.Errorf("after the run: running %v, gauge %+v\n%s", m.running, m.gauges.stats, screen(m))
	}
}

func TestTooSmallSaysSo(t *testing.T) {
	m := newTestModel(t, 79, 30, helloCode)
	if s := screen(m); !strings.Contains(s, "pyplay needs at least 80×24; this terminal is 79×30") {
		t.Errorf("screen:\n%s", s)
	}
	m = update(t, m, tea.WindowSizeMsg{Width: 30, Height: 8})
	if s := strings.Join(strings.Fields(screen(m)), " "); !strings.Contains(s, "this terminal is 30×8. Make it bigger.") {
		t.Errorf("a tiny terminal must still show the whole message:\n%s", screen(m))
	}
	m = update(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	if s := screen(m); !strings.Contains(s, "editor · hello.py") {
		t.Errorf("after resizing to 80x24:\n%s", s)
	}
}

func TestFocusCycles(t *testing.T) {
	m := newTestModel(t, 100, 30, helloCode)
	want := []focusArea{focusStdin, focusOutput, focusEditor}
	for _, f := range want {
		m = press(t, m, "ctrl+w")
		if m.focus != f {
			t.Fatalf("focus %d, want %d", m.focus, f)
		}
	}
	// Tab moves on from the stdin pane, and back with shift+tab; in the
	// editor they indent.
	if m = press(t, m, "ctrl+w", "tab"); m.focus != focusOutput {
		t.Errorf("tab from stdin: focus %d, want output", m.focus)
	}
	if m = press(t, m, "shift+tab", "shift+tab"); m.focus != focusEditor {
		t.Errorf("shift+tab twice from output: focus %d, want the editor", m.focus)
	}
	if m = press(t, m, "tab"); m.focus != focusEditor || m.EditorText() != "    "+helloCode {
		t.Errorf("tab in the editor: focus %d, editor %q; want it indented", m.focus, m.EditorText())
	}
}

func TestEditorIndents(t *testing.T) {
	m := newTestModel(t, 100, 30, "")
	m = press(t, m, "d", "e", "f", " ", "f", "(", ")", ":", "enter", "x", "enter")
	if got, want := m.EditorText(), "def f():\n    x\n    "; got != want {
		t.Fatalf("editor %q, want %q", got, want)
	}
	m = press(t, m, "backspace")
	if got, want := m.EditorText(), "def f():\n    x\n"; got != want {
		t.Errorf("backspace over an indent: editor %q, want %q", got, want)
	}
	if !m.editor.dirty {
		t.Error("typing did not mark the editor dirty")
	}
}

// A paste without bracketed paste arrives as keys, its line breaks as
// ctrl+j: they must break lines, without adding indentation of their own.
func TestLineFeedKeysBreakLinesWithoutIndenting(t *testing.T) {
	m := newTestModel(t, 100, 30, "")
	for _, k := range []string{"i", "f", " ", "x", ":", "ctrl+j", " ", " ", " ", " ", "y"} {
		m = update(t, m, lineFeedOr(k))
	}
	if got, want := m.EditorText(), "if x:\n    y"; got != want {
		t.Errorf("editor %q, want %q", got, want)
	}
}

func lineFeedOr(k string) tea.Msg {
	if k == "ctrl+j" {
		return tea.KeyPressMsg(tea.Key{Code: 'j', Mod: tea.ModCtrl})
	}
	return keyMsg(k)
}

func TestPasteMarkdownKeepsPython(t *testing.T) {
	m := newTestModel(t, 100, 30, "")
	m = update(t, m, tea.PasteMsg{Content: "Sure:\n\n```python\nprint(1)\n\tif x:\n```\nDone."})
	if got := m.EditorText(); got != "print(1)\n    if x:\n" {
		t.Errorf("editor %q", got)
	}
	if !strings.Contains(m.status, "pasted Markdown") {
		t.Errorf("status %q", m.status)
	}
}

func TestLimitsDialog(t *testing.T) {
	m := newTestModel(t, 100, 30, helloCode)
	m = press(t, m, "f3", "down", "d", "enter")
	if m.dialog != nil || m.limits.name != "generous" || !m.limits.deterministic || m.limits.limits.Fuel != 100_000_000_000 {
		t.Fatalf("limits %+v, dialog %T", m.limits, m.dialog)
	}
	// custom values, with a bad one first
	m = press(t, m, "f3", "down", "down", "enter") // from generous to custom…
	for range 20 {
		m = press(t, m, "backspace")
	}
	m = press(t, m, "x", "enter")
	if d, ok := m.dialog.(*limitsDialog); !ok || !strings.Contains(d.err, "fuel") {
		t.Fatalf("a bad fuel value must keep the dialog open with an error: %T", m.dialog)
	}
	m = press(t, m, "backspace", "1", "0", "0", "0", "enter")
	if m.dialog != nil || m.limits.name != "custom" || m.limits.limits.Fuel != 1000 {
		t.Errorf("custom limits %+v, dialog %T", m.limits, m.dialog)
	}
}

func TestExamplesPickerLoadsCodeAndStdin(t *testing.T) {
	m := newTestModel(t, 100, 30, helloCode)
	m = press(t, m, "f2")
	for range 6 {
		m = press(t, m, "down")
	}
	m = press(t, m, "enter")
	if !strings.Contains(m.EditorText(), "sys.stdin.read()") || m.stdin.Value() == "" || m.editor.path != "" {
		t.Errorf("editor %q stdin %q path %q", m.EditorText(), m.stdin.Value(), m.editor.path)
	}
}

func TestQuitAsksWhenUnsaved(t *testing.T) {
	m := newTestModel(t, 100, 30, helloCode)
	if _, cmd := m.Update(keyMsg("ctrl+q")); cmd == nil {
		t.Error("ctrl+q on a clean editor must quit")
	}
	m = press(t, m, "x")
	next, cmd := m.Update(keyMsg("ctrl+q"))
	m = next.(Model)
	if cmd != nil || !strings.Contains(m.status, "unsaved changes") {
		t.Fatalf("first ctrl+q with unsaved changes: cmd %v, status %q", cmd != nil, m.status)
	}
	if _, cmd := m.Update(keyMsg("ctrl+q")); cmd == nil {
		t.Error("second ctrl+q must quit")
	}
}

func TestSaveWritesTheFile(t *testing.T) {
	m := newTestModel(t, 100, 30, helloCode)
	m.editor.path = t.TempDir() + "/saved.py"
	m = press(t, m, "x")
	_, cmd := m.Update(keyMsg("ctrl+s"))
	msg := cmd().(savedMsg)
	if msg.err != nil {
		t.Fatal(msg.err)
	}
	m = update(t, m, msg)
	b, err := os.ReadFile(m.editor.path)
	if err != nil || string(b) != m.EditorText() || m.editor.dirty {
		t.Errorf("file %q err %v, editor %q dirty %v", b, err, m.EditorText(), m.editor.dirty)
	}
}

func TestPasteWithCarriageReturns(t *testing.T) {
	m := newTestModel(t, 100, 30, "")
	m = update(t, m, tea.PasteMsg{Content: "Here:\r\r```python\rprint(2)\r```\r"})
	if got := m.EditorText(); got != "print(2)\n" {
		t.Errorf("editor %q: a paste with CR line breaks must still be read as Markdown", got)
	}
}

func TestExampleDoesNotSilentlyReplaceUnsavedCode(t *testing.T) {
	m := newTestModel(t, 100, 30, helloCode)
	m = press(t, m, "x", "f2", "enter")
	if d, ok := m.dialog.(*examplesDialog); !ok || !d.warned || !strings.Contains(m.EditorText(), "x") {
		t.Fatalf("first enter over unsaved code must only warn: dialog %T, editor %q", m.dialog, m.EditorText())
	}
	if m = press(t, m, "enter"); m.dialog != nil || !strings.Contains(m.EditorText(), "sandbox") {
		t.Errorf("second enter must load the example: editor %q", m.EditorText())
	}
}

func TestPipedCodeCountsAsUnsaved(t *testing.T) {
	m := New(Options{Service: session.NewService(sandboxtest.Engine(t), nil), Code: "print(1)"})
	if !m.editor.dirty {
		t.Error("code that came from a pipe exists nowhere else: it must count as unsaved")
	}
}

func TestGaugeKeepsItsWidth(t *testing.T) {
	st := themes.NewStyles(themes.Default(true))
	limits := sandbox.DefaultLimits()
	var widths []int
	for _, s := range []sandbox.Stats{{}, {FuelUsed: 43_500_000, MemoryCurrent: 10 << 20, MemoryPeak: 10 << 20}, {FuelUsed: 400_000_000, MemoryCurrent: 127 << 20, MemoryPeak: 127 << 20, Elapsed: 9 * time.Second}} {
		row := gauges{stats: s, limits: limits}.view(&st, 80)
		widths = append(widths, strings.Index(ansi.Strip(row), "mem"))
		if w := ansi.StringWidth(row); w != 80 {
			t.Errorf("row is %d wide: %q", w, ansi.Strip(row))
		}
	}
	if widths[0] != widths[1] || widths[1] != widths[2] {
		t.Errorf("the memory figures move as numbers grow: columns %v", widths)
	}
}

func TestHistoryPane(t *testing.T) {
	m := newTestModel(t, 120, 40, "import random\nprint(random.random())\n")
	m.limits.deterministic = true
	for range 2 {
		next, cmd := m.Update(keyMsg("f5"))
		m = drive(t, next.(Model), cmd)
	}
	next, cmd := m.Update(keyMsg("f4"))
	m = drive(t, next.(Model), cmd)
	d, ok := m.dialog.(*historyDialog)
	if !ok || len(d.all) != 2 || !strings.Contains(screen(m), "#2") || !strings.Contains(screen(m), "import random") {
		t.Fatalf("history dialog %T:\n%s", m.dialog, screen(m))
	}
	next, cmd = m.Update(keyMsg("p")) // the newest against the run before it
	m = drive(t, next.(Model), cmd)
	if out := m.OutputText(); !strings.Contains(out, "run 1") || !strings.Contains(out, "output: identical") {
		t.Errorf("diff with the previous run:\n%s", out)
	}
	// Load the older run back into the editor.
	next, cmd = m.Update(keyMsg("f4"))
	m = drive(t, next.(Model), cmd)
	m = press(t, m, "down", "enter")
	if !strings.Contains(m.EditorText(), "random.random()") || m.limits.name != "default" || !strings.Contains(m.status, "loaded run #1") {
		t.Errorf("load: editor %q limits %+v status %q", m.EditorText(), m.limits, m.status)
	}
}

func TestHistoryLoadDoesNotSilentlyReplaceUnsavedCode(t *testing.T) {
	m := newTestModel(t, 120, 40, "print('recorded')\n")
	next, cmd := m.Update(keyMsg("f5"))
	m = drive(t, next.(Model), cmd)
	m = press(t, m, "end", "#")
	next, cmd = m.Update(keyMsg("f4"))
	m = drive(t, next.(Model), cmd)
	if m = press(t, m, "enter"); m.dialog == nil || !strings.Contains(m.EditorText(), "#") || !strings.Contains(screen(m), "unsaved changes") {
		t.Fatalf("first enter over unsaved code must only warn: dialog %T, editor %q\n%s", m.dialog, m.EditorText(), screen(m))
	}
	if m = press(t, m, "enter"); m.dialog != nil || strings.Contains(m.EditorText(), "#") {
		t.Errorf("second enter must load the run: dialog %T, editor %q", m.dialog, m.EditorText())
	}
}

func TestOutputTitleSaysWhatIsOutOfSight(t *testing.T) {
	m := newTestModel(t, 80, 24, "for i in range(30): print(i)\n")
	next, cmd := m.Update(keyMsg("f5"))
	m = drive(t, next.(Model), cmd)
	// 30 lines and the closing line, in a pane 6 rows high, following the end.
	if s := screen(m); !strings.Contains(s, "output · 25 lines above") {
		t.Errorf("after the run:\n%s", s)
	}
	m = press(t, m, "ctrl+w", "ctrl+w", "g")
	if s := screen(m); !strings.Contains(s, "output · 25 lines below") {
		t.Errorf("at the top:\n%s", s)
	}
	m = press(t, m, "j")
	if s := screen(m); !strings.Contains(s, "output · 1 above, 24 below") {
		t.Errorf("one line down:\n%s", s)
	}
}

func TestSaveAsAsksBeforeOverwriting(t *testing.T) {
	existing := filepath.Join(t.TempDir(), "answer.md")
	if err := os.WriteFile(existing, []byte("# the answer\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	m := newTestModel(t, 100, 30, helloCode)
	m.editor.path = "" // a Markdown answer's code, or code piped in
	saveAs := func(m Model) Model {
		t.Helper()
		m = press(t, m, "ctrl+s")
		prompt, ok := m.dialog.(*savePrompt)
		if !ok {
			t.Fatalf("ctrl+s without a path: dialog %T, want the save prompt", m.dialog)
		}
		prompt.input.SetValue(existing)
		next, cmd := m.Update(keyMsg("enter"))
		return drive(t, next.(Model), cmd)
	}
	m = saveAs(m)
	if b, _ := os.ReadFile(existing); string(b) != "# the answer\n" || !strings.Contains(m.status, "enter again overwrites it") {
		t.Fatalf("first save-as onto an existing file: file %q, status %q; want it kept and a question", b, m.status)
	}
	next, cmd := m.Update(keyMsg("enter")) // the prompt is open again, with the same path
	m = drive(t, next.(Model), cmd)
	if b, _ := os.ReadFile(existing); string(b) != helloCode || m.editor.path != existing {
		t.Errorf("second enter: file %q, editor path %q; want the code saved there", b, m.editor.path)
	}
}

func TestTooLongPasteIsRefused(t *testing.T) {
	m := newTestModel(t, 100, 30, helloCode)
	long := strings.Repeat("x = 1\n", MaxLines)
	m = update(t, m, tea.PasteMsg{Content: long})
	if m.EditorText() != helloCode || !strings.Contains(m.status, "not inserted") {
		t.Errorf("editor %d bytes, status %q: a paste past %d lines must be refused, not cut", len(m.EditorText()), m.status, MaxLines)
	}
	m = press(t, m, "ctrl+w")
	m = update(t, m, tea.PasteMsg{Content: long})
	if m.stdin.Value() != "" || !strings.Contains(m.status, "pyplay run --stdin") {
		t.Errorf("stdin %d bytes, status %q: a paste past %d lines must be refused, not cut", len(m.stdin.Value()), m.status, MaxLines)
	}
}

// TestControlCharactersAreEscapedNotDropped: the textarea drops control
// characters, so an opened file's ESC must come back as an escape that
// means the same in a string literal, and must not overwrite the file.
func TestEscapeControls(t *testing.T) {
	tests := []struct {
		in, want string
		changed  int
	}{
		{"print('ok')\n", "print('ok')\n", 0},
		{"print('caf\xe9')\n", `print('caf\xe9')` + "\n", 1},
		{"print('\ufffd ok')", `print('\ufffd ok')`, 1},
		{"x = 1\n\f\ny = 2\n", "x = 1\n\ny = 2\n", 1},
		{"a\r\nb\tc\x00", "a\r\nb\tc" + `\x00`, 1},
	}
	for _, tt := range tests {
		got, n := escapeControls(tt.in)
		if got != tt.want || n != tt.changed {
			t.Errorf("escapeControls(%q) = %q, %d; want %q, %d", tt.in, got, n, tt.want, tt.changed)
		}
	}
}

func TestLineCountReadsEveryLineBreak(t *testing.T) {
	for in, want := range map[string]int{"": 1, "a": 1, "a\n": 2, "a\r\nb": 2, "a\rb\rc": 3, "a\r\n\r\n": 3} {
		if got := LineCount(in); got != want {
			t.Errorf("LineCount(%q) = %d, want %d", in, got, want)
		}
	}
}

func TestSaveAsAsksAgainAfterEsc(t *testing.T) {
	existing := filepath.Join(t.TempDir(), "keep.py")
	if err := os.WriteFile(existing, []byte("# keep\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	m := newTestModel(t, 100, 30, helloCode)
	m.editor.path = ""
	for i := range 2 { // warned, then esc; then the same path again
		m = press(t, m, "ctrl+s")
		m.dialog.(*savePrompt).input.SetValue(existing)
		next, cmd := m.Update(keyMsg("enter"))
		m = drive(t, next.(Model), cmd)
		if i == 0 {
			m = press(t, m, "esc")
		}
	}
	if b, _ := os.ReadFile(existing); string(b) != "# keep\n" {
		t.Errorf("after esc, a later save-as overwrote the file without asking: %q", b)
	}
}

func TestControlCharactersAreEscapedNotDropped(t *testing.T) {
	engine := sandboxtest.Engine(t)
	m := New(Options{
		Service: session.NewService(engine, nil),
		Path:    "esc.py", Code: "print(\"\x1b[2Jred\")\n", SaveToPath: true,
	})
	if got := m.EditorText(); got != `print("\x1b[2Jred")`+"\n" || m.editor.path != "" || !strings.Contains(m.status, "escapes") {
		t.Errorf("editor %q, save path %q, status %q", got, m.editor.path, m.status)
	}
	res, err := engine.Run(context.Background(), sandbox.Request{Code: m.EditorText(), Limits: sandbox.DefaultLimits()})
	if err != nil || string(res.Stdout) != "\x1b[2Jred\n" {
		t.Errorf("the escaped code prints %q, %v; want the original bytes", res.Stdout, err)
	}
}

func TestRunDoneSaysWhenNotRecorded(t *testing.T) {
	m := newTestModel(t, 100, 30, helloCode)
	m.running = true
	m.live = &session.LiveRun{ID: 1, Request: sandbox.Request{Limits: sandbox.DefaultLimits()}}
	notRecorded := session.Note{Kind: session.NoteNotRecorded, Text: "not recorded in the history: history: add: disk full"}
	m = update(t, m, runDoneMsg{id: 1, done: session.Finished{Result: sandbox.Result{Outcome: sandbox.OutcomeOK}, Notes: []session.Note{notRecorded}}})
	if !strings.Contains(m.status, "not recorded in the history: history: add: disk full") {
		t.Errorf("status %q", m.status)
	}
}

// What came from outside reaches the screen escaped: a recorded run's first
// line in the history list, and a file name in the editor's title.
func TestOutsideTextIsEscaped(t *testing.T) {
	item := historyItem{rec: history.Record{ID: 1, Code: "print('\x1b[41mred\u202eevil')"}}
	title := item.Title()
	if strings.ContainsAny(title, "\x1b\u202e") || !strings.Contains(title, `\x1b[41m`) {
		t.Errorf("history title %q", title)
	}
	m := newTestModel(t, 100, 30, helloCode)
	m.editor.path = "a\x1b]0;pwned\x07.py"
	if got := m.editorTitle(80); strings.ContainsAny(got, "\x1b\x07") {
		t.Errorf("editor title %q", got)
	}
}

// The config validates [keys] against the same actions the key map has,
// and every valid override applies, whatever the map's order.
func TestKeyActionsMatchTheConfig(t *testing.T) {
	if got, want := strings.Join(Actions(), ","), strings.Join(config.KeyActions, ","); got != want {
		t.Errorf("key map actions %s, config's %s", got, want)
	}
	for range 20 {
		k := DefaultKeyMap()
		err := k.Override(map[string][]string{"bogus": {"x"}, "run": {"f9"}, "quit": {"ctrl+x"}, "zzz": {"y"}})
		if err == nil || !strings.Contains(err.Error(), `unknown key action "bogus", "zzz"`) ||
			strings.Join(k.Run.Keys(), ",") != "f9" || strings.Join(k.Quit.Keys(), ",") != "ctrl+x" {
			t.Fatalf("override: %v, run %v quit %v", err, k.Run.Keys(), k.Quit.Keys())
		}
	}
}
