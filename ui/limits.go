package ui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
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

// limitsKeys are the limits dialog's keys: a picker over the presets, and
// moving between the custom values' fields.
type limitsKeys struct {
	pickerKeys
	Deterministic key.Binding

	// While custom values are edited: the fields take the keys that type.
	NextField, PrevField, Apply, Back key.Binding
}

func newLimitsKeys(k KeyMap) limitsKeys {
	return limitsKeys{
		pickerKeys:    newPickerKeys(k, "apply"),
		Deterministic: key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "toggle")),
		NextField:     withoutTyping(anyOf(relabel(preferKey(k.NextFocus, "tab"), "next field"), k.Down)),
		PrevField:     withoutTyping(anyOf(relabel(k.PrevFocus, "previous field"), k.Up)),
		Apply:         withoutTyping(relabel(k.Choose, "apply")),
		Back:          withoutTyping(relabel(k.Cancel, "back")),
	}
}

// limitsDialog picks a preset, or custom values, and the deterministic
// switch. Its last row is "custom", which edits three fields in place.
type limitsDialog struct {
	keys          limitsKeys
	cursor        int
	deterministic bool
	// wasDeterministic is the switch as the dialog opened: closing the
	// dialog keeps a change to it, as a toggle on screen promises.
	wasDeterministic bool
	fields           [3]textinput.Model // fuel, memory, timeout
	field            int                // focused field while editing custom values
	editing          bool
	err              string
}

func newLimitsDialog(current limitsChoice, keys KeyMap) *limitsDialog {
	d := &limitsDialog{keys: newLimitsKeys(keys), deterministic: current.deterministic, wasDeterministic: current.deterministic}
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

// Update moves through the presets, and applies one or the custom values.
func (d *limitsDialog) Update(msg tea.KeyPressMsg) (action, tea.Cmd) {
	if d.editing {
		return d.updateFields(msg)
	}
	all := presets()
	switch {
	case key.Matches(msg, d.keys.Close):
		if d.deterministic != d.wasDeterministic {
			return setDeterministic{d.deterministic}, nil
		}
		return closeDialog{}, nil
	case key.Matches(msg, d.keys.Up):
		d.cursor = (d.cursor + len(all)) % (len(all) + 1)
	case key.Matches(msg, d.keys.Down):
		d.cursor = (d.cursor + 1) % (len(all) + 1)
	case key.Matches(msg, d.keys.Deterministic):
		d.deterministic = !d.deterministic
	case key.Matches(msg, d.keys.Choose):
		if d.cursor < len(all) {
			return applyLimits{limitsChoice{name: all[d.cursor].name, limits: all[d.cursor].limits, deterministic: d.deterministic}}, nil
		}
		d.editing, d.field = true, 0
		return nil, d.fields[0].Focus()
	}
	return nil, nil
}

func (d *limitsDialog) updateFields(msg tea.KeyPressMsg) (action, tea.Cmd) {
	switch {
	case key.Matches(msg, d.keys.Back):
		d.editing, d.err = false, ""
		d.fields[d.field].Blur()
		return nil, nil
	case key.Matches(msg, d.keys.NextField, d.keys.PrevField):
		d.fields[d.field].Blur()
		step := 1
		if key.Matches(msg, d.keys.PrevField) {
			step = len(d.fields) - 1
		}
		d.field = (d.field + step) % len(d.fields)
		return nil, d.fields[d.field].Focus()
	case key.Matches(msg, d.keys.Apply):
		limits, err := d.parse()
		if err != nil {
			d.err = err.Error()
			return nil, nil
		}
		return applyLimits{limitsChoice{name: "custom", limits: limits, deterministic: d.deterministic}}, nil
	}
	var cmd tea.Cmd
	d.fields[d.field], cmd = d.fields[d.field].Update(msg)
	return nil, cmd
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

// View draws the dialog at the screen's width.
func (d *limitsDialog) View(st *themes.Styles, width, _ int) string {
	width = dialogWidth(st, width)
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
	b.WriteString("\n" + st.Dialog.Item.Render(check+" deterministic: fixed clock, seeded random ("+d.keys.Deterministic.Help().Key+")") + "\n")
	hint := helpLine(d.keys.moveHelp(), d.keys.Choose, d.keys.Deterministic, d.keys.Close)
	if d.editing {
		hint = helpLine(d.keys.NextField, d.keys.Apply, d.keys.Back)
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

// useLimits makes the limits chosen in the dialog those of the next runs;
// the gauges show them unless a run is going, whose own the status line
// then names.
func (m *Model) useLimits(choice limitsChoice) {
	m.setLimits(choice)
	m.exampleLimits.active = false // the user's choice now, whatever an example set
	m.status = "limits changed"
	if m.running {
		m.status = "limits changed: they apply from the next run"
	}
}

// setLimits makes choice the limits of the next runs. The gauges show them
// unless a run is going: they keep showing its own, and the status line
// names them "this run"'s.
func (m *Model) setLimits(choice limitsChoice) {
	m.limits = choice
	switch {
	case !m.running:
		m.gauges = gauges{limits: choice.limits, deterministic: choice.deterministic}
	case m.gauges.of == "":
		m.gauges.of = "this run"
	}
}

// useDeterministic turns the deterministic switch on or off, keeping the
// limits: the limits dialog closed after only its toggle changed.
func (m *Model) useDeterministic(on bool) {
	m.limits.deterministic = on
	if !m.running && m.gauges.of == "" {
		m.gauges.deterministic = on
	}
	m.status = "deterministic off, limits unchanged"
	if on {
		m.status = "deterministic on, limits unchanged"
	}
}

// limitsText is what the status line says of limits: those in force, or,
// when the gauges show a run that had its own, that run's and then what
// the next run gets: "rerun of #12 with its limits: tiny (10M fuel · 32
// MiB · 2s) · F5 runs with default".
func (m Model) limitsText() string {
	g := m.gauges
	if g.of == "" {
		return "limits " + describeChoice(m.limits)
	}
	shown := limitsFor(g.limits, g.deterministic)
	text := g.of + " with its limits: " + describeChoice(shown)
	if !sameLimits(shown, m.limits) {
		text += " · " + m.keys.Run.Help().Key + " runs with " + describeChoice(m.limits)
	}
	return text
}

// describeChoice is a choice as the status line shows it: "tiny (10M fuel ·
// 32 MiB · 2s) · deterministic".
func describeChoice(c limitsChoice) string {
	text := c.name + " (" + describeLimits(c.limits) + ")"
	if c.deterministic {
		text += " · deterministic"
	}
	return text
}

// sameLimits reports whether a and b show the same: fuel, memory, timeout
// and the deterministic switch.
func sameLimits(a, b limitsChoice) bool {
	return a.limits.Fuel == b.limits.Fuel && a.limits.Memory == b.limits.Memory && a.limits.Timeout == b.limits.Timeout && a.deterministic == b.deterministic
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

// limitsFor names limits after the preset whose fuel, memory and timeout
// they have (what the status line shows; the history keeps no scratch
// size), else "custom".
func limitsFor(l sandbox.Limits, deterministic bool) limitsChoice {
	for _, p := range presets() {
		if p.limits.Fuel == l.Fuel && p.limits.Memory == l.Memory && p.limits.Timeout == l.Timeout {
			return limitsChoice{name: p.name, limits: l, deterministic: deterministic}
		}
	}
	return limitsChoice{name: "custom", limits: l, deterministic: deterministic}
}
