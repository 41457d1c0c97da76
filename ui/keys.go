package ui

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"

	"github.com/pyplay/pyplay/ui/codeedit"
)

// KeyMap is every binding of the playground. The editor's own (Editor)
// come first while it has the focus, so tab indents there and ctrl+w, the
// pane key of vim and micro, moves on.
type KeyMap struct {
	Run    key.Binding
	Cancel key.Binding
	Quit   key.Binding
	// Interrupt is ctrl+c: it cancels a run that is going, and otherwise
	// quits as Quit does.
	Interrupt key.Binding
	NextFocus key.Binding
	PrevFocus key.Binding
	Save      key.Binding
	Examples  key.Binding
	Limits    key.Binding
	History   key.Binding
	Theme     key.Binding
	Help      key.Binding

	// ExternalEditor opens the code in $VISUAL or $EDITOR.
	ExternalEditor key.Binding
	// Follow loads each run another process records (an agent calling
	// pyplay mcp) as it lands.
	Follow key.Binding

	// Output pane scrolling.
	ScrollUp, ScrollDown, PageUp, PageDown, Top, Bottom key.Binding
	// Output pane: Jump takes the editor to the line of the traceback's
	// last frame in the snippet; Copy copies the selection (the whole
	// output without one) and CopyTraceback the last traceback, through
	// the terminal (OSC 52).
	Jump, Copy, CopyTraceback key.Binding

	// Editor is the code editor's bindings.
	Editor codeedit.KeyMap

	// Dialogs: every dialog's key map is built from these and Cancel (see
	// pickerKeys), so rebinding them reaches every dialog.
	Up, Down, Choose key.Binding
}

// DefaultKeyMap returns the playground's bindings.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Run:       key.NewBinding(key.WithKeys("f5", "ctrl+r"), key.WithHelp("F5", "run")),
		Cancel:    key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
		Quit:      key.NewBinding(key.WithKeys("ctrl+q"), key.WithHelp("ctrl+q", "quit")),
		Interrupt: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "cancel the run, or quit")),
		NextFocus: key.NewBinding(key.WithKeys("ctrl+w", "tab"), key.WithHelp("ctrl+w", "pane")),
		PrevFocus: key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous pane (outside the editor)")),
		Save:      key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "save")),
		Examples:  key.NewBinding(key.WithKeys("f2", "ctrl+o"), key.WithHelp("F2", "examples")),
		Limits:    key.NewBinding(key.WithKeys("f3", "ctrl+l"), key.WithHelp("F3", "limits")),
		History:   key.NewBinding(key.WithKeys("f4"), key.WithHelp("F4", "history")),
		Theme:     key.NewBinding(key.WithKeys("f6"), key.WithHelp("F6", "next theme")),
		Help:      key.NewBinding(key.WithKeys("f1"), key.WithHelp("F1", "help")),

		ExternalEditor: key.NewBinding(key.WithKeys("f7"), key.WithHelp("F7", "edit in $EDITOR")),
		Follow:         key.NewBinding(key.WithKeys("f8"), key.WithHelp("F8", "follow runs from agents (pyplay mcp)")),

		ScrollUp:   key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "scroll up")),
		ScrollDown: key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "scroll down")),
		PageUp:     key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "page up")),
		PageDown:   key.NewBinding(key.WithKeys("pgdown", "space"), key.WithHelp("pgdn", "page down")),
		Top:        key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("home", "top")),
		Bottom:     key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("end", "bottom")),

		Jump:          key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "go to the traceback's line")),
		Copy:          key.NewBinding(key.WithKeys("y", "c"), key.WithHelp("y", "copy selection or output")),
		CopyTraceback: key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "copy the traceback")),

		Editor: codeedit.DefaultKeyMap(),

		Up:     key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑", "up")),
		Down:   key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓", "down")),
		Choose: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "choose")),
	}
}

// ShortHelp implements help.KeyMap: the one-line help under the panes.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Run, k.NextFocus, k.Examples, k.Limits, k.History, k.Help, k.Quit, k.Cancel}
}

// FullHelp implements help.KeyMap: F1's columns.
func (k KeyMap) FullHelp() [][]key.Binding {
	e := k.Editor
	return [][]key.Binding{
		{k.Run, k.Cancel, k.Interrupt, k.Save, k.Quit, k.NextFocus, k.PrevFocus, k.Examples, k.Limits, k.History, k.Theme, k.ExternalEditor, k.Follow, k.Help},
		{e.Undo, e.Redo, e.Find, e.GotoLine, e.Indent, e.Dedent, e.LineStart, e.LineEnd, e.WordLeft, e.WordRight, e.DeleteWordBack, e.KillEnd, e.KillHome},
		{k.ScrollUp, k.ScrollDown, k.PageUp, k.PageDown, k.Top, k.Bottom, k.Jump, k.Copy, k.CopyTraceback},
	}
}

// Override rebinds actions by name ("run", "examples", …: see Actions), as
// the [keys] table of the config file does. An unknown action is an error
// naming the known ones; the other bindings are kept.
func (k *KeyMap) Override(keys map[string][]string) error {
	bindings := k.actions()
	names := make([]string, 0, len(keys))
	for action := range keys {
		names = append(names, action)
	}
	sort.Strings(names) // every valid override applies, whatever the map's order
	var unknown []string
	for _, action := range names {
		b, ok := bindings[action]
		if !ok {
			unknown = append(unknown, fmt.Sprintf("%q", action))
			continue
		}
		ks := keys[action]
		*b = key.NewBinding(key.WithKeys(ks...), key.WithHelp(strings.Join(ks, "/"), b.Help().Desc))
	}
	if len(unknown) > 0 {
		return fmt.Errorf("unknown key action %s: choose from %s", strings.Join(unknown, ", "), strings.Join(Actions(), ", "))
	}
	return nil
}

// Actions lists the names Override accepts.
func Actions() []string {
	var k KeyMap
	names := make([]string, 0, len(k.actions()))
	for name := range k.actions() {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

func (k *KeyMap) actions() map[string]*key.Binding {
	return map[string]*key.Binding{
		"run": &k.Run, "cancel": &k.Cancel, "quit": &k.Quit, "next_focus": &k.NextFocus, "prev_focus": &k.PrevFocus,
		"save": &k.Save, "examples": &k.Examples, "limits": &k.Limits, "history": &k.History, "theme": &k.Theme, "help": &k.Help,
		"scroll_up": &k.ScrollUp, "scroll_down": &k.ScrollDown, "page_up": &k.PageUp, "page_down": &k.PageDown, "top": &k.Top, "bottom": &k.Bottom,
		"up": &k.Up, "down": &k.Down, "choose": &k.Choose,
		"interrupt": &k.Interrupt, "external_editor": &k.ExternalEditor, "follow": &k.Follow, "jump": &k.Jump, "copy": &k.Copy, "copy_traceback": &k.CopyTraceback,
		"undo": &k.Editor.Undo, "redo": &k.Editor.Redo, "find": &k.Editor.Find, "find_next": &k.Editor.FindNext,
		"find_prev": &k.Editor.FindPrev, "goto_line": &k.Editor.GotoLine, "indent": &k.Editor.Indent, "dedent": &k.Editor.Dedent,
		"line_start": &k.Editor.LineStart, "line_end": &k.Editor.LineEnd, "word_left": &k.Editor.WordLeft, "word_right": &k.Editor.WordRight,
		"delete_word": &k.Editor.DeleteWordBack, "kill_to_end": &k.Editor.KillEnd, "kill_to_start": &k.Editor.KillHome,
		"line_feed": &k.Editor.LineFeed, "first_line": &k.Editor.Top, "last_line": &k.Editor.Bottom,
	}
}

// Each dialog matches keys through a key map of its own, built from the
// user's KeyMap when it opens: a key rebound in the config's [keys] then
// works in the dialogs too, and their help lines name the user's keys.

// pickerKeys move through a dialog's rows and pick one: the examples, the
// limits presets.
type pickerKeys struct {
	Up, Down, Choose, Close key.Binding
}

// newPickerKeys: tab and shift+tab move between rows as they move between
// panes; choose is what picking does ("load", "apply").
func newPickerKeys(k KeyMap, choose string) pickerKeys {
	return pickerKeys{
		Up:     anyOf(k.Up, k.PrevFocus),
		Down:   anyOf(k.Down, k.NextFocus),
		Choose: relabel(k.Choose, choose),
		Close:  relabel(k.Cancel, "close"),
	}
}

// moveHelp is Up's and Down's help as one: "↑/↓ choose".
func (p pickerKeys) moveHelp() key.Binding {
	return key.NewBinding(key.WithKeys(append(p.Up.Keys(), p.Down.Keys()...)...), key.WithHelp(p.Up.Help().Key+"/"+p.Down.Help().Key, "choose"))
}

// anyOf matches the keys of every binding given; its help is the first's.
func anyOf(first key.Binding, more ...key.Binding) key.Binding {
	keys := slices.Clone(first.Keys())
	for _, b := range more {
		keys = append(keys, b.Keys()...)
	}
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(first.Help().Key, first.Help().Desc))
}

// preferKey is b with k named in its help when b has k among its keys:
// between a dialog's fields tab reads better than the pane key ctrl+w.
func preferKey(b key.Binding, k string) key.Binding {
	if !slices.Contains(b.Keys(), k) {
		return b
	}
	return key.NewBinding(key.WithKeys(b.Keys()...), key.WithHelp(k, b.Help().Desc))
}

// relabel is b described by what it does in a dialog: cancel closes one.
func relabel(b key.Binding, desc string) key.Binding {
	return key.NewBinding(key.WithKeys(b.Keys()...), key.WithHelp(b.Help().Key, desc))
}

// withoutTyping is b without the keys that type text (a letter, a space):
// in a text field they must type. With none left, b matches nothing and
// its help is not shown.
func withoutTyping(b key.Binding) key.Binding {
	keys := slices.DeleteFunc(slices.Clone(b.Keys()), typesText)
	help := b.Help()
	if help.Key == strings.Join(b.Keys(), "/") { // named after its keys, as Override names them
		help.Key = strings.Join(keys, "/")
	}
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help.Key, help.Desc))
}

// typesText reports whether a key, as Bubble Tea names it, types text.
func typesText(k string) bool {
	r, size := utf8.DecodeRuneInString(k)
	return k == "space" || k != "" && size == len(k) && unicode.IsPrint(r)
}

// helpLine is a dialog's key help, "↑/↓ choose · enter apply · esc close",
// from its bindings' help; a binding without keys is left out.
func helpLine(bindings ...key.Binding) string {
	parts := make([]string, 0, len(bindings))
	for _, b := range bindings {
		if b.Enabled() {
			parts = append(parts, b.Help().Key+" "+b.Help().Desc)
		}
	}
	return strings.Join(parts, " · ")
}
