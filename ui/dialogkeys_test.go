package ui

import (
	"fmt"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
)

// reboundKeys is the default key map with cancel rebound as the config's
// [keys] table rebinds it, and up, down and choose on other keys too.
func reboundKeys(t *testing.T) KeyMap {
	t.Helper()
	k := DefaultKeyMap()
	if err := k.Override(map[string][]string{"cancel": {"ctrl+g"}}); err != nil {
		t.Fatal(err)
	}
	k.Up = key.NewBinding(key.WithKeys("ctrl+p"), key.WithHelp("ctrl+p", "up"))
	k.Down = key.NewBinding(key.WithKeys("ctrl+n"), key.WithHelp("ctrl+n", "down"))
	k.Choose = key.NewBinding(key.WithKeys("ctrl+y"), key.WithHelp("ctrl+y", "choose"))
	return k
}

// reboundModel is a playground at 100x30 on reboundKeys: the dialogs take
// their keys from the model's key map as they open.
func reboundModel(t *testing.T) Model {
	t.Helper()
	m := newTestModel(t, 100, 30, helloCode)
	m.keys = reboundKeys(t)
	m.editor.path = "" // ctrl+s asks where to save
	return m
}

// Every way into a dialog, or into a part of one that the cancel key
// backs out of.
var dialogOpeners = []struct {
	name string
	open func(t *testing.T, m Model) Model
	// backedOut reports whether the cancel key left what open opened: the
	// dialog, or the custom limits' fields, or the filter being typed.
	backedOut func(m Model) bool
}{
	{"help", func(t *testing.T, m Model) Model { return press(t, m, "f1") }, closed},
	{"examples", func(t *testing.T, m Model) Model { return press(t, m, "f2") }, closed},
	{"limits", func(t *testing.T, m Model) Model { return press(t, m, "f3") }, closed},
	{"limits_custom", func(t *testing.T, m Model) Model { return press(t, m, "f3", "ctrl+n", "ctrl+n", "ctrl+n", "ctrl+y") },
		func(m Model) bool { d, ok := m.dialog.(*limitsDialog); return ok && !d.editing }},
	{"save", func(t *testing.T, m Model) Model { return press(t, m, "ctrl+s") }, closed},
	{"history", func(t *testing.T, m Model) Model { m, _ = openHistory(t, m, fakeRuns(3)); return m }, closed},
	{"history_filter", func(t *testing.T, m Model) Model { m, _ = openHistory(t, m, fakeRuns(3)); return press(t, m, "/") },
		func(m Model) bool { d, ok := m.dialog.(*historyDialog); return ok && !d.filtering }},
}

func closed(m Model) bool { return m.dialog == nil }

// TestReboundCancelBacksOutOfEveryDialog: with cancel on ctrl+g, ctrl+g
// closes or backs out of every dialog, and esc no longer does.
func TestReboundCancelBacksOutOfEveryDialog(t *testing.T) {
	for _, tt := range dialogOpeners {
		t.Run(tt.name, func(t *testing.T) {
			m := tt.open(t, reboundModel(t))
			if m.dialog == nil || tt.backedOut(m) {
				t.Fatalf("not open: dialog %T", m.dialog)
			}
			if tt.name != "help" { // any key closes the help
				if m = press(t, m, "esc"); tt.backedOut(m) {
					t.Errorf("esc backed out, but cancel is ctrl+g")
				}
			}
			if m = press(t, m, "ctrl+g"); !tt.backedOut(m) {
				t.Errorf("ctrl+g did not back out: dialog %T", m.dialog)
			}
		})
	}
}

// TestDialogHelpNamesTheUsersKeys: the help lines are made from the key
// map, so they name the keys the user has.
func TestDialogHelpNamesTheUsersKeys(t *testing.T) {
	want := map[string][]string{
		"help":           {"ctrl+g      cancel"}, // in the key column of the Playground section
		"examples":       {"ctrl+p/ctrl+n choose · ctrl+y load · ctrl+g close"},
		"limits":         {"ctrl+p/ctrl+n choose · ctrl+y apply · d toggle · ctrl+g close"},
		"limits_custom":  {"tab next field · ctrl+y apply · ctrl+g back"},
		"save":           {"ctrl+y save · ctrl+g cancel"},
		"history":        {"ctrl+y load · v view output · r rerun · p diff with previous", "m mark · d diff with marked · / filter · o outcome · ctrl+g close"},
		"history_filter": {"ctrl+g close"},
	}
	for _, tt := range dialogOpeners {
		t.Run(tt.name, func(t *testing.T) {
			s := screen(tt.open(t, reboundModel(t)))
			if len(want[tt.name]) == 0 {
				t.Fatal("no help line to look for")
			}
			for _, line := range want[tt.name] {
				if !strings.Contains(s, line) {
					t.Errorf("the help line %q is not on the screen:\n%s", line, s)
				}
			}
		})
	}
}

// TestReboundMoveAndChooseReachEveryDialog presses rebound keys in each
// dialog and checks what it did and what it asked for.
func TestReboundMoveAndChooseReachEveryDialog(t *testing.T) {
	examples := func(t *testing.T, m Model) Model { return press(t, m, "f2") }
	limits := func(t *testing.T, m Model) Model { return press(t, m, "f3") } // on "default", the third preset
	save := func(t *testing.T, m Model) Model {
		m = press(t, m, "ctrl+s")
		m.dialog.(*savePrompt).input.SetValue("out.py")
		return m
	}
	history := func(t *testing.T, m Model) Model { m, _ = openHistory(t, m, fakeRuns(3)); return m }
	tests := []struct {
		name string
		open func(t *testing.T, m Model) Model
		keys []string
		// check returns what is wrong with the dialog after the keys, and
		// the action the last key asked for.
		check func(d dialog, act action) string
	}{
		{"examples_down", examples, []string{"ctrl+n"}, func(d dialog, act action) string {
			return want(act == nil && d.(*examplesDialog).cursor == 1, "cursor %d, action %#v", d.(*examplesDialog).cursor, act)
		}},
		{"examples_up_wraps", examples, []string{"ctrl+p"}, func(d dialog, act action) string {
			e := d.(*examplesDialog)
			return want(e.cursor == len(e.items)-1, "cursor %d of %d", e.cursor, len(e.items))
		}},
		{"examples_choose", examples, []string{"ctrl+n", "ctrl+y"}, func(d dialog, act action) string {
			a, ok := act.(loadExample)
			return want(ok && a.example.name == d.(*examplesDialog).items[1].name, "action %#v", act)
		}},
		{"examples_old_keys", examples, []string{"down", "enter"}, func(d dialog, act action) string {
			return want(act == nil && d.(*examplesDialog).cursor == 0, "cursor %d, action %#v", d.(*examplesDialog).cursor, act)
		}},
		{"limits_down", limits, []string{"ctrl+n"}, func(d dialog, act action) string {
			return want(d.(*limitsDialog).cursor == 3, "cursor %d", d.(*limitsDialog).cursor)
		}},
		{"limits_choose", limits, []string{"ctrl+p", "ctrl+y"}, func(d dialog, act action) string {
			a, ok := act.(applyLimits)
			return want(ok && a.choice.name == "seed", "action %#v", act)
		}},
		{"limits_custom_next_field", limits, []string{"ctrl+n", "ctrl+n", "ctrl+n", "ctrl+y", "ctrl+n"}, func(d dialog, act action) string {
			l := d.(*limitsDialog)
			return want(l.editing && l.field == 1, "editing %v, field %d", l.editing, l.field)
		}},
		{"limits_custom_previous_field", limits, []string{"ctrl+n", "ctrl+n", "ctrl+n", "ctrl+y", "ctrl+p"}, func(d dialog, act action) string {
			l := d.(*limitsDialog)
			return want(l.editing && l.field == 2, "editing %v, field %d", l.editing, l.field)
		}},
		{"limits_custom_apply", limits, []string{"ctrl+n", "ctrl+n", "ctrl+n", "ctrl+y", "ctrl+y"}, func(d dialog, act action) string {
			a, ok := act.(applyLimits)
			return want(ok && a.choice.name == "custom", "action %#v", act)
		}},
		{"save_choose", save, []string{"ctrl+y"}, func(d dialog, act action) string {
			return want(act == saveAs{"out.py"}, "action %#v", act)
		}},
		{"save_old_key", save, []string{"enter"}, func(d dialog, act action) string {
			return want(act == nil, "action %#v", act)
		}},
		{"history_down", history, []string{"ctrl+n"}, func(d dialog, act action) string {
			return want(d.(*historyDialog).list.Index() == 1, "index %d", d.(*historyDialog).list.Index())
		}},
		{"history_down_up", history, []string{"ctrl+n", "ctrl+p"}, func(d dialog, act action) string {
			return want(d.(*historyDialog).list.Index() == 0, "index %d", d.(*historyDialog).list.Index())
		}},
		{"history_choose", history, []string{"ctrl+n", "ctrl+y"}, func(d dialog, act action) string {
			a, ok := act.(historyDo)
			return want(ok && a.what == historyLoad && a.rec.ID == 2, "action %#v", act)
		}},
		{"history_old_key", history, []string{"enter"}, func(d dialog, act action) string {
			return want(act == nil, "action %#v", act)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := tt.open(t, reboundModel(t))
			var act action
			for _, k := range tt.keys {
				act, _ = m.dialog.Update(keyMsg(k))
			}
			if problem := tt.check(m.dialog, act); problem != "" {
				t.Errorf("after %q: %s", tt.keys, problem)
			}
		})
	}
}

// want is "" when ok, else the problem.
func want(ok bool, format string, args ...any) string {
	if ok {
		return ""
	}
	return fmt.Sprintf(format, args...)
}

// TestTypingKeysTypeInTextFields: a cancel or choose key that types text
// types it in the save prompt, and leaves only its other keys to close or
// save.
func TestTypingKeysTypeInTextFields(t *testing.T) {
	k := DefaultKeyMap()
	if err := k.Override(map[string][]string{"cancel": {"q", "ctrl+g"}}); err != nil {
		t.Fatal(err)
	}
	m := newTestModel(t, 100, 30, helloCode)
	m.keys, m.editor.path = k, ""
	m = press(t, m, "ctrl+s", "q")
	p, ok := m.dialog.(*savePrompt)
	if !ok || p.input.Value() != "q" {
		t.Fatalf("q in the save prompt: dialog %T", m.dialog)
	}
	if s := screen(m); !strings.Contains(s, "enter save · ctrl+g cancel") {
		t.Errorf("the help names a key that types:\n%s", s)
	}
	if m = press(t, m, "ctrl+g"); m.dialog != nil {
		t.Errorf("ctrl+g left the save prompt open")
	}
}
