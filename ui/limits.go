package ui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/pyplay/pyplay/internal/units"
	"github.com/pyplay/pyplay/sandbox"
	"github.com/pyplay/pyplay/themes"
)

// preset is a named set of limits that teaches what each limit does.
type preset struct {
	name, about string
	limits      sandbox.Limits
}

func presets() []preset {
	def := sandbox.DefaultLimits()
	seed := def
	seed.Fuel = sandbox.SeedFuel
	return []preset{
		{"tiny", "watch limits bite", sandbox.Limits{Fuel: 10_000_000, Memory: 32 << 20, Timeout: 2 * time.Second, MaxOutput: 64 << 10, Scratch: 1 << 20}},
		{"seed", "as the seed post", seed},
		{"default", "typical answers", def},
		{"generous", "heavy work", sandbox.Limits{Fuel: 100_000_000_000, Memory: 512 << 20, Timeout: time.Minute, MaxOutput: def.MaxOutput, Scratch: 256 << 20}},
		{"unlimited", "esc stops it", sandbox.Limits{MaxOutput: def.MaxOutput, Scratch: def.Scratch}},
	}
}

// presetNamed finds a preset by name.
func presetNamed(name string) (preset, bool) {
	for _, p := range presets() {
		if p.name == name {
			return p, true
		}
	}
	return preset{}, false
}

// limitsChoice is what the limits dialog hands back.
type limitsChoice struct {
	name          string
	limits        sandbox.Limits
	deterministic bool
}

// limitsDialog picks a preset, or custom values, and the deterministic
// switch. Its last row is "custom", which edits three fields in place.
type limitsDialog struct {
	cursor        int
	deterministic bool
	fields        [3]textinput.Model // fuel, memory, timeout
	field         int                // focused field while editing custom values
	editing       bool
	err           string
}

func newLimitsDialog(current limitsChoice) *limitsDialog {
	d := &limitsDialog{deterministic: current.deterministic}
	values := []string{fmt.Sprint(current.limits.Fuel), units.FormatSize(current.limits.Memory), shortDuration(current.limits.Timeout)}
	for i, label := range []string{"fuel    ", "memory  ", "timeout "} {
		in := textinput.New()
		in.Prompt = label
		in.SetValue(values[i])
		in.CharLimit = 24
		d.fields[i] = in
	}
	d.cursor = len(presets()) // custom
	for i, p := range presets() {
		if p.name == current.name {
			d.cursor = i
		}
	}
	return d
}

// update handles a key; done reports that the dialog closes, with ok when a
// choice was made.
func (d *limitsDialog) update(msg tea.KeyPressMsg, current limitsChoice) (choice limitsChoice, done, ok bool, cmd tea.Cmd) {
	if d.editing {
		return d.updateFields(msg, current)
	}
	all := presets()
	switch msg.String() {
	case "esc":
		return current, true, false, nil
	case "up", "k", "shift+tab":
		d.cursor = (d.cursor + len(all)) % (len(all) + 1)
	case "down", "j", "tab":
		d.cursor = (d.cursor + 1) % (len(all) + 1)
	case "d":
		d.deterministic = !d.deterministic
	case "enter":
		if d.cursor < len(all) {
			return limitsChoice{name: all[d.cursor].name, limits: all[d.cursor].limits, deterministic: d.deterministic}, true, true, nil
		}
		d.editing, d.field = true, 0
		return current, false, false, d.fields[0].Focus()
	}
	return current, false, false, nil
}

func (d *limitsDialog) updateFields(msg tea.KeyPressMsg, current limitsChoice) (limitsChoice, bool, bool, tea.Cmd) {
	switch msg.String() {
	case "esc":
		d.editing, d.err = false, ""
		d.fields[d.field].Blur()
		return current, false, false, nil
	case "tab", "down", "shift+tab", "up":
		d.fields[d.field].Blur()
		step := 1
		if s := msg.String(); s == "shift+tab" || s == "up" {
			step = len(d.fields) - 1
		}
		d.field = (d.field + step) % len(d.fields)
		return current, false, false, d.fields[d.field].Focus()
	case "enter":
		limits, err := d.parse()
		if err != nil {
			d.err = err.Error()
			return current, false, false, nil
		}
		return limitsChoice{name: "custom", limits: limits, deterministic: d.deterministic}, true, true, nil
	}
	var cmd tea.Cmd
	d.fields[d.field], cmd = d.fields[d.field].Update(msg)
	return current, false, false, cmd
}

func (d *limitsDialog) parse() (sandbox.Limits, error) {
	var fuel units.Count
	if err := fuel.Set(d.fields[0].Value()); err != nil {
		return sandbox.Limits{}, fmt.Errorf("fuel: %v", err)
	}
	mem, err := units.ParseSize(d.fields[1].Value())
	if err != nil {
		return sandbox.Limits{}, err
	}
	if mem > 0 && mem < 16<<20 || mem > 4<<30 {
		return sandbox.Limits{}, fmt.Errorf("memory: between 16MiB and 4GiB, or 0 for 4 GiB")
	}
	timeout, err := units.ParseDuration(d.fields[2].Value())
	if err != nil {
		return sandbox.Limits{}, err
	}
	return sandbox.Limits{Fuel: uint64(fuel), Memory: mem, Timeout: timeout, MaxOutput: sandbox.DefaultMaxOutput, Scratch: sandbox.DefaultScratch}, nil
}

// view draws the dialog with at most width cells inside its frame.
func (d *limitsDialog) view(st *themes.Styles, width int) string {
	var b strings.Builder
	b.WriteString(st.Dialog.Title.Render("Limits") + "\n\n")
	for i, p := range presets() {
		b.WriteString(d.row(st, i, fmt.Sprintf("%-9s %s", p.name, describeLimits(p.limits)), p.about) + "\n")
	}
	b.WriteString(d.row(st, len(presets()), "custom…", "") + "\n")
	if d.editing || d.cursor == len(presets()) {
		for _, f := range d.fields {
			b.WriteString("    " + f.View() + "\n")
		}
	}
	if d.err != "" {
		b.WriteString(wrapMessage(st.Status.Error, d.err, width) + "\n")
	}
	check := "[ ]"
	if d.deterministic {
		check = "[x]"
	}
	b.WriteString("\n" + st.Dialog.Item.Render(check+" deterministic: fixed clock, seeded random (d)") + "\n")
	hint := "↑/↓ choose · enter apply · d toggle · esc close"
	if d.editing {
		hint = "tab next field · enter apply · esc back"
	}
	b.WriteString(st.Dialog.Muted.Render(hint))
	return dialogFrame(st, b.String(), width)
}

func (d *limitsDialog) row(st *themes.Styles, i int, text, about string) string {
	if about != "" {
		text += st.Dialog.Muted.Render("  " + about)
	}
	if i == d.cursor {
		return st.Dialog.Selected.Render("› ") + st.Dialog.Selected.Render(text)
	}
	return "  " + st.Dialog.Item.Render(text)
}

// describeLimits is a compact one-line form: "400M fuel · 128 MiB · 10s".
func describeLimits(l sandbox.Limits) string {
	fuel := "no fuel cap"
	if l.Fuel > 0 {
		fuel = shortCount(l.Fuel) + " fuel"
	}
	timeout := "no timeout"
	if l.Timeout > 0 {
		timeout = shortDuration(l.Timeout)
	}
	return fuel + " · " + memoryCap(l.Memory) + " · " + timeout
}

// shortDuration drops Go's zero units: "1m" rather than "1m0s".
func shortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// limitsFor names limits after the preset they equal, else "custom".
func limitsFor(l sandbox.Limits, deterministic bool) limitsChoice {
	for _, p := range presets() {
		if p.limits == l {
			return limitsChoice{name: p.name, limits: l, deterministic: deterministic}
		}
	}
	return limitsChoice{name: "custom", limits: l, deterministic: deterministic}
}
