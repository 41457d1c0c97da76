package codeedit

import "charm.land/bubbles/v2/key"

// KeyMap is the editor's bindings. The playground folds it into its own
// key map, so that F1 lists them and the config's [keys] rebinds them.
type KeyMap struct {
	Left, Right, Up, Down         key.Binding
	WordLeft, WordRight           key.Binding
	LineStart, LineEnd            key.Binding
	PageUp, PageDown, Top, Bottom key.Binding
	Newline, Backspace, Delete    key.Binding
	// LineFeed breaks the line without indenting: ctrl+j is what some
	// terminals send for a pasted line break, which brings its own indent.
	LineFeed                          key.Binding
	DeleteWordBack, KillEnd, KillHome key.Binding
	Indent, Dedent                    key.Binding
	Undo, Redo                        key.Binding
	Find, FindNext, FindPrev          key.Binding
	GotoLine                          key.Binding
	// Close closes the find or go-to bar; the playground sets it to its
	// cancel key.
	Close key.Binding
}

// DefaultKeyMap is the editor's bindings: those of most editors, and the
// shell's ctrl+a/e/k/u.
func DefaultKeyMap() KeyMap {
	b := func(keys []string, help, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
	}
	return KeyMap{
		Left:           b([]string{"left"}, "←", "left"),
		Right:          b([]string{"right"}, "→", "right"),
		Up:             b([]string{"up"}, "↑", "up"),
		Down:           b([]string{"down"}, "↓", "down"),
		WordLeft:       b([]string{"alt+left", "ctrl+left", "alt+b"}, "alt+←", "word left"),
		WordRight:      b([]string{"alt+right", "ctrl+right", "alt+f"}, "alt+→", "word right"),
		LineStart:      b([]string{"home", "ctrl+a"}, "home/ctrl+a", "line start"),
		LineEnd:        b([]string{"end", "ctrl+e"}, "end/ctrl+e", "line end"),
		PageUp:         b([]string{"pgup"}, "pgup", "page up"),
		PageDown:       b([]string{"pgdown"}, "pgdn", "page down"),
		Top:            b([]string{"ctrl+home"}, "ctrl+home", "first line"),
		Bottom:         b([]string{"ctrl+end"}, "ctrl+end", "last line"),
		Newline:        b([]string{"enter"}, "enter", "new line, indented"),
		LineFeed:       b([]string{"ctrl+j"}, "ctrl+j", "new line, not indented"),
		Backspace:      b([]string{"backspace", "ctrl+h"}, "backspace", "delete left (an indent level in the indent)"),
		Delete:         b([]string{"delete", "ctrl+d"}, "delete", "delete right"),
		DeleteWordBack: b([]string{"alt+backspace", "ctrl+backspace"}, "alt+backspace", "delete word left"),
		KillEnd:        b([]string{"ctrl+k"}, "ctrl+k", "delete to line end"),
		KillHome:       b([]string{"ctrl+u"}, "ctrl+u", "delete to line start"),
		Indent:         b([]string{"tab"}, "tab", "indent"),
		Dedent:         b([]string{"shift+tab"}, "shift+tab", "dedent"),
		Undo:           b([]string{"ctrl+z"}, "ctrl+z", "undo"),
		Redo:           b([]string{"ctrl+y", "ctrl+shift+z"}, "ctrl+y", "redo"),
		Find:           b([]string{"ctrl+f"}, "ctrl+f", "find"),
		FindNext:       b([]string{"enter", "ctrl+n", "down"}, "enter/ctrl+n", "next match"),
		FindPrev:       b([]string{"shift+enter", "ctrl+p", "up"}, "ctrl+p", "previous match"),
		GotoLine:       b([]string{"ctrl+g"}, "ctrl+g", "go to line"),
		Close:          b([]string{"esc"}, "esc", "close"),
	}
}
