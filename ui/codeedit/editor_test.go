package codeedit

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// keyMsg is the key press Bubble Tea sends for k ("a", "enter", "ctrl+z").
func keyMsg(k string) tea.KeyPressMsg {
	special := map[string]tea.Key{
		"enter": {Code: tea.KeyEnter}, "tab": {Code: tea.KeyTab}, "shift+tab": {Code: tea.KeyTab, Mod: tea.ModShift},
		"esc": {Code: tea.KeyEscape}, "backspace": {Code: tea.KeyBackspace}, "up": {Code: tea.KeyUp}, "down": {Code: tea.KeyDown},
		"left": {Code: tea.KeyLeft}, "right": {Code: tea.KeyRight}, "home": {Code: tea.KeyHome}, "end": {Code: tea.KeyEnd},
		"delete": {Code: tea.KeyDelete}, "space": {Code: tea.KeySpace, Text: " "},
		"ctrl+home": {Code: tea.KeyHome, Mod: tea.ModCtrl}, "ctrl+end": {Code: tea.KeyEnd, Mod: tea.ModCtrl},
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

func press(m Model, keys ...string) Model {
	for _, k := range keys {
		m, _ = m.Update(keyMsg(k))
	}
	return m
}

// typeText types s key by key, as a user does.
func typeText(m Model, s string) Model {
	for _, r := range s {
		switch r {
		case '\n':
			m = press(m, "enter")
		case ' ':
			m = press(m, "space")
		default:
			m = press(m, string(r))
		}
	}
	return m
}

func newEditor(text string) Model {
	m := New("")
	m.Reset(text)
	m.SetSize(80, 20)
	m.Focus()
	return m
}

func TestTypingIndentsLikePython(t *testing.T) {
	m := typeText(newEditor(""), "def f(x):\nif x:\nreturn 1\n")
	m = press(m, "backspace", "backspace") // out of the if's body, then the def's
	m = typeText(m, "y = 2")
	want := "def f(x):\n    if x:\n        return 1\ny = 2"
	if got := m.Value(); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestTabIndentsAndShiftTabDedents(t *testing.T) {
	m := press(newEditor("x = 1"), "tab")
	if m.Value() != "    x = 1" || m.Cursor() != (Pos{0, 4}) {
		t.Fatalf("tab: %q at %v", m.Value(), m.Cursor())
	}
	m = press(m, "end", "tab") // to the next stop, from column 9
	if m.Value() != "    x = 1   " {
		t.Errorf("tab at the end: %q", m.Value())
	}
	m = press(m, "shift+tab", "shift+tab")
	if m.Value() != "x = 1   " || m.Cursor() != (Pos{0, 8}) {
		t.Errorf("shift+tab twice: %q at %v", m.Value(), m.Cursor())
	}
}

// TestUndoGroupsTypingIntoWords: one undo takes back a word, a paste, a
// load; redo puts them back.
func TestUndoGroupsTypingIntoWords(t *testing.T) {
	tests := []struct {
		name  string
		do    func(Model) Model
		undos []string // the text after each undo
	}{
		{"words", func(m Model) Model { return typeText(m, "print hello") }, []string{"print ", ""}},
		{"a line break is a step", func(m Model) Model { return typeText(m, "a\nb") }, []string{"a\n", "a", ""}},
		{"backspaces are one step", func(m Model) Model { return press(typeText(m, "abc"), "backspace", "backspace") }, []string{"abc", ""}},
		{"a move starts a new step", func(m Model) Model { return typeText(press(typeText(m, "ab"), "left"), "x") }, []string{"ab", ""}},
		{"a paste is one step", func(m Model) Model { m = typeText(m, "x"); m.Paste("one two\nthree"); return m }, []string{"x", ""}},
		{"a load is one step", func(m Model) Model { m = typeText(m, "mine"); m.Load("example()"); return m }, []string{"mine", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := tt.do(newEditor(""))
			done := m.Value()
			for i, want := range tt.undos {
				m = press(m, "ctrl+z")
				if got := m.Value(); got != want {
					t.Fatalf("after undo %d: %q, want %q", i+1, got, want)
				}
			}
			for range tt.undos {
				m = press(m, "ctrl+y")
			}
			if m.Value() != done {
				t.Errorf("after the redos: %q, want %q", m.Value(), done)
			}
		})
	}
}

func TestFindAndGoToLine(t *testing.T) {
	m := newEditor("a = 1\nb = a + 1\nprint(A, b)\n")
	m = typeText(press(m, "ctrl+f"), "a")
	m = press(m, "enter") // the first match after the cursor; smart case: "a" matches A too
	if m.Cursor() != (Pos{1, 4}) || m.bar.note != "2 of 3" {
		t.Errorf("first match from the start's next: %v, %q", m.Cursor(), m.bar.note)
	}
	m = press(m, "enter", "enter")
	if m.Cursor() != (Pos{0, 0}) || m.bar.note != "1 of 3" {
		t.Errorf("wrapped around: %v, %q", m.Cursor(), m.bar.note)
	}
	m = press(m, "ctrl+p")
	if m.Cursor() != (Pos{2, 6}) {
		t.Errorf("previous: %v", m.Cursor())
	}
	if !strings.Contains(ansi.Strip(m.View()), "find: a") {
		t.Errorf("the find bar is not drawn:\n%s", m.View())
	}
	m = press(m, "esc", "ctrl+g")
	m = typeText(m, "9")
	m = press(m, "enter")
	if !m.bar.open || m.bar.note != "a line from 1 to 4" {
		t.Errorf("go to line 9 of 4: open %v, note %q", m.bar.open, m.bar.note)
	}
	m = press(m, "backspace")
	m = press(typeText(m, "3"), "enter")
	if m.bar.open || m.Cursor() != (Pos{2, 0}) {
		t.Errorf("go to line 3: open %v, cursor %v", m.bar.open, m.Cursor())
	}
}

func TestGoToLineMarksIt(t *testing.T) {
	m := newEditor(strings.Repeat("x = 1\n", 100))
	m.GoToLine(60)
	if m.Cursor() != (Pos{59, 0}) || m.mark != 59 || !strings.Contains(m.View(), "▶60") {
		t.Errorf("cursor %v, mark %d", m.Cursor(), m.mark)
	}
	m = typeText(m, "y")
	if m.mark != -1 {
		t.Errorf("an edit keeps the mark")
	}
}

// TestStatesFollowEdits: after any edits, the cached lexer states are what
// lexing the whole text from the top gives.
func TestStatesFollowEdits(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	pieces := []string{`"""`, "'''", "x = 1", "\n", "# c", `"s"`, "def f():", "\n\n"}
	m := newEditor(strings.Repeat("a = '''\nb\n'''\nc = 2\n", 30))
	for step := range 2000 {
		line := rng.IntN(m.LineCount())
		m.moveTo(Pos{line, rng.IntN(len(m.buf.line(line)) + 1)})
		if rng.IntN(3) == 0 {
			m.backspace()
		} else {
			m.insert(pieces[rng.IntN(len(pieces))], kindOther)
		}
		probe := rng.IntN(m.LineCount())
		state := stateCode
		for i := 0; i < probe; i++ {
			_, state = lexLine(nil, m.buf.line(i), state)
		}
		if got := m.states.start(probe); got != state {
			t.Fatalf("step %d: line %d starts in state %d, want %d", step, probe, got, state)
		}
	}
}

func TestLexer(t *testing.T) {
	tests := []struct {
		line  string
		in    lexState
		kinds string // a letter a rune: t text, k keyword, s string, n number, c comment, f function, b builtin, o operator
		out   lexState
	}{
		{"def f(x):", stateCode, "kkktfttto", stateCode},
		{`x = "a#b"  # hi`, stateCode, "ttotsssssttcccc", stateCode},
		{`s = """doc`, stateCode, "ttotssssss", stateDoubleTriple},
		{`end""" + 1`, stateDoubleTriple, "sssssstotn", stateCode},
		{"print(0x1F, 2e-3)", stateCode, "bbbbbtnnnnttnnnnt", stateCode},
		{"@cache", stateCode, "ffffff", stateCode},
		{"rb'x'", stateCode, "sssss", stateCode},
	}
	letters := map[tokenKind]byte{tokText: 't', tokKeyword: 'k', tokString: 's', tokNumber: 'n', tokComment: 'c', tokFunction: 'f', tokBuiltin: 'b', tokOperator: 'o'}
	for _, tt := range tests {
		line := []rune(tt.line)
		spans, out := lexLine(nil, line, tt.in)
		got := []byte(strings.Repeat("t", len(line)))
		for _, s := range spans {
			for i := s.start; i < s.end; i++ {
				got[i] = letters[s.kind]
			}
		}
		if string(got) != tt.kinds || out != tt.out {
			t.Errorf("%q: kinds %s out %d, want %s out %d", tt.line, got, out, tt.kinds, tt.out)
		}
	}
}

// TestWideCharacters: the view scrolls by cells, so the cursor stays on
// screen in a line of wide characters, and a click lands on the character
// drawn under it.
func TestWideCharacters(t *testing.T) {
	m := newEditor(strings.Repeat("世", 40))
	m.SetSize(30, 5) // 25 cells of text after the line numbers
	m = press(m, "end")
	row := ansi.Strip(strings.Split(m.View(), "\n")[0])
	if w := ansi.StringWidth(row); w > 30 || !strings.HasSuffix(row, "世 ") {
		t.Errorf("at the end: row %q (%d cells): want the last characters and the cursor after them", row, w)
	}
	m = press(m, "home")
	m.ClickAt(5+4, 0) // the line numbers, then cell 4: the third character
	if m.Cursor() != (Pos{0, 2}) {
		t.Errorf("click on cell 4 of 世世世…: cursor %v, want column 2", m.Cursor())
	}
}

// TestEditsThatChangeNothing: ctrl+u at column 0 or ctrl+k at the very end
// is not an edit: the file stays unmodified and undo has nothing to take.
func TestEditsThatChangeNothing(t *testing.T) {
	m := newEditor("x = 1")
	v := m.Version()
	m = press(m, "ctrl+u", "ctrl+end", "ctrl+k", "delete")
	if m.Version() != v || len(m.hist.undo) != 0 {
		t.Errorf("version %d (was %d), %d undo steps: nothing changed", m.Version(), v, len(m.hist.undo))
	}
}

func TestNarrowPlaceholder(t *testing.T) {
	m := New("élan: type here")
	m.Focus()
	for w := 1; w < 10; w++ {
		m.SetSize(w, 2)
		if v := m.View(); !utf8.ValidString(v) {
			t.Errorf("width %d: %q splits a character", w, v)
		}
	}
}

func TestPasteIntoTheFindBar(t *testing.T) {
	m := press(newEditor("alpha\nbeta\n"), "ctrl+f")
	m.PasteIntoBar("bet\nignored")
	m = press(m, "enter")
	if m.Value() != "alpha\nbeta\n" || m.Cursor() != (Pos{1, 0}) {
		t.Errorf("text %q, cursor %v: want the paste in the bar, found on line 2", m.Value(), m.Cursor())
	}
}
