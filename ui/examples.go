package ui

import (
	"io/fs"
	"path"
	"sort"
	"strings"

	"charm.land/bubbles/v2/key"
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
	keys   pickerKeys
	items  []example
	cursor int
	// guard is set when the editor has unsaved changes: the first Choose
	// only warns, the second replaces them.
	guard, warned bool
}

func newExamplesDialog(items []example, guard bool, keys KeyMap) *examplesDialog {
	return &examplesDialog{keys: newPickerKeys(keys, "load"), items: items, guard: guard}
}

// Update moves through the examples and loads the chosen one.
func (d *examplesDialog) Update(msg tea.KeyPressMsg) (action, tea.Cmd) {
	switch {
	case key.Matches(msg, d.keys.Close):
		return closeDialog{}, nil
	case key.Matches(msg, d.keys.Up):
		d.cursor = (d.cursor + len(d.items) - 1) % max(len(d.items), 1)
	case key.Matches(msg, d.keys.Down):
		d.cursor = (d.cursor + 1) % max(len(d.items), 1)
	case key.Matches(msg, d.keys.Choose):
		if len(d.items) == 0 {
			return closeDialog{}, nil
		}
		if d.guard && !d.warned {
			d.warned = true
			return nil, nil
		}
		return loadExample{d.items[d.cursor]}, nil
	}
	d.warned = false
	return nil, nil
}

// View draws the picker, at most 100 cells wide: the code preview reads
// badly wider.
func (d *examplesDialog) View(st *themes.Styles, width, _ int) string {
	width = min(width-4, 100)
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
		b.WriteString("\n" + st.Status.Error.Render("The editor has unsaved changes: "+d.keys.Choose.Help().Key+" again replaces them.") + "\n")
	}
	b.WriteString("\n" + st.Dialog.Muted.Render(helpLine(d.keys.moveHelp(), d.keys.Choose, d.keys.Close)))
	return st.Dialog.Frame.Render(b.String())
}

// useExample puts an example's code and stdin in the panes, and its
// limits unless a run is going.
func (m *Model) useExample(ex example) {
	m.editor.load("", ex.code)
	m.stdin.SetValue(ex.stdin)
	runs := m.keys.Run.Help().Key + " runs it"
	m.status = "loaded example: " + ex.title + " · " + runs
	if p, ok := presetNamed(ex.preset); ok && !m.running {
		m.limits = limitsChoice{name: p.name, limits: p.limits, deterministic: m.limits.deterministic}
		m.gauges = gauges{limits: p.limits}
		m.status = "loaded example: " + ex.title + " · limits: " + p.name + " (" + p.about + ") · " + runs
	}
	m.focusOn(focusEditor)
	m.layout()
}
