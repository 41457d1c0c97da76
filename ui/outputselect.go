package ui

import (
	"regexp"
	"strconv"
	"strings"
)

// selection is a range of the output's logical lines, made by dragging
// the mouse over the pane: copying takes it.
type selection struct {
	active       bool
	anchor, head int // the line the drag started on and the one it is on
}

func (s selection) bounds() (from, to int) {
	return min(s.anchor, s.head), max(s.anchor, s.head)
}

// lineAt is the logical line shown on row y of the pane, if any.
func (o *outputPane) lineAt(y int) (int, bool) {
	i := o.view.YOffset() + y
	if y < 0 || i < 0 || i >= len(o.rows) {
		return 0, false
	}
	return int(o.rows[i].line), true
}

// line is logical line i's text, as shown (made safe).
func (o *outputPane) line(i int) string {
	ln := o.lines[i]
	return string(o.text[ln.start:ln.end])
}

// selectFrom starts a selection at row y; selectTo extends it to row y.
func (o *outputPane) selectFrom(y int) {
	if li, ok := o.lineAt(y); ok {
		o.sel = selection{active: true, anchor: li, head: li}
		clear(o.rendered)
	}
}

func (o *outputPane) selectTo(y int) {
	if !o.sel.active {
		return
	}
	if li, ok := o.lineAt(min(max(y, 0), o.view.Height()-1)); ok && li != o.sel.head {
		o.sel.head = li
		clear(o.rendered)
	}
}

// selected is the selected lines' text, or "" with no selection.
func (o *outputPane) selected() string {
	if !o.sel.active {
		return ""
	}
	from, to := o.sel.bounds()
	var lines []string
	for i := from; i <= to && i < len(o.lines); i++ {
		lines = append(lines, o.line(i))
	}
	return strings.Join(lines, "\n") + "\n"
}

// inSelection reports whether logical line li is selected.
func (o *outputPane) inSelection(li int) bool {
	if !o.sel.active {
		return false
	}
	from, to := o.sel.bounds()
	return li >= from && li <= to
}

// programOutput is the output without pyplay's own lines (the closing
// line and notes start with "── " or are the pane's hints).
func (o *outputPane) programOutput() string {
	var lines []string
	for i := range o.lines {
		if l := o.line(i); !strings.HasPrefix(l, "── ") {
			lines = append(lines, l)
		}
	}
	return strings.TrimRight(strings.Join(lines, "\n"), "\n") + "\n"
}

// lastTraceback is the last traceback in the output, from its
// "Traceback" line to the exception's line, or "" when there is none.
func (o *outputPane) lastTraceback() string {
	start := -1
	for i := len(o.lines) - 1; i >= 0; i-- {
		if strings.HasPrefix(o.line(i), "Traceback (most recent call last):") {
			start = i
			break
		}
	}
	if start < 0 {
		return ""
	}
	var lines []string
	for i := start; i < len(o.lines); i++ {
		l := o.line(i)
		if strings.HasPrefix(l, "── ") {
			break
		}
		lines = append(lines, l)
		// The exception's line is the first one past the frames that is
		// not indented.
		if i > start && l != "" && l[0] != ' ' {
			break
		}
	}
	return strings.Join(lines, "\n") + "\n"
}

// snippetFrame matches a traceback frame in the snippet's own file.
var snippetFrame = regexp.MustCompile(`File "/snippet/main\.py", line (\d+)`)

// snippetLineAt is the snippet line a traceback frame at logical line li
// names; the code line under a frame counts as the frame.
func (o *outputPane) snippetLineAt(li int) (int, bool) {
	for _, i := range []int{li, li - 1} {
		if i < 0 || i >= len(o.lines) {
			continue
		}
		if m := snippetFrame.FindStringSubmatch(o.line(i)); m != nil {
			n, err := strconv.Atoi(m[1])
			return n, err == nil
		}
		if i == li && !strings.HasPrefix(o.line(i), "    ") {
			return 0, false // not a frame's code line
		}
	}
	return 0, false
}

// lastSnippetLine is the innermost frame of the snippet in the output's
// last traceback: where the exception came from in the user's code.
func (o *outputPane) lastSnippetLine() (int, bool) {
	for i := len(o.lines) - 1; i >= 0; i-- {
		if m := snippetFrame.FindStringSubmatch(o.line(i)); m != nil {
			n, err := strconv.Atoi(m[1])
			return n, err == nil
		}
	}
	return 0, false
}
