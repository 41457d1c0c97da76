package ui

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"

	"github.com/pyplay/pyplay/themes"
	"github.com/pyplay/pyplay/ui/codeedit"
)

// indentWidth is Python's customary indent; the editor never inserts tabs.
const indentWidth = codeedit.IndentWidth

// MaxLines is what the editor and the stdin pane hold. The stdin pane, a
// bubbles textarea, silently drops the lines past 10,000, and the history
// keeps what the README promises: pyplay refuses text that would not fit
// rather than run or save a truncated copy.
const MaxLines = 10000

// LineCount is how many lines text takes in a textarea, which reads CRLF
// and a lone CR as line breaks too, and keeps an empty line after a final
// one.
func LineCount(text string) int { return strings.Count(normalizeNewlines(text), "\n") + 1 }

// fits reports whether inserting text into area keeps it within MaxLines.
func fits(area textarea.Model, text string) bool {
	return area.LineCount()+LineCount(text)-1 <= MaxLines
}

// editor is the code pane: the code editor (ui/codeedit), the file it
// saves to, and whether it holds changes not saved.
type editor struct {
	code codeedit.Model
	path string // where ctrl+s saves; "" until the user names a file
	// source is the file the code came from when ctrl+s must not write it
	// (a Markdown answer's blocks, or a file that needed escapes); origin
	// names code from elsewhere: "example: hello", "run #12". The title
	// shows them while there is no path.
	source, origin string
	dirty          bool
}

func newEditor(st themes.Styles, keys codeedit.KeyMap) editor {
	code := codeedit.New("Type or paste Python here, or press F2 for an example.").WithStyles(editorStyles(st))
	code.SetKeys(keys)
	code.Focus()
	return editor{code: code}
}

// editorStyles is the editor's part of the theme.
func editorStyles(st themes.Styles) codeedit.Styles {
	return codeedit.Styles{
		Text: st.Editor.Text, LineNumber: st.Editor.LineNumber, CursorLineNumber: st.Editor.CursorLineNumber,
		Placeholder: st.Editor.Placeholder, Hint: st.Pane.Hint,
		Cursor: st.Editor.Cursor, Match: st.Editor.Match, Mark: st.Editor.Mark,
		Keyword: st.Code.Keyword, String: st.Code.String, Number: st.Code.Number, Comment: st.Code.Comment,
		Function: st.Code.Function, Builtin: st.Code.Builtin, Operator: st.Code.Operator,
	}
}

// newTextarea is a multi-line input without length limits, in the theme:
// the stdin pane.
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

func (e *editor) setSize(width, height int) { e.code.SetSize(width, height) }

// fits reports whether inserting text keeps the editor within MaxLines.
func (e *editor) fits(text string) bool {
	return e.code.LineCount()+LineCount(text)-1 <= MaxLines
}

// open starts the editor on a file's code (or code piped in): no undo step
// goes back past it. It returns how many characters escapeControls
// rewrote.
func (e *editor) open(path, code string) (changed int) {
	code, changed = escapeControls(code)
	e.code.Reset(expandTabs(code))
	e.path, e.source, e.origin, e.dirty = path, "", "", false
	return changed
}

// load replaces the buffer, e.g. with an example or a recorded run. The
// editor holds no control characters (control characters, invalid UTF-8,
// U+FFFD, which a textarea dropped), so load rewrites those first (see escapeControls) and returns
// how many it changed: the caller must not let the changed text overwrite
// the original silently.
//
// The load is one undo step: ctrl+z brings the code it replaced back.
func (e *editor) load(path, code string) (changed int) {
	code, changed = escapeControls(code)
	e.code.Load(expandTabs(code))
	e.path, e.source, e.origin, e.dirty = path, "", "", false
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

// needsEscapes reports whether text has what the editor and the stdin
// pane do not hold.
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

func (e *editor) value() string { return e.code.Value() }

// paste inserts text at the cursor with its tabs expanded, as one undo
// step.
func (e *editor) paste(text string) {
	text, _ = escapeControls(text)
	e.code.Paste(expandTabs(text))
	e.dirty = true
}

// handleKey gives a key to the code editor.
func (e *editor) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	before := e.code.Version()
	var cmd tea.Cmd
	e.code, cmd = e.code.Update(msg)
	e.dirty = e.dirty || e.code.Version() != before
	return cmd
}

func expandTabs(s string) string {
	return strings.ReplaceAll(normalizeNewlines(s), "\t", strings.Repeat(" ", indentWidth))
}

// normalizeNewlines turns CRLF and lone CR (how terminals send a paste's
// line breaks) into LF.
func normalizeNewlines(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

// editorKeys is the code editor's bindings from the playground's: its
// close key is the playground's cancel key.
func editorKeys(k KeyMap) codeedit.KeyMap {
	e := k.Editor
	e.Close = k.Cancel
	return e
}

// claims reports whether the editor, focused, takes msg before the
// playground's own keys: tab indents rather than moving on, and while the
// find bar is open every key is the bar's.
func (e *editor) claims(msg tea.KeyPressMsg) bool {
	k := e.code.Keys()
	return e.code.BarOpen() || key.Matches(msg, k.Indent, k.Dedent, k.Undo, k.Redo, k.Find, k.GotoLine)
}
