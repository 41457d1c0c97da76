package ui

import (
	"strings"
	"unicode/utf8"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// Wrapping and SGR helpers of the output pane, free of its state.

// sgrLen is the length of the SGR sequence ("\x1b[…m") s starts with, or
// 0 if it does not start with one.
func sgrLen(s string) int {
	for i := 2; i < len(s); i++ {
		c := s[i]
		switch {
		case c == 'm':
			return i + 1
		case c >= '0' && c <= '9' || c == ';' || c == ':':
		default:
			return 0
		}
	}
	return 0
}

// wrapLine appends to rows the rows of line li, whose text is text, from
// byte start (a grapheme boundary) on, at most width cells each. A
// grapheme is never split, so a wide character that does not fit at the
// end of a row starts the next one. With words, a row ends after its last
// space, so a word moves to the next row whole, unless it is longer than
// a row; a space next to a digit does not end a row, so a figure stays
// with its unit and what it counts. pyplay's own lines wrap that way, while guest output is cut at
// the width, as a terminal would. It returns at least one row.
func wrapLine(rows []outRow, li int, text []byte, start, width int, words bool) []outRow {
	rowStart, col := start, 0
	brk, brkCol := -1, 0 // just after the row's last space, and the row's width up to there
	for i := start; i < len(text); {
		size, w := 1, 1
		// Fast path: an ASCII byte followed by another (or the end) is a
		// grapheme of its own, one cell wide; safe text has no controls.
		if text[i] >= utf8.RuneSelf || i+1 < len(text) && text[i+1] >= utf8.RuneSelf {
			var g []byte
			g, w = ansi.FirstGraphemeCluster(text[i:], ansi.GraphemeWidth)
			size = max(len(g), 1)
		}
		if col+w > width && i > rowStart && brk > rowStart {
			rows = append(rows, outRow{line: int32(li), start: int32(rowStart), end: int32(brk), width: int32(brkCol)})
			rowStart, col = brk, col-brkCol
		}
		if col+w > width && i > rowStart {
			rows = append(rows, outRow{line: int32(li), start: int32(rowStart), end: int32(i), width: int32(col)})
			rowStart, col = i, 0
		}
		col += w
		i += size
		// A figure keeps the words beside it: "line 3", "· 467 ms", "+40 (+0.1%)".
		if words && size == 1 && text[i-1] == ' ' && !(i >= 2 && isDigit(text[i-2])) && !(i < len(text) && isDigit(text[i])) {
			brk, brkCol = i, col
		}
	}
	return append(rows, outRow{line: int32(li), start: int32(rowStart), end: int32(len(text)), width: int32(col)})
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// sgrOf is the SGR sequences style puts before and after a piece of text.
func sgrOf(style lipgloss.Style) (pre, suf string) {
	const probe = "x"
	r := style.Render(probe)
	i := strings.Index(r, probe)
	if i < 0 {
		return "", ""
	}
	return r[:i], r[i+len(probe):]
}

// completeUpTo is how much of data can be shown now: all of it but an
// incomplete UTF-8 sequence or a CR at its end, which the next chunk may
// complete.
func completeUpTo(data []byte) int {
	n := len(data)
	if n > 0 && data[n-1] == '\r' {
		return n - 1
	}
	for back := 1; back <= min(utf8.UTFMax-1, n); back++ {
		b := data[n-back]
		if b < utf8.RuneSelf {
			return n // ASCII: nothing pending
		}
		if utf8.RuneStart(b) {
			if utf8.FullRune(data[n-back:]) {
				return n
			}
			return n - back
		}
	}
	return n
}
