package ui

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/pyplay/pyplay/internal/units"
	"github.com/pyplay/pyplay/themes"
)

// example is a built-in demo snippet.
type example struct {
	name  string // file name, e.g. 03_fuel_exhaustion.py
	title string // "fuel exhaustion"
	about string // the first sentence of its leading comment
	code  string
	stdin string // from NAME.stdin beside it, if any
	// limits are the limits it teaches with, from NAME.limits beside it
	// (see parseExampleLimits); nil runs it with the limits in force.
	limits *limitsChoice
	// limitsErr is why NAME.limits could not be read; a test keeps the
	// built-in examples free of it.
	limitsErr error
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
		ex := example{name: name, code: string(code), title: exampleTitle(name), about: firstSentence(leadingComment(string(code)))}
		if stdin, err := fs.ReadFile(fsys, strings.TrimSuffix(name, ".py")+".stdin"); err == nil {
			ex.stdin = string(stdin)
		}
		if text, err := fs.ReadFile(fsys, strings.TrimSuffix(name, ".py")+".limits"); err == nil {
			if c, err := parseExampleLimits(string(text)); err != nil {
				ex.limitsErr = fmt.Errorf("%s: %w", strings.TrimSuffix(name, ".py")+".limits", err)
			} else {
				ex.limits = &c
			}
		}
		out = append(out, ex)
	}
	return out
}

// parseExampleLimits reads an example's NAME.limits: a preset's name
// ("seed"), or settings over the default preset, one a line, or a preset's
// name and then settings over it; # starts a comment.
//
//	# the fuel runs out after ~5 s of the loop, well before the timeout
//	fuel = 30G
//	timeout = 30s
//
// The settings are fuel (400000000, 400M, 0 for none), memory (64MiB) and
// timeout (10s); their values are read as in the limits dialog.
func parseExampleLimits(text string) (limitsChoice, error) {
	base, _ := presetNamed("default")
	l, named := base.limits, ""
	for i, line := range strings.Split(text, "\n") {
		line, _, _ = strings.Cut(line, "#")
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		setting, value, ok := strings.Cut(line, "=")
		if !ok {
			p, found := presetNamed(line)
			switch {
			case !found:
				return limitsChoice{}, fmt.Errorf("line %d: no preset %q", i+1, line)
			case named != "" || l != base.limits:
				return limitsChoice{}, fmt.Errorf("line %d: a preset's name comes first, and once", i+1)
			}
			l, named = p.limits, p.name
			continue
		}
		value = strings.TrimSpace(value)
		var err error
		switch setting = strings.TrimSpace(setting); setting {
		case "fuel":
			var fuel units.Count
			err = fuel.Set(value)
			l.Fuel = uint64(fuel)
		case "memory":
			l.Memory, err = units.ParseSize(value)
		case "timeout":
			l.Timeout, err = units.ParseDuration(value)
		default:
			err = fmt.Errorf("no setting %q (fuel, memory, timeout)", setting)
		}
		if err != nil {
			return limitsChoice{}, fmt.Errorf("line %d: %v", i+1, err)
		}
	}
	return limitsFor(l, false), nil
}

// leadingComment is the text of the comment lines code starts with.
func leadingComment(code string) string {
	var words []string
	for _, line := range strings.Split(code, "\n") {
		text, ok := strings.CutPrefix(strings.TrimSpace(line), "#")
		if !ok {
			break
		}
		words = append(words, strings.Fields(text)...)
	}
	return strings.Join(words, " ")
}

// firstSentence is text up to the end of its first sentence: a full stop,
// question or exclamation mark followed by a space or the end.
func firstSentence(text string) string {
	for i := 0; i < len(text); i++ {
		if strings.ContainsRune(".!?", rune(text[i])) && (i+1 == len(text) || text[i+1] == ' ') {
			return text[:i+1]
		}
	}
	return text
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
// badly wider. The titles make one column and the descriptions another,
// each wrapped between words rather than cut; the preview of the selected
// example takes the rows left.
func (d *examplesDialog) View(st *themes.Styles, width, height int) string {
	width = min(dialogWidth(st, width), 96)
	var list []string
	if len(d.items) == 0 {
		list = append(list, st.Dialog.Muted.Render("no examples in this build"))
	}
	titleWidth := 0
	for _, ex := range d.items {
		titleWidth = max(titleWidth, ansi.StringWidth(ex.title))
	}
	indent := strings.Repeat(" ", 2+titleWidth+2)
	for i, ex := range d.items {
		title := ex.title + strings.Repeat(" ", titleWidth-ansi.StringWidth(ex.title))
		if i == d.cursor {
			title = st.Dialog.Selected.Render("› " + title)
		} else {
			title = "  " + st.Dialog.Item.Render(title)
		}
		about := strings.Split(ansi.Wordwrap(ex.about, max(width-len(indent), 10), ""), "\n")
		for j, line := range about {
			lead := indent
			if j == 0 {
				lead = title + "  "
			}
			list = append(list, lead+st.Dialog.Muted.Render(line))
		}
	}
	var tail []string // under the preview, each after a blank line
	if d.warned {
		tail = append(tail, "", st.Status.Error.Render("The editor has unsaved changes: "+d.keys.Choose.Help().Key+" again replaces them."))
	}
	tail = append(tail, "", st.Dialog.Muted.Render(helpLine(d.keys.moveHelp(), d.keys.Choose, d.keys.Close)))

	lines := append([]string{st.Dialog.Title.Render("Examples"), ""}, list...)
	if len(d.items) > 0 {
		// Rows left for the preview and the blank line over it: the
		// screen's, less the frame, the list and what follows it.
		room := height - st.Dialog.Frame.GetVerticalFrameSize() - len(lines) - len(tail) - 1
		preview := highlightPython(st, d.items[d.cursor].code)
		if n := min(len(preview), previewLines, room); n > 0 {
			lines = append(lines, "")
			for _, line := range preview[:n] {
				lines = append(lines, ansi.Truncate(line, width, "…"))
			}
		}
	}
	lines = append(lines, tail...)
	b := strings.Join(lines, "\n")
	return dialogFrame(st, b, width)
}

// exampleLimits remembers the limits an example put in force, and those
// it replaced: an example without limits of its own brings those back,
// unless the limits were changed since.
type exampleLimits struct {
	active   bool
	set, own limitsChoice
}

// useExample puts an example's code and stdin in the panes, and its limits
// (see example.limits). A run going keeps its own; the status line then
// says whose the gauges show.
func (m *Model) useExample(ex example) {
	m.editor.load("", ex.code)
	m.editor.origin = "example: " + ex.title
	m.stdin.SetValue(ex.stdin)
	m.status = "loaded example: " + ex.title + " · " + m.keys.Run.Help().Key + " runs it"
	el := &m.exampleLimits
	switch {
	case ex.limitsErr != nil:
		m.status = "loaded example: " + ex.title + " · its limits are unreadable: " + ex.limitsErr.Error()
	case ex.limits != nil:
		if !el.active || !sameLimits(m.limits, el.set) {
			el.own = m.limits
		}
		choice := *ex.limits
		choice.deterministic = m.limits.deterministic
		m.setLimits(choice)
		el.active, el.set = true, choice
		m.status = "loaded " + ex.title + " with its limits: " + describeLimits(choice.limits)
	case el.active && sameLimits(m.limits, el.set):
		own := el.own
		own.deterministic = m.limits.deterministic
		m.setLimits(own)
		el.active = false
		m.status = "loaded " + ex.title + " · limits back to " + own.name + " (" + describeLimits(own.limits) + ")"
	}
	m.focusOn(focusEditor)
	m.layout()
}
