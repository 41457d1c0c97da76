package ui

import (
	"io/fs"
	"path"
	"sort"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/pyplay/pyplay/themes"
)

// example is a built-in demo snippet.
type example struct {
	name  string // file name, e.g. 03_fuel_exhaustion.py
	title string // "fuel exhaustion"
	about string // the first comment line
	code  string
	stdin string // from NAME.stdin beside it, if any
	// preset names the limits it runs with, from NAME.limits beside it: the
	// fuel-exhaustion demo uses the seed post's 400M so that it stops soon.
	preset string
}

// loadExamples reads *.py from an examples file system (the embedded
// testdata/examples).
func loadExamples(fsys fs.FS) []example {
	if fsys == nil {
		return nil
	}
	names, _ := fs.Glob(fsys, "*.py")
	sort.Strings(names)
	var out []example
	for _, name := range names {
		code, err := fs.ReadFile(fsys, name)
		if err != nil {
			continue
		}
		ex := example{name: name, code: string(code), title: exampleTitle(name)}
		first, _, _ := strings.Cut(ex.code, "\n")
		ex.about = strings.TrimSpace(strings.TrimPrefix(first, "#"))
		if stdin, err := fs.ReadFile(fsys, strings.TrimSuffix(name, ".py")+".stdin"); err == nil {
			ex.stdin = string(stdin)
		}
		if preset, err := fs.ReadFile(fsys, strings.TrimSuffix(name, ".py")+".limits"); err == nil {
			ex.preset = strings.TrimSpace(string(preset))
		}
		out = append(out, ex)
	}
	return out
}

// previewLines is how much of the selected example the picker shows.
const previewLines = 8

// exampleTitle turns "03_fuel_exhaustion.py" into "fuel exhaustion".
func exampleTitle(name string) string {
	base := strings.TrimSuffix(path.Base(name), ".py")
	if _, rest, ok := strings.Cut(base, "_"); ok {
		base = rest
	}
	return strings.ReplaceAll(base, "_", " ")
}

// examplesDialog is the examples picker.
type examplesDialog struct {
	items  []example
	cursor int
	// guard is set when the editor has unsaved changes: the first enter
	// only warns, the second replaces them.
	guard, warned bool
}

// update returns the chosen example when enter is pressed, and done when
// the dialog closes.
func (d *examplesDialog) update(msg tea.KeyPressMsg) (chosen *example, done bool) {
	switch msg.String() {
	case "esc":
		return nil, true
	case "up", "k", "shift+tab":
		d.cursor = (d.cursor + len(d.items) - 1) % max(len(d.items), 1)
	case "down", "j", "tab":
		d.cursor = (d.cursor + 1) % max(len(d.items), 1)
	case "enter":
		if len(d.items) == 0 {
			return nil, true
		}
		if d.guard && !d.warned {
			d.warned = true
			return nil, false
		}
		return &d.items[d.cursor], true
	}
	d.warned = false
	return nil, false
}

func (d *examplesDialog) view(st *themes.Styles, width int) string {
	var b strings.Builder
	b.WriteString(st.Dialog.Title.Render("Examples") + "\n\n")
	if len(d.items) == 0 {
		b.WriteString(st.Dialog.Muted.Render("no examples in this build") + "\n")
	}
	for i, ex := range d.items {
		about := ex.about
		if room := width - len(ex.title) - 12; len(about) > room {
			about = about[:max(room-1, 0)] + "…"
		}
		line := st.Dialog.Item.Render(ex.title) + "  " + st.Dialog.Muted.Render(about)
		if i == d.cursor {
			line = st.Dialog.Selected.Render("› "+ex.title) + "  " + st.Dialog.Muted.Render(about)
		} else {
			line = "  " + line
		}
		b.WriteString(line + "\n")
	}
	if len(d.items) > 0 {
		b.WriteString("\n")
		preview := highlightPython(st, d.items[d.cursor].code)
		for _, line := range preview[:min(len(preview), previewLines)] {
			b.WriteString(ansi.Truncate(line, width-4, "…") + "\n")
		}
	}
	if d.warned {
		b.WriteString("\n" + st.Status.Error.Render("The editor has unsaved changes: enter again replaces them.") + "\n")
	}
	b.WriteString("\n" + st.Dialog.Muted.Render("↑/↓ choose · enter load · esc close"))
	return st.Dialog.Frame.Render(b.String())
}
