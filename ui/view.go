package ui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/pyplay/pyplay/internal/termsafe"
	"github.com/pyplay/pyplay/sandbox"
)

// Rows below the panes: gauges, status, help.
const footerRows = 3

// wideWidth is where the output pane moves beside the editor.
const wideWidth = 110

// paneRect is a pane's outer size, borders included.
type paneRect struct{ w, h int }

type layoutRects struct {
	wide                  bool
	editor, stdin, output paneRect
}

// computeLayout splits the screen: editor and stdin over the output on
// narrow terminals, editor and stdin beside the output on wide ones.
func computeLayout(width, height int) layoutRects {
	panes := height - footerRows
	if width >= wideWidth {
		left := width / 2
		stdinH := min(7, max(4, panes/5))
		return layoutRects{
			wide:   true,
			editor: paneRect{left, panes - stdinH},
			stdin:  paneRect{left, stdinH},
			output: paneRect{width - left, panes},
		}
	}
	stdinH := 5
	editorH := (panes - stdinH) / 2
	return layoutRects{
		editor: paneRect{width, editorH},
		stdin:  paneRect{width, stdinH},
		output: paneRect{width, panes - stdinH - editorH},
	}
}

// layout sizes the panes' contents to fit inside their frames.
func (m *Model) layout() {
	if m.width < MinWidth || m.height < MinHeight {
		return
	}
	l := computeLayout(m.width, m.height)
	m.editor.setSize(l.editor.w-2, l.editor.h-2)
	m.stdin.SetWidth(l.stdin.w - 2)
	m.stdin.SetHeight(l.stdin.h - 2)
	m.output.setSize(l.output.w-2, l.output.h-2)
	m.help.SetWidth(m.width)
}

// View draws the playground.
func (m Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "pyplay"
	if bg := m.st.Palette.Background; bg != nil {
		if _, none := bg.(lipgloss.NoColor); !none {
			v.BackgroundColor = bg
		}
	}
	return v
}

func (m Model) render() string {
	if m.width == 0 {
		return ""
	}
	if m.width < MinWidth || m.height < MinHeight {
		msg := fmt.Sprintf("pyplay needs at least %d×%d; this terminal is %d×%d.\nMake it bigger.", MinWidth, MinHeight, m.width, m.height)
		// Wrapped, so that even a tiny terminal shows the whole message.
		return lipgloss.Place(m.width, m.height, lipgloss.Center, lipgloss.Center, m.st.TooSmall.Width(m.width).Align(lipgloss.Center).Render(msg))
	}
	if m.dialog != nil {
		return floatOver(m.playground(), m.dialog.View(m.st, m.width, m.height), m.width, m.height)
	}
	return m.playground()
}

// floatOver draws box centered over base, a screen of width×height cells,
// as a layer: the panes stay in sight around a dialog. A blank column on
// each side, where there is room, keeps the panes' text from running into
// the box's edge.
func floatOver(base, box string, width, height int) string {
	if lipgloss.Width(box)+2 <= width {
		box = lipgloss.NewStyle().Padding(0, 1).Render(box)
	}
	x := max((width-lipgloss.Width(box))/2, 0)
	y := max((height-lipgloss.Height(box))/2, 0)
	layers := lipgloss.NewCompositor(lipgloss.NewLayer(base), lipgloss.NewLayer(box).X(x).Y(y).Z(1))
	return lipgloss.NewCanvas(width, height).Compose(layers).Render()
}

// playground draws the panes and the footer.
func (m Model) playground() string {
	l := computeLayout(m.width, m.height)
	editor := m.frame(m.editorTitle(l.editor.w-6), m.editor.code.View(), l.editor, m.focus == focusEditor)
	stdin := m.frame("stdin", m.stdin.View(), l.stdin, m.focus == focusStdin)
	output := m.frame(m.outputTitle(), m.output.viewString(), l.output, m.focus == focusOutput)
	// The frames are exactly their rects' size, so they are put together
	// as they are: lipgloss's Join would measure every line of the screen
	// again, the most of a keystroke's cost.
	var panes string
	if l.wide {
		panes = besides(editor+"\n"+stdin, output)
	} else {
		panes = editor + "\n" + stdin + "\n" + output
	}
	footer := []string{m.gauges.view(m.st, m.width), m.statusLine(), m.help.ShortHelpView(m.keys.ShortHelp())}
	for i, line := range footer {
		footer[i] = line + strings.Repeat(" ", max(m.width-lipgloss.Width(line), 0))
	}
	return panes + "\n" + strings.Join(footer, "\n")
}

// editorTitle names the code in at most width cells: its file, or where it
// came from. A long path loses its start, not the file's name:
// "editor · …/project/snippet.py".
func (m Model) editorTitle(width int) string {
	prefix := "editor · "
	name := termsafe.String(m.editor.path) // a file name may hold escapes
	switch {
	case name != "":
	case m.editor.source != "":
		prefix, name = prefix+"from ", termsafe.String(m.editor.source)
	case m.editor.origin != "":
		name = termsafe.String(m.editor.origin)
	default:
		name = "untitled"
	}
	suffix := ""
	if m.editor.dirty {
		suffix = " ●"
	}
	return prefix + cutLeft(name, width-ansi.StringWidth(prefix+suffix)) + suffix
}

// cutLeft fits s in width cells by dropping its start: at a path separator
// when that leaves the last element whole ("…/dir/file.py"), else just
// enough characters ("…le.py").
func cutLeft(s string, width int) string {
	if ansi.StringWidth(s) <= width {
		return s
	}
	if width <= 1 {
		return ansi.Truncate("…", max(width, 0), "")
	}
	for i := 0; i < len(s); i++ {
		if s[i] == '/' && ansi.StringWidth(s[i:]) <= width-1 {
			return "…" + s[i:]
		}
	}
	cut := ansi.StringWidth(s) - (width - 1)
	rest := ansi.TruncateLeft(s, cut, "")
	for ansi.StringWidth(rest) > width-1 { // a wide character straddled the cut
		cut++
		rest = ansi.TruncateLeft(s, cut, "")
	}
	return "…" + rest
}

func (m Model) outputTitle() string {
	title := "output"
	if m.running {
		title += " · running " + m.spinner.View()
	}
	if hint := m.output.scrollHint(); hint != "" {
		title += " · " + hint
	}
	return title
}

// frame draws a rounded box of r's size around body with title in its top
// edge; the focused pane's box is highlighted.
func (m Model) frame(title, body string, r paneRect, focused bool) string {
	border := m.st.Pane.Border
	if focused {
		border = m.st.Pane.Focused
	}
	edge := lipgloss.NewStyle().Foreground(border.GetBorderTopForeground())
	inner := r.w - 2
	title = ansi.Truncate(title, max(inner-4, 0), "…")
	titleStyle := m.st.Pane.Title
	if focused {
		titleStyle = m.st.Pane.FocusedTitle
	}
	top := edge.Render("╭─ ") + titleStyle.Render(title) + edge.Render(" "+strings.Repeat("─", max(inner-3-lipgloss.Width(title), 0))+"╮")
	lines := strings.Split(body, "\n")
	var b strings.Builder
	b.WriteString(top)
	for i := range r.h - 2 {
		line := ""
		if i < len(lines) {
			line = ansi.Truncate(lines[i], inner, "")
		}
		b.WriteString("\n" + edge.Render("│") + line + strings.Repeat(" ", max(inner-lipgloss.Width(line), 0)) + edge.Render("│"))
	}
	b.WriteString("\n" + edge.Render("╰"+strings.Repeat("─", inner)+"╯"))
	return b.String()
}

// statusLine shows the engine, the run, the limits and the last message.
func (m Model) statusLine() string {
	var state string
	switch {
	case m.engineErr != nil:
		state = m.st.Status.Error.Render("✗ " + m.engineErr.Error())
	case m.running:
		state = m.st.Status.Busy.Render(m.spinner.View()+" running") + m.st.Status.Bar.Render(" · "+m.keys.Cancel.Help().Key+" cancels")
	case m.engineStage != sandbox.StageReady:
		state = m.st.Status.Busy.Render(m.spinner.View() + " " + m.engineStage.String() + "…")
	default:
		state = m.st.Status.Ready.Render("● ready")
	}
	// The message comes before the limits: it is what the user must read.
	line := state
	if m.status != "" {
		line += m.st.Status.Bar.Render(" · ") + m.st.Status.Key.Render(m.status)
	}
	line += m.st.Status.Bar.Render(" · " + m.limitsText())
	return ansi.Truncate(line, m.width, "…")
}

// besides puts right to the right of left, line by line; both have the same
// number of lines, each as wide as its column.
func besides(left, right string) string {
	l, r := strings.Split(left, "\n"), strings.Split(right, "\n")
	var b strings.Builder
	for i := range max(len(l), len(r)) {
		if i > 0 {
			b.WriteByte('\n')
		}
		if i < len(l) {
			b.WriteString(l[i])
		}
		if i < len(r) {
			b.WriteString(r[i])
		}
	}
	return b.String()
}
