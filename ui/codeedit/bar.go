package codeedit

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
)

// barMode is what the prompt under the text asks for.
type barMode int

const (
	barFind barMode = iota + 1
	barGoto
)

// bar is the one-line prompt of find and go-to-line.
type bar struct {
	open  bool
	mode  barMode
	input textinput.Model
	note  string // "3 of 12", "no match", "no line 900: the file has 120"
}

// finder is the last search: its matches are highlighted while the find
// bar is open.
type finder struct {
	query []rune
}

func (m Model) openBar(mode barMode) tea.Cmd {
	in := textinput.New()
	in.Prompt = "find: "
	if mode == barGoto {
		in.Prompt = "go to line: "
	}
	in.CharLimit = 256
	in.SetWidth(min(32, max(m.width-len(in.Prompt)-30, 8))) // room for the count and the keys
	if mode == barFind && len(m.find.query) > 0 {
		in.SetValue(string(m.find.query))
		in.CursorEnd()
	}
	cmd := in.Focus()
	m.bar = bar{open: true, mode: mode, input: in}
	m.scrollToCursor()
	return cmd
}

// PasteIntoBar types text, its first line, into the open find or go-to
// bar: a paste while the bar is open is for the bar, not the code.
func (m Model) PasteIntoBar(text string) {
	if !m.bar.open {
		return
	}
	line, _, _ := strings.Cut(text, "\n")
	m.bar.input.SetValue(m.bar.input.Value() + line)
	m.bar.input.CursorEnd()
	if m.bar.mode == barFind {
		m.find.query = []rune(m.bar.input.Value())
		m.bar.note = ""
	}
}

func (m Model) closeBar() {
	m.bar = bar{}
	m.find.query = nil
}

// updateBar handles a key while the prompt is open.
func (m Model) updateBar(msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	switch {
	case key.Matches(msg, k.Close):
		m.closeBar()
		return nil
	case m.bar.mode == barGoto && msg.String() == "enter":
		n, err := strconv.Atoi(strings.TrimSpace(m.bar.input.Value()))
		if err != nil || n < 1 || n > m.buf.lineCount() {
			m.bar.note = fmt.Sprintf("a line from 1 to %d", m.buf.lineCount())
			return nil
		}
		m.closeBar()
		m.GoToLine(n)
		m.mark = -1 // a jump asked for, not a line to point at
		return nil
	case m.bar.mode == barFind && key.Matches(msg, k.FindPrev):
		m.findNext(-1)
		return nil
	case m.bar.mode == barFind && key.Matches(msg, k.FindNext):
		m.findNext(1)
		return nil
	}
	var cmd tea.Cmd
	m.bar.input, cmd = m.bar.input.Update(msg)
	if m.bar.mode == barFind {
		m.find.query = []rune(m.bar.input.Value())
		m.bar.note = ""
	}
	return cmd
}

// findNext moves to the next match after the cursor (dir 1) or the one
// before it (dir -1), wrapping around, and says which of how many it is.
func (m Model) findNext(dir int) {
	q := m.find.query
	if len(q) == 0 {
		return
	}
	var all []Pos
	for i := range m.buf.lineCount() {
		for _, c := range matchesIn(m.buf.line(i), q) {
			all = append(all, Pos{i, c})
		}
	}
	if len(all) == 0 {
		m.bar.note = "no match"
		return
	}
	at := -1
	if dir > 0 {
		for i, p := range all {
			if m.cursor.Less(p) {
				at = i
				break
			}
		}
		if at < 0 {
			at = 0
		}
	} else {
		for i := len(all) - 1; i >= 0; i-- {
			if all[i].Less(m.cursor) {
				at = i
				break
			}
		}
		if at < 0 {
			at = len(all) - 1
		}
	}
	m.moveTo(all[at])
	m.centerCursor()
	m.bar.note = fmt.Sprintf("%d of %d", at+1, len(all))
}

// matchesIn is where q starts in line, case-insensitively if q is lower
// case (as most editors' smart case).
func matchesIn(line, q []rune) []int {
	if len(q) == 0 || len(q) > len(line) {
		return nil
	}
	fold := strings.ToLower(string(q)) == string(q)
	var out []int
	for i := 0; i+len(q) <= len(line); i++ {
		j := 0
		for j < len(q) && same(line[i+j], q[j], fold) {
			j++
		}
		if j == len(q) {
			out = append(out, i)
			i += len(q) - 1
		}
	}
	return out
}

func same(a, b rune, fold bool) bool {
	if fold {
		return unicode.ToLower(a) == b
	}
	return a == b
}

// barView is the prompt's row.
func (m Model) barView() string {
	s := m.bar.input.View()
	if m.bar.note != "" {
		s += "  " + m.styles.Hint.Render(m.bar.note)
	}
	hint := m.keys.FindNext.Help().Key + " next · " + m.keys.FindPrev.Help().Key + " previous · " + m.keys.Close.Help().Key + " close"
	if m.bar.mode == barGoto {
		hint = "enter go · " + m.keys.Close.Help().Key + " close"
	}
	return s + "  " + m.styles.Hint.Render(hint)
}
