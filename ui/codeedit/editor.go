// Package codeedit is the playground's code editor: a buffer of lines, a
// view that draws only the rows on screen, Python highlighting cached per
// line, undo and redo grouped into words, find and go-to-line.
//
// A keystroke costs the same at line 9,000 of a 10,000-line file as in a
// ten-line one: edits touch the lines they change, the lexer state each
// line ends in is kept and recomputed only until it agrees with what it
// was, and View lexes and draws the visible rows alone.
//
// # Notes
//
//   - Model is a handle: its copies share the buffer and the undo history,
//     as a bubbles textarea's copies share their rows. The playground keeps
//     one editor and replaces it, never two diverging copies.
//   - The buffer holds no tabs and no control characters: callers expand
//     and escape text before Load and Paste (the playground does).
package codeedit

import (
	"strings"
	"unicode"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// IndentWidth is Python's customary indent; the editor never inserts tabs.
const IndentWidth = 4

// Model is the editor.
type Model struct {
	*state
	// The styles and the lines drawn with them are each copy's own: a
	// copy kept from before a theme change still draws in its theme.
	styles *Styles
	cache  renderCache
}

// state is what the copies of a Model share.
type state struct {
	buf     *buffer
	states  *stateCache
	hist    history
	cursor  Pos
	goalCol int // the column up and down aim for
	top     int // first line on screen
	left    int // first column on screen

	width, height int
	focused       bool
	placeholder   string

	keys KeyMap

	bar  bar // the find or go-to-line prompt, when open
	find finder
	// mark is a line to show apart (a traceback's line), or -1.
	mark int
	// version counts edits, so that a caller can tell whether the text
	// changed.
	version int
}

// New returns an empty editor showing placeholder until something is
// typed.
func New(placeholder string) Model {
	return Model{state: &state{
		buf: newBuffer(""), states: newStateCache(newBuffer("")), placeholder: placeholder,
		keys: DefaultKeyMap(), mark: -1,
	}, styles: &Styles{}, cache: newRenderCache()}
}

// SetKeys sets the bindings.
func (m Model) SetKeys(k KeyMap) { m.keys = k }

// Keys is the bindings in use.
func (m Model) Keys() KeyMap { return m.keys }

// SetSize sets the text area's size in cells, line numbers included.
func (m Model) SetSize(width, height int) {
	m.width, m.height = max(width, 1), max(height, 1)
	m.scrollToCursor()
}

// Focus makes the editor take keys and show its cursor; Blur undoes it.
func (m Model) Focus()        { m.focused = true }
func (m Model) Blur()         { m.focused = false }
func (m Model) Focused() bool { return m.focused }

// BarOpen reports whether the find or go-to-line prompt is open: it takes
// every key then.
func (m Model) BarOpen() bool { return m.bar.open }

// Value is the whole text.
func (m Model) Value() string { return m.buf.text() }

// LineCount is the number of lines, an empty last one included.
func (m Model) LineCount() int { return m.buf.lineCount() }

// Version counts the edits made so far.
func (m Model) Version() int { return m.version }

// Cursor is where the cursor is.
func (m Model) Cursor() Pos { return m.cursor }

// Load replaces the text, as one step that undo takes back, and puts the
// cursor at the start.
func (m Model) Load(text string) {
	m.closeBar()
	end := m.buf.clamp(Pos{Line: m.buf.lineCount() - 1, Col: 1 << 30})
	m.replace(Pos{}, end, text, kindOther)
	m.hist.breakStep()
	m.moveTo(Pos{})
	m.mark = -1
}

// Reset replaces the text with no undo step: a fresh start (a file opened).
func (m Model) Reset(text string) {
	m.buf = newBuffer(text)
	m.states = newStateCache(m.buf)
	m.hist = history{}
	m.cursor, m.goalCol, m.top, m.left, m.mark = Pos{}, 0, 0, 0, -1
	m.version++
}

// Paste inserts text at the cursor as one undo step.
func (m Model) Paste(text string) {
	m.hist.breakStep()
	m.insert(text, kindOther)
	m.hist.breakStep()
}

// GoToLine puts the cursor at the start of line (from 1) and marks it, as
// a traceback's line is shown.
func (m Model) GoToLine(line int) {
	p := m.buf.clamp(Pos{Line: line - 1})
	m.moveTo(p)
	m.mark = p.Line
	m.centerCursor()
}

// ClickAt puts the cursor at the cell (x, y) of the text area, line
// numbers included.
func (m Model) ClickAt(x, y int) {
	if y >= m.textHeight() {
		return
	}
	line := min(m.top+y, m.buf.lineCount()-1)
	col := colAtCell(m.buf.line(line), m.left+max(x-m.gutterWidth(), 0))
	m.hist.breakStep()
	m.moveTo(m.buf.clamp(Pos{Line: line, Col: col}))
}

// Scroll moves the view by lines (negative: up) and leaves the cursor.
func (m Model) Scroll(lines int) {
	m.top = max(0, min(m.top+lines, m.buf.lineCount()-1))
}

// Update handles a key.
func (m Model) Update(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	if m.bar.open {
		return m, m.updateBar(msg)
	}
	k := m.keys
	switch {
	case key.Matches(msg, k.Undo):
		m.undo()
	case key.Matches(msg, k.Redo):
		m.redo()
	case key.Matches(msg, k.Find):
		return m, m.openBar(barFind)
	case key.Matches(msg, k.GotoLine):
		return m, m.openBar(barGoto)
	case key.Matches(msg, k.Left):
		m.moveTo(m.left1())
	case key.Matches(msg, k.Right):
		m.moveTo(m.right1())
	case key.Matches(msg, k.Up):
		m.moveVertically(-1)
	case key.Matches(msg, k.Down):
		m.moveVertically(1)
	case key.Matches(msg, k.WordLeft):
		m.moveTo(m.wordLeft())
	case key.Matches(msg, k.WordRight):
		m.moveTo(m.wordRight())
	case key.Matches(msg, k.LineStart):
		m.moveTo(m.lineStart())
	case key.Matches(msg, k.LineEnd):
		m.moveTo(Pos{m.cursor.Line, len(m.buf.line(m.cursor.Line))})
	case key.Matches(msg, k.PageUp):
		m.moveVertically(-m.textHeight())
	case key.Matches(msg, k.PageDown):
		m.moveVertically(m.textHeight())
	case key.Matches(msg, k.Top):
		m.moveTo(Pos{})
	case key.Matches(msg, k.Bottom):
		last := m.buf.lineCount() - 1
		m.moveTo(Pos{last, len(m.buf.line(last))})
	case key.Matches(msg, k.Newline):
		m.newline()
	case key.Matches(msg, k.LineFeed):
		m.hist.breakStep()
		m.insert("\n", kindOther)
	case key.Matches(msg, k.Backspace):
		m.backspace()
	case key.Matches(msg, k.Delete):
		if end := m.right1(); end != m.cursor {
			m.replace(m.cursor, end, "", kindDelete)
		}
	case key.Matches(msg, k.DeleteWordBack):
		if from := m.wordLeft(); from != m.cursor {
			m.replace(from, m.cursor, "", kindOther)
		}
	case key.Matches(msg, k.KillEnd):
		end := Pos{m.cursor.Line, len(m.buf.line(m.cursor.Line))}
		if end == m.cursor {
			end = m.right1() // at the end: join the next line
		}
		m.replace(m.cursor, end, "", kindOther)
	case key.Matches(msg, k.KillHome):
		m.replace(Pos{m.cursor.Line, 0}, m.cursor, "", kindOther)
	case key.Matches(msg, k.Indent):
		m.indent()
	case key.Matches(msg, k.Dedent):
		m.dedent()
	default:
		if text := msg.Text; text != "" && msg.Mod&(tea.ModCtrl|tea.ModAlt) == 0 {
			m.typeText(text)
		}
	}
	return m, nil
}

// typeText inserts what a key typed, grouped into words for undo.
func (m Model) typeText(text string) {
	kind := kindTypeSpace
	if r := []rune(text); len(r) == 1 && (r[0] == '_' || unicode.IsLetter(r[0]) || unicode.IsDigit(r[0])) {
		kind = kindTypeWord
	}
	m.insert(text, kind)
}

// insert puts text at the cursor and moves the cursor past it.
func (m Model) insert(text string, kind editKind) {
	m.replace(m.cursor, m.cursor, text, kind)
}

// replace is every edit: it changes the buffer, keeps the lexer states,
// records the undo step and moves the cursor past the new text.
func (m Model) replace(from, to Pos, text string, kind editKind) {
	if from == to && text == "" { // ctrl+u at column 0: nothing changes, nothing to undo
		return
	}
	e := edit{at: from, removed: m.buf.slice(from, to), inserted: text, before: m.cursor}
	e.after = m.apply(from, to, text)
	m.hist.record(e, kind)
	m.mark = -1
}

// apply changes the buffer and everything that follows from it, and moves
// the cursor to the end of the new text.
func (m Model) apply(from, to Pos, text string) Pos {
	end := m.buf.replace(from, to, text)
	m.states.edited(m.buf, from.Line, to.Line-from.Line+1, end.Line-from.Line+1)
	m.version++
	m.setCursor(end)
	return end
}

func (m Model) undo() {
	h := &m.hist
	if len(h.undo) == 0 {
		return
	}
	s := h.undo[len(h.undo)-1]
	h.undo = h.undo[:len(h.undo)-1]
	for i := len(s.edits) - 1; i >= 0; i-- {
		e := s.edits[i]
		end := endOf(e.at, e.inserted)
		m.apply(e.at, end, e.removed)
		m.setCursor(e.before)
	}
	h.redo = append(h.redo, s)
	h.breakStep()
	m.mark = -1
}

func (m Model) redo() {
	h := &m.hist
	if len(h.redo) == 0 {
		return
	}
	s := h.redo[len(h.redo)-1]
	h.redo = h.redo[:len(h.redo)-1]
	for _, e := range s.edits {
		m.apply(e.at, endOf(e.at, e.removed), e.inserted)
		m.setCursor(e.after)
	}
	h.undo = append(h.undo, s)
	h.breakStep()
	m.mark = -1
}

// endOf is where text ends when it starts at p.
func endOf(p Pos, text string) Pos {
	n := strings.Count(text, "\n")
	if n == 0 {
		return Pos{p.Line, p.Col + len([]rune(text))}
	}
	return Pos{p.Line + n, len([]rune(text[strings.LastIndexByte(text, '\n')+1:]))}
}

// newline breaks the line, keeping its indent and adding one after a line
// that opens a block.
func (m Model) newline() {
	m.hist.breakStep()
	before := string(m.buf.line(m.cursor.Line)[:m.cursor.Col])
	indent := before[:len(before)-len(strings.TrimLeft(before, " "))]
	if strings.HasSuffix(strings.TrimRight(stripComment(before), " "), ":") {
		indent += strings.Repeat(" ", IndentWidth)
	}
	m.insert("\n"+indent, kindOther)
}

// backspace deletes left of the cursor: back to the previous indent stop
// when only spaces precede it.
func (m Model) backspace() {
	line := m.buf.line(m.cursor.Line)
	col := m.cursor.Col
	if col > 0 && strings.TrimLeft(string(line[:col]), " ") == "" {
		n := col % IndentWidth
		if n == 0 {
			n = IndentWidth
		}
		m.replace(Pos{m.cursor.Line, col - n}, m.cursor, "", kindDelete)
		return
	}
	if from := m.left1(); from != m.cursor {
		m.replace(from, m.cursor, "", kindDelete)
	}
}

// indent inserts spaces to the next indent stop.
func (m Model) indent() {
	n := IndentWidth - m.cursor.Col%IndentWidth
	m.hist.breakStep()
	m.insert(strings.Repeat(" ", n), kindOther)
}

// dedent removes up to one indent level from the start of the line.
func (m Model) dedent() {
	line := m.buf.line(m.cursor.Line)
	n := 0
	for n < IndentWidth && n < len(line) && line[n] == ' ' {
		n++
	}
	if n == 0 {
		return
	}
	cur := m.cursor
	m.hist.breakStep()
	m.replace(Pos{cur.Line, 0}, Pos{cur.Line, n}, "", kindOther)
	m.moveTo(Pos{cur.Line, max(cur.Col-n, 0)})
}

// stripComment drops a trailing # comment, roughly: good enough to see
// whether a line ends with a colon.
func stripComment(line string) string {
	if i := strings.Index(line, "#"); i >= 0 && !strings.ContainsAny(line[:i], `"'`) {
		return line[:i]
	}
	return line
}
