package codeedit

import (
	"unicode"

	"github.com/charmbracelet/x/ansi"
)

// moveTo puts the cursor at p, as a move of the user's: typing after it
// starts a new undo step.
func (m Model) moveTo(p Pos) {
	if p != m.cursor {
		m.hist.breakStep()
	}
	m.setCursor(p)
}

// setCursor puts the cursor at p and scrolls it into view.
func (m Model) setCursor(p Pos) {
	m.cursor = m.buf.clamp(p)
	m.goalCol = m.cursor.Col
	m.scrollToCursor()
}

// moveVertically moves n lines, aiming for the column the cursor had.
func (m Model) moveVertically(n int) {
	goal := m.goalCol
	line := max(0, min(m.cursor.Line+n, m.buf.lineCount()-1))
	m.moveTo(Pos{line, min(goal, len(m.buf.line(line)))})
	m.goalCol = goal // kept across short lines
}

// left1 is one character left, across a line break.
func (m Model) left1() Pos {
	c := m.cursor
	switch {
	case c.Col > 0:
		return Pos{c.Line, c.Col - 1}
	case c.Line > 0:
		return Pos{c.Line - 1, len(m.buf.line(c.Line - 1))}
	}
	return c
}

// right1 is one character right, across a line break.
func (m Model) right1() Pos {
	c := m.cursor
	switch {
	case c.Col < len(m.buf.line(c.Line)):
		return Pos{c.Line, c.Col + 1}
	case c.Line < m.buf.lineCount()-1:
		return Pos{c.Line + 1, 0}
	}
	return c
}

// lineStart toggles between the first non-space and the very start.
func (m Model) lineStart() Pos {
	line := m.buf.line(m.cursor.Line)
	first := 0
	for first < len(line) && line[first] == ' ' {
		first++
	}
	if m.cursor.Col == first {
		first = 0
	}
	return Pos{m.cursor.Line, first}
}

func isWord(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }

// wordLeft is the start of the word left of the cursor.
func (m Model) wordLeft() Pos {
	c := m.cursor
	if c.Col == 0 {
		return m.left1()
	}
	line := m.buf.line(c.Line)
	i := c.Col
	for i > 0 && !isWord(line[i-1]) {
		i--
	}
	for i > 0 && isWord(line[i-1]) {
		i--
	}
	return Pos{c.Line, i}
}

// wordRight is the end of the word right of the cursor.
func (m Model) wordRight() Pos {
	c := m.cursor
	line := m.buf.line(c.Line)
	if c.Col == len(line) {
		return m.right1()
	}
	i := c.Col
	for i < len(line) && !isWord(line[i]) {
		i++
	}
	for i < len(line) && isWord(line[i]) {
		i++
	}
	return Pos{c.Line, i}
}

// textHeight is the rows that show text: the bar takes the last one.
func (m Model) textHeight() int {
	if m.bar.open {
		return max(m.height-1, 1)
	}
	return m.height
}

// scrollToCursor moves the view just enough to show the cursor.
func (m Model) scrollToCursor() {
	h := m.textHeight()
	if m.cursor.Line < m.top {
		m.top = m.cursor.Line
	}
	if m.cursor.Line >= m.top+h {
		m.top = m.cursor.Line - h + 1
	}
	// left counts cells, not runes: a wide character takes two.
	w := max(m.width-m.gutterWidth()-2, 1) // a cell for the cursor past the end
	line := m.buf.line(m.cursor.Line)
	at := cellsOf(line[:m.cursor.Col])
	next := at + 1
	if m.cursor.Col < len(line) {
		next = at + runeCells(line[m.cursor.Col])
	}
	if at < m.left {
		m.left = at
	}
	if next > m.left+w {
		m.left = next - w
	}
}

// centerCursor scrolls so the cursor's line is in the middle.
func (m Model) centerCursor() {
	m.top = max(0, m.cursor.Line-m.textHeight()/2)
	m.scrollToCursor()
}

// runeCells is how many cells r takes on a terminal.
func runeCells(r rune) int {
	if r < 0x300 { // ASCII and Latin: one cell, without measuring
		return 1
	}
	return max(ansi.StringWidth(string(r)), 1)
}

// cellsOf is how many cells line takes.
func cellsOf(line []rune) int {
	n := 0
	for _, r := range line {
		n += runeCells(r)
	}
	return n
}

// colAtCell is the column of the character at cell x of line (past its
// end: the end).
func colAtCell(line []rune, x int) int {
	cell := 0
	for i, r := range line {
		w := runeCells(r)
		if x < cell+w {
			return i
		}
		cell += w
	}
	return len(line)
}
