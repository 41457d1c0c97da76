package ui

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"

	"github.com/pyplay/pyplay/themes"
)

// indentWidth is Python's customary indent; the editor never inserts tabs.
const indentWidth = 4

// MaxLines is what the editor and the stdin pane hold. A bubbles textarea
// silently drops the lines past 10,000, so pyplay refuses text that would
// not fit rather than run or save a truncated copy.
const MaxLines = 10000

// LineCount is how many lines text takes in a textarea, which reads CRLF
// and a lone CR as line breaks too, and keeps an empty line after a final
// one.
func LineCount(text string) int { return strings.Count(normalizeNewlines(text), "\n") + 1 }

// fits reports whether inserting text into area keeps it within MaxLines.
func fits(area textarea.Model, text string) bool {
	return area.LineCount()+LineCount(text)-1 <= MaxLines
}

// editor is the code pane: a textarea with line numbers that indents like a
// Python editor (keeps the indent on enter, adds one after a colon, removes
// one with backspace).
type editor struct {
	area  textarea.Model
	path  string // where ctrl+s saves; "" until the user names a file
	dirty bool
}

func newEditor(st themes.Styles) editor {
	area := newTextarea(st, "Type or paste Python here, or press F2 for an example.")
	area.ShowLineNumbers = true
	area.MaxWidth = 0
	area.Focus()
	return editor{area: area}
}

// newTextarea is a multi-line input without length limits, in the theme.
func newTextarea(st themes.Styles, placeholder string) textarea.Model {
	area := textarea.New()
	area.ShowLineNumbers = false
	area.Prompt = ""
	area.Placeholder = placeholder
	area.CharLimit = 0
	area.MaxHeight = 10000
	area.SetStyles(textareaStyles(st))
	return area
}

func textareaStyles(st themes.Styles) textarea.Styles {
	s := textarea.DefaultStyles(true)
	for _, state := range []*textarea.StyleState{&s.Focused, &s.Blurred} {
		state.Base = st.Editor.Text
		state.Text = st.Editor.Text
		state.LineNumber = st.Editor.LineNumber
		state.CursorLineNumber = st.Editor.CursorLineNumber
		state.CursorLine = st.Editor.Text
		state.Placeholder = st.Editor.Placeholder
		state.EndOfBuffer = st.Editor.LineNumber
		state.Prompt = st.Editor.Text
	}
	s.Cursor.Color = st.Palette.Focus
	s.Blurred.CursorLineNumber = st.Editor.LineNumber
	return s
}

func (e *editor) setSize(width, height int) {
	e.area.SetWidth(width)
	e.area.SetHeight(height)
}

// load replaces the buffer, e.g. with an opened file or an example. The
// textarea drops what it cannot show (control characters, invalid UTF-8,
// U+FFFD), so load rewrites those first (see escapeControls) and returns
// how many it changed: the caller must not let the changed text overwrite
// the original silently.
func (e *editor) load(path, code string) (changed int) {
	code, changed = escapeControls(code)
	e.area.SetValue(expandTabs(code))
	e.area.MoveToBegin()
	e.path, e.dirty = path, false
	return changed
}

// escapeControls rewrites what a textarea would drop, line breaks and tabs
// aside: control characters and invalid bytes become Python \xNN escapes,
// U+FFFD becomes \ufffd (inside a string literal, where they are found in
// practice, each means what it replaces), and a form feed, which Python
// reads as whitespace and an escape would turn into a syntax error, goes.
func escapeControls(code string) (string, int) {
	if !needsEscapes(code) {
		return code, 0
	}
	var b strings.Builder
	n := 0
	for i := 0; i < len(code); {
		r, size := utf8.DecodeRuneInString(code[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, code[i])
		case r == utf8.RuneError:
			b.WriteString(`\ufffd`)
		case r == '\f':
		case isDropped(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			b.WriteString(code[i : i+size])
			i += size
			continue
		}
		n++
		i += size
	}
	return b.String(), n
}

// needsEscapes reports whether a textarea would drop part of text.
func needsEscapes(text string) bool {
	return !utf8.ValidString(text) || strings.ContainsFunc(text, func(r rune) bool { return r == utf8.RuneError || isDropped(r) })
}

// escapedNote tells the user what load did to the code.
func escapedNote(n int) string {
	return fmt.Sprintf("%d character(s) the editor cannot hold were rewritten (\\xNN escapes; form feeds dropped); ctrl+s asks for a new file", n)
}

func isDropped(r rune) bool {
	return unicode.IsControl(r) && r != '\n' && r != '\t' && r != '\r'
}

func (e *editor) value() string { return e.area.Value() }

// paste inserts text at the cursor with its tabs expanded.
func (e *editor) paste(text string) {
	text, _ = escapeControls(text)
	e.area.InsertString(expandTabs(text))
	e.dirty = true
}

// handleKey applies Python indentation to enter and backspace and gives
// every other key to the textarea.
func (e *editor) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	switch msg.String() {
	case "ctrl+j":
		// A line feed: what some terminals send, without bracketed paste,
		// for a pasted line break. The pasted text brings its own
		// indentation; the textarea's own newline keeps the cursor in view.
		var cmd tea.Cmd
		e.area, cmd = e.area.Update(tea.KeyPressMsg{Code: tea.KeyEnter})
		e.dirty = true
		return cmd
	case "enter":
		indent := e.nextIndent()
		var cmd tea.Cmd
		e.area, cmd = e.area.Update(msg) // the textarea's own newline keeps the cursor in view
		e.area.InsertString(indent)
		e.dirty = true
		return cmd
	case "backspace":
		if n := e.dedentWidth(); n > 0 {
			for range n {
				e.area, _ = e.area.Update(msg)
			}
			e.dirty = true
			return nil
		}
	}
	before := e.area.Value()
	var cmd tea.Cmd
	e.area, cmd = e.area.Update(msg)
	e.dirty = e.dirty || e.area.Value() != before
	return cmd
}

// beforeCursor is the current line up to the cursor.
func (e *editor) beforeCursor() string {
	lines := strings.Split(e.area.Value(), "\n")
	row := e.area.Line()
	if row >= len(lines) {
		return ""
	}
	line := []rune(lines[row])
	return string(line[:min(e.area.Column(), len(line))])
}

// nextIndent is the indentation a new line gets: the current line's, plus
// one level after a line that opens a block.
func (e *editor) nextIndent() string {
	before := e.beforeCursor()
	indent := before[:len(before)-len(strings.TrimLeft(before, " "))]
	if strings.HasSuffix(strings.TrimRight(stripComment(before), " "), ":") {
		indent += strings.Repeat(" ", indentWidth)
	}
	return indent
}

// dedentWidth is how many spaces backspace removes: back to the previous
// indent stop when only spaces precede the cursor, else 0 (one character).
func (e *editor) dedentWidth() int {
	before := e.beforeCursor()
	if before == "" || strings.TrimLeft(before, " ") != "" {
		return 0
	}
	n := len(before) % indentWidth
	if n == 0 {
		n = indentWidth
	}
	return n
}

// stripComment drops a trailing # comment, roughly: good enough to see
// whether a line ends with a colon.
func stripComment(line string) string {
	if i := strings.Index(line, "#"); i >= 0 && !strings.ContainsAny(line[:i], `"'`) {
		return line[:i]
	}
	return line
}

func expandTabs(s string) string {
	return strings.ReplaceAll(normalizeNewlines(s), "\t", strings.Repeat(" ", indentWidth))
}

// normalizeNewlines turns CRLF and lone CR (how terminals send a paste's
// line breaks) into LF.
func normalizeNewlines(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}
