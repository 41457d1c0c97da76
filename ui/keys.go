package ui

import (
	"fmt"
	"sort"
	"strings"

	"charm.land/bubbles/v2/key"
)

// KeyMap is every binding of the playground. The editor keeps its own
// textarea bindings (ctrl+a/e/k/u/w/…), so none of these steal a key it
// needs for typing.
type KeyMap struct {
	Run       key.Binding
	Cancel    key.Binding
	Quit      key.Binding
	NextFocus key.Binding
	PrevFocus key.Binding
	Save      key.Binding
	Examples  key.Binding
	Limits    key.Binding
	History   key.Binding
	Theme     key.Binding
	Help      key.Binding

	// Output pane scrolling.
	ScrollUp, ScrollDown, PageUp, PageDown, Top, Bottom key.Binding

	// Dialogs.
	Up, Down, Choose key.Binding
}

// DefaultKeyMap returns the playground's bindings.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Run:       key.NewBinding(key.WithKeys("f5", "ctrl+r"), key.WithHelp("F5", "run")),
		Cancel:    key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
		Quit:      key.NewBinding(key.WithKeys("ctrl+q"), key.WithHelp("ctrl+q", "quit")),
		NextFocus: key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "pane")),
		PrevFocus: key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous pane")),
		Save:      key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "save")),
		Examples:  key.NewBinding(key.WithKeys("f2", "ctrl+o"), key.WithHelp("F2", "examples")),
		Limits:    key.NewBinding(key.WithKeys("f3", "ctrl+l"), key.WithHelp("F3", "limits")),
		History:   key.NewBinding(key.WithKeys("f4"), key.WithHelp("F4", "history")),
		Theme:     key.NewBinding(key.WithKeys("f6"), key.WithHelp("F6", "next theme")),
		Help:      key.NewBinding(key.WithKeys("f1"), key.WithHelp("F1", "help")),

		ScrollUp:   key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "scroll up")),
		ScrollDown: key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "scroll down")),
		PageUp:     key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "page up")),
		PageDown:   key.NewBinding(key.WithKeys("pgdown", "space"), key.WithHelp("pgdn", "page down")),
		Top:        key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("home", "top")),
		Bottom:     key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("end", "bottom")),

		Up:     key.NewBinding(key.WithKeys("up"), key.WithHelp("↑", "up")),
		Down:   key.NewBinding(key.WithKeys("down"), key.WithHelp("↓", "down")),
		Choose: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "choose")),
	}
}

// ShortHelp implements help.KeyMap: the one-line help under the panes.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Run, k.Cancel, k.NextFocus, k.Examples, k.Limits, k.History, k.Help, k.Quit}
}

// FullHelp implements help.KeyMap: F1's columns.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Run, k.Cancel, k.Save, k.Quit},
		{k.NextFocus, k.PrevFocus, k.Examples, k.Limits, k.History, k.Theme, k.Help},
		{k.ScrollUp, k.ScrollDown, k.PageUp, k.PageDown, k.Top, k.Bottom},
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
	}
}
