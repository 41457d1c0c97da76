package codeedit

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// Styles is what the editor draws with; the playground builds it from its
// theme.
type Styles struct {
	Text, LineNumber, CursorLineNumber, Placeholder, Hint lipgloss.Style
	// Cursor is the cell under the cursor; Match a find match; Mark the
	// line a traceback pointed at (its number).
	Cursor, Match, Mark lipgloss.Style
	// Syntax colors Python: Keyword, String, Number, Comment, Function,
	// Builtin and Operator.
	Keyword, String, Number, Comment, Function, Builtin, Operator lipgloss.Style
}

// WithStyles is m drawing with s; m itself keeps its styles.
func (m Model) WithStyles(s Styles) Model {
	m.styles = &s
	m.cache = newRenderCache()
	return m
}

func (s Styles) of(k tokenKind) lipgloss.Style {
	switch k {
	case tokKeyword:
		return s.Keyword
	case tokString:
		return s.String
	case tokNumber:
		return s.Number
	case tokComment:
		return s.Comment
	case tokFunction:
		return s.Function
	case tokBuiltin:
		return s.Builtin
	case tokOperator:
		return s.Operator
	}
	return s.Text
}

// renderCache keeps drawn lines with nothing over them (no cursor, match
// or mark), keyed by what decides their look; it is dropped whole when it
// grows past a few screens, which typing never makes it do.
type renderCache struct {
	lines map[renderKey]string
}

type renderKey struct {
	text        string
	state       lexState
	left, width int
}

func newRenderCache() renderCache { return renderCache{lines: map[renderKey]string{}} }

const renderCacheSize = 2048

// gutterWidth is the line numbers' column: the widest number, a space on
// each side.
func (m Model) gutterWidth() int {
	return max(len(strconv.Itoa(m.buf.lineCount())), 3) + 2
}

// View draws the rows on screen.
func (m Model) View() string {
	var b strings.Builder
	gw := m.gutterWidth()
	textW := max(m.width-gw, 1)
	rows := m.textHeight()
	empty := m.buf.lineCount() == 1 && len(m.buf.line(0)) == 0
	for row := range rows {
		if row > 0 {
			b.WriteByte('\n')
		}
		i := m.top + row
		if i >= m.buf.lineCount() {
			continue
		}
		num := strconv.Itoa(i + 1)
		pad := strings.Repeat(" ", gw-1-len(num))
		switch {
		case i == m.mark:
			b.WriteString(m.styles.Mark.Render(pad[:len(pad)-1] + "▶" + num))
		case i == m.cursor.Line:
			b.WriteString(m.styles.CursorLineNumber.Render(pad + num))
		default:
			b.WriteString(m.styles.LineNumber.Render(pad + num))
		}
		b.WriteByte(' ')
		if empty && m.placeholder != "" {
			b.WriteString(m.placeholderView(textW))
			continue
		}
		b.WriteString(m.lineView(i, textW))
	}
	if m.bar.open {
		b.WriteString("\n" + ansi.Truncate(m.barView(), m.width, "…"))
	}
	return b.String()
}

func (m Model) placeholderView(width int) string {
	text := ansi.Truncate(m.placeholder, width-1, "…")
	if text == "" {
		return ""
	}
	if m.focused { // the cursor on its first character
		_, n := utf8.DecodeRuneInString(text)
		return m.styles.Cursor.Render(text[:n]) + m.styles.Placeholder.Render(text[n:])
	}
	return m.styles.Placeholder.Render(text)
}

// lineView draws line i from column m.left, width cells at most.
func (m Model) lineView(i, width int) string {
	line := m.buf.line(i)
	state := m.states.start(i)
	cursorHere := m.focused && i == m.cursor.Line
	matches := matchesIn(line, m.find.query)
	if !cursorHere && len(matches) == 0 {
		k := renderKey{text: string(line), state: state, left: m.left, width: width}
		if s, ok := m.cache.lines[k]; ok {
			return s
		}
		s := m.draw(line, state, width, -1, nil)
		if len(m.cache.lines) >= renderCacheSize {
			clear(m.cache.lines)
		}
		m.cache.lines[k] = s
		return s
	}
	cursor := -1
	if cursorHere {
		cursor = m.cursor.Col
	}
	return m.draw(line, state, width, cursor, matches)
}

// Overlays drawn over the syntax, as kinds after the token kinds.
const (
	kindMatch = tokenKind(iota + tokOperator + 1)
	kindCursor
)

func (s Styles) ofKind(k tokenKind) lipgloss.Style {
	switch k {
	case kindMatch:
		return s.Match
	case kindCursor:
		return s.Cursor
	}
	return s.of(k)
}

// draw colors the visible part of line: the syntax, find matches over it,
// and the cursor over all, one Render a run of a kind.
func (m Model) draw(line []rune, state lexState, width, cursor int, matches []int) string {
	spans, _ := lexLine(nil, line, state)
	var b, run strings.Builder
	runKind := tokenKind(255)
	flush := func() {
		if run.Len() > 0 {
			b.WriteString(m.styles.ofKind(runKind).Render(run.String()))
			run.Reset()
		}
	}
	si, mi, qlen := 0, 0, len(m.find.query)
	cell := 0 // where character c starts; m.left and width count cells
	c := 0
	for ; c < len(line) && cell < m.left+width; c++ {
		w := runeCells(line[c])
		start := cell
		cell += w
		if start < m.left { // left of the view, or a wide one cut by its edge
			if cell > m.left {
				run.WriteString(strings.Repeat(" ", cell-m.left))
			}
			continue
		}
		if cell > m.left+width { // a wide one cut by the right edge
			break
		}
		for si < len(spans) && spans[si].end <= c {
			si++
		}
		kind := tokText
		if si < len(spans) && spans[si].start <= c {
			kind = spans[si].kind
		}
		for mi < len(matches) && matches[mi]+qlen <= c {
			mi++
		}
		if mi < len(matches) && matches[mi] <= c {
			kind = kindMatch
		}
		if c == cursor {
			kind = kindCursor
		}
		if kind != runKind {
			flush()
			runKind = kind
		}
		run.WriteString(safeRune(line[c]))
	}
	flush()
	if cursor == len(line) && cell >= m.left && cell < m.left+width { // past the end of the line
		b.WriteString(m.styles.Cursor.Render(" "))
	}
	return ansi.Truncate(b.String(), width, "")
}

// safeRune shows a character that would act on the terminal (a bidi
// override, a zero-width joiner pair…) as an escape; the buffer holds no
// control characters, but Unicode format characters can be typed or
// pasted.
func safeRune(r rune) string {
	switch {
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
		return `\u` + strconv.FormatInt(int64(r), 16)
	}
	return string(r)
}
