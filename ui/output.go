package ui

import (
	"fmt"
	"sort"
	"strings"

	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/pyplay/pyplay/internal/termsafe"
	"github.com/pyplay/pyplay/session"
	"github.com/pyplay/pyplay/themes"
)

// outputPane shows a run's stdout and stderr as they arrive, then a closing
// line with the outcome. Guest text goes through termsafe first, so escape
// sequences are shown, never sent to the terminal.
//
// The pane wraps its lines itself rather than leaving it to the viewport,
// whose soft wrap costs the square of a line's length on every frame: a
// program printing one 1 MB line would freeze the UI. Here the output is
// kept as logical lines of plain text with style runs, and as rows of at
// most the pane's width. Appending to the line being written re-wraps only
// its last row and the new text; a new width re-wraps everything once. Rows
// are styled when first shown, and the styled row is kept.
//
// The viewport keeps the scroll position: it is given one blank line per
// row, so its scrolling, keys and mouse wheel work on rows, and the pane
// draws the rows in sight itself.
type outputPane struct {
	view viewport.Model
	// styles are the pane's own copy of the theme's output styles;
	// setStyles replaces them when the theme changes.
	styles outputStyles
	// text is all the output, made safe, without its line breaks; lines
	// and spans index into it. Only the last line grows, so one buffer
	// holds them all: a line costs 12 bytes, not two allocations.
	text []byte
	// spans are the style runs over text, in order: span k covers text
	// from spans[k-1].end (or 0) to spans[k].end, across lines if need be.
	spans []outSpan
	// lines are the logical lines; the last is the line being written, and
	// is empty after a newline.
	lines []outLine
	// width is the wrap width; rows are kept only while it is positive.
	width int
	// rows are lines wrapped to width, in order. Every closed line has at
	// least one row; the line being written has none while it is empty.
	rows []outRow
	// rendered holds rows already styled, by index: the rows in sight and
	// a few more, since it is emptied when it grows past a few screens.
	rendered map[int]string
	// blank holds at least len(rows) empty strings, the viewport's lines.
	blank []string
	// synced is how many rows the viewport was last given.
	synced int
	// carry is the incomplete end of stdout's and stderr's last chunk.
	carry [2][]byte
	// sel is the lines dragged over with the mouse.
	sel selection
}

// outLine is a logical line: text[start:end]. words is set on pyplay's own
// lines (notes, the closing line, a diff), which wrap between words; guest
// output wraps at the width.
type outLine struct {
	start, end int32
	words      bool
}

// outSpan styles text up to end. pre and suf are the SGR sequences around
// it, fixed when the text arrived, so output on screen keeps its colors
// when the theme changes.
type outSpan struct {
	end      int32
	pre, suf string
}

// outRow is the part [start, end) of lines[line]'s text, offsets within
// the line, at most the pane's width wide unless a single grapheme is
// wider.
type outRow struct{ line, start, end, width int32 }

// outputStyles are what the pane writes guest output and its notes in.
type outputStyles struct{ stdout, stderr, note, selection lipgloss.Style }

// tabWidth is how many spaces a tab becomes, as lipgloss renders tabs.
const tabWidth = 4

func newOutputPane(st *themes.Styles) outputPane {
	v := viewport.New()
	v.SoftWrap = false // the pane wraps; see outputPane
	v.MouseWheelEnabled = true
	v.SetHorizontalStep(0)
	o := outputPane{view: v, lines: []outLine{{}}, rendered: map[int]string{}}
	o.setStyles(st)
	o.note("Output appears here. Press F5 to run.")
	return o
}

// setStyles takes the theme's output styles for what is written next;
// what is on screen keeps its colors (see outSpan).
func (o *outputPane) setStyles(st *themes.Styles) {
	o.styles = outputStyles{stdout: st.Output.Stdout, stderr: st.Output.Stderr, note: st.Output.Note, selection: st.Output.Selection}
}

func (o *outputPane) setSize(width, height int) {
	follow := o.view.AtBottom() // a user who scrolled up stays where they are
	o.view.SetWidth(width)
	o.view.SetHeight(height)
	if width != o.width {
		o.width = width
		o.rewrap()
	}
	o.refresh(follow)
}

// reset starts a new run's output.
func (o *outputPane) reset() {
	o.text, o.spans, o.lines = nil, nil, []outLine{{}}
	o.rows, o.blank, o.carry, o.sel = nil, nil, [2][]byte{}, selection{}
	clear(o.rendered)
	o.refresh(true)
}

// note adds a line of pyplay's own, set apart from the guest's output.
func (o *outputPane) note(text string) { o.styledLine(text, o.styles.note) }

// closing adds the outcome line in the style of how the run ended.
func (o *outputPane) closing(text string, style lipgloss.Style) {
	for k, style := range o.streamStyles() { // the run is over: nothing will complete them
		if len(o.carry[k]) > 0 {
			pre, suf := sgrOf(style)
			o.write(string(o.carry[k]), pre, suf)
			o.carry[k] = nil
		}
	}
	o.styledLine("── "+text+" ──", style)
}

func (o *outputPane) streamStyles() [2]lipgloss.Style {
	return [2]lipgloss.Style{o.styles.stdout, o.styles.stderr}
}

func (o *outputPane) styledLine(text string, style lipgloss.Style) {
	pre, suf := sgrOf(style)
	o.openOwnLine()
	o.lines[len(o.lines)-1].words = true
	o.write(text, pre, suf)
	o.closeLine()
	o.refresh(true)
}

// writeLines puts each of rendered, text already styled with SGR
// sequences, on a line of its own, and refreshes the viewport once. The
// styles are kept; anything else is made safe like guest text. Guest text
// must be made safe before it is styled: its own SGR sequences would be
// kept too.
func (o *outputPane) writeLines(rendered []string) {
	for _, r := range rendered {
		o.styledText(r)
	}
	o.refresh(true)
}

func (o *outputPane) styledText(rendered string) {
	o.openOwnLine()
	o.lines[len(o.lines)-1].words = true
	var sgr string // the SGR sequences in effect since the last reset
	for rendered != "" {
		i := strings.Index(rendered, "\x1b[")
		if i < 0 {
			i = len(rendered)
		}
		seq := 0
		if i < len(rendered) {
			seq = sgrLen(rendered[i:])
			if seq == 0 { // not SGR: leave it to termsafe, which shows it
				if j := strings.Index(rendered[i+2:], "\x1b["); j < 0 {
					i = len(rendered)
				} else {
					i += 2 + j
				}
			}
		}
		if i > 0 {
			suf := ""
			if sgr != "" {
				suf = "\x1b[m"
			}
			o.write(rendered[:i], sgr, suf)
		}
		if seq > 0 {
			switch s := rendered[i : i+seq]; s {
			case "\x1b[m", "\x1b[0m":
				sgr = ""
			default:
				sgr += s
			}
		}
		rendered = rendered[min(i+seq, len(rendered)):]
	}
	o.closeLine()
}

// add appends guest output; it follows the end unless the user scrolled up.
func (o *outputPane) add(chunks []session.Chunk) {
	if len(chunks) == 0 {
		return
	}
	follow := o.view.AtBottom()
	var sgr [2][2]string // stdout's and stderr's, once needed
	var known [2]bool
	styles := o.streamStyles()
	for _, c := range chunks {
		k := 0
		if c.Stream == session.Stderr {
			k = 1
		}
		if !known[k] {
			sgr[k][0], sgr[k][1] = sgrOf(styles[k])
			known[k] = true
		}
		// A character or a CRLF split between two chunks must not be shown
		// as two halves: the tail waits for the next chunk, or the end.
		data := append(o.carry[k], c.Data...)
		cut := completeUpTo(data)
		o.carry[k] = append([]byte(nil), data[cut:]...)
		o.write(string(data[:cut]), sgr[k][0], sgr[k][1])
	}
	o.refresh(follow)
}

// write appends text to the line being written, closing it at each newline.
// The text is made safe here.
func (o *outputPane) write(text, pre, suf string) {
	text = termsafe.String(text)
	if strings.Contains(text, "\t") {
		text = strings.ReplaceAll(text, "\t", strings.Repeat(" ", tabWidth))
	}
	for {
		i := strings.IndexByte(text, '\n')
		if i < 0 {
			o.appendOpen(text, pre, suf)
			return
		}
		o.appendOpen(text[:i], pre, suf)
		o.closeLine()
		text = text[i+1:]
	}
}

// appendOpen appends safe text without newlines to the line being written
// and re-wraps that line from its last row on.
func (o *outputPane) appendOpen(text, pre, suf string) {
	if text == "" {
		return
	}
	o.text = append(o.text, text...)
	end := int32(len(o.text))
	if n := len(o.spans); n > 0 && o.spans[n-1].pre == pre && o.spans[n-1].suf == suf {
		o.spans[n-1].end = end
	} else {
		o.spans = append(o.spans, outSpan{end: end, pre: pre, suf: suf})
	}
	li := len(o.lines) - 1
	ln := &o.lines[li]
	ln.end = end
	if o.width <= 0 {
		return
	}
	start := 0
	if n := len(o.rows); n > 0 && int(o.rows[n-1].line) == li {
		start = int(o.rows[n-1].start)
		o.rows = o.rows[:n-1]
		delete(o.rendered, n-1) // its text grew
	}
	o.rows = wrapLine(o.rows, li, o.text[ln.start:ln.end], start, o.width, ln.words)
}

// closeLine ends the line being written and opens an empty one.
func (o *outputPane) closeLine() {
	li := len(o.lines) - 1
	if o.width > 0 && (len(o.rows) == 0 || int(o.rows[len(o.rows)-1].line) != li) {
		o.rows = append(o.rows, outRow{line: int32(li)}) // an empty line is a row too
	}
	end := int32(len(o.text))
	o.lines = append(o.lines, outLine{start: end, end: end})
}

// openOwnLine closes the line being written unless it is empty.
func (o *outputPane) openOwnLine() {
	if ln := o.lines[len(o.lines)-1]; ln.end > ln.start {
		o.closeLine()
	}
}

// rewrap wraps every line again, for a new width.
func (o *outputPane) rewrap() {
	o.rows = nil
	clear(o.rendered)
	if o.width <= 0 {
		return
	}
	open := len(o.lines) - 1
	for li, ln := range o.lines {
		if li == open && ln.end == ln.start {
			break
		}
		o.rows = wrapLine(o.rows, li, o.text[ln.start:ln.end], 0, o.width, ln.words)
	}
}

// renderRow is row i styled, rendered once and then kept while in sight.
func (o *outputPane) renderRow(i int) string {
	if r, ok := o.rendered[i]; ok {
		return r
	}
	r := o.rows[i]
	ln := o.lines[r.line]
	from, to := ln.start+r.start, ln.start+r.end
	if o.inSelection(int(r.line)) { // plain, in the selection's style
		return o.styles.selection.Render(string(o.text[from:to]))
	}
	var b strings.Builder
	k := sort.Search(len(o.spans), func(k int) bool { return o.spans[k].end > from })
	for pos := from; k < len(o.spans) && pos < to; k++ {
		sp := o.spans[k]
		end := min(sp.end, to)
		b.WriteString(sp.pre)
		b.Write(o.text[pos:end])
		b.WriteString(sp.suf)
		pos = end
	}
	if len(o.rendered) > 4*max(o.view.Height(), 16) {
		clear(o.rendered) // scrolled far: the rows styled before are out of sight
	}
	o.rendered[i] = b.String()
	return o.rendered[i]
}

// refresh gives the viewport as many lines as there are rows, and follows
// the end if asked to.
func (o *outputPane) refresh(follow bool) {
	if n := len(o.rows); n != o.synced {
		if cap(o.blank) < n {
			o.blank = make([]string, n, 2*n)
		}
		o.view.SetContentLines(o.blank[:n])
		o.synced = n
	}
	if follow {
		o.view.GotoBottom()
	}
}

// scrollHint says how much output is out of sight, for the pane's title:
// "3 lines above", "12 lines below", "3 above, 12 below", or "" when all of
// it shows.
func (o *outputPane) scrollHint() string {
	above := o.view.YOffset()
	below := max(len(o.rows)-above-o.view.Height(), 0)
	switch {
	case above > 0 && below > 0:
		return fmt.Sprintf("%d above, %d below", above, below)
	case above > 0:
		return countLines(above) + " above"
	case below > 0:
		return countLines(below) + " below"
	}
	return ""
}

func countLines(n int) string {
	if n == 1 {
		return "1 line"
	}
	return fmt.Sprintf("%d lines", n)
}

// plain is the pane's text without styles, for tests and the e2e checks:
// the logical lines, not the rows they wrap to.
func (o *outputPane) plain() string {
	var b strings.Builder
	for i, ln := range o.lines {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.Write(o.text[ln.start:ln.end])
	}
	return b.String()
}

func (o *outputPane) update(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	o.view, cmd = o.view.Update(msg)
	return cmd
}

// viewString draws the rows in sight, padded with spaces to the pane's
// size, as the viewport would (lipgloss would take far longer to pad them,
// measuring every row again).
func (o *outputPane) viewString() string {
	w, h := o.view.Width(), o.view.Height()
	if w <= 0 || h <= 0 {
		return ""
	}
	top := min(o.view.YOffset(), len(o.rows))
	bottom := min(top+h, len(o.rows))
	var b strings.Builder
	for i := top; i < top+h; i++ {
		if i > top {
			b.WriteByte('\n')
		}
		pad := w
		if i < bottom {
			b.WriteString(o.renderRow(i))
			pad -= int(o.rows[i].width)
		}
		for range pad {
			b.WriteByte(' ')
		}
	}
	return b.String()
}
