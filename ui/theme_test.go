package ui

import (
	"regexp"
	"testing"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/pyplay/pyplay/themes"
)

func TestGoldenThemes(t *testing.T) {
	for _, name := range themes.Names() {
		t.Run(name, func(t *testing.T) {
			m := newTestModel(t, 80, 24, helloCode)
			m.applyTheme(name)
			m = finishedRun(t, m)
			golden.RequireEqual(t, []byte(m.View().Content))
		})
	}
}

// sgrColor matches a color in an SGR sequence: 30-37, 38;…, 39-49, 90-107.
var sgrColor = regexp.MustCompile(`\x1b\[(?:[0-9;:]*;)?(?:3[0-9]|4[0-9]|9[0-7]|10[0-7])(?:[;:m])`)

func TestNoColorHasNoColor(t *testing.T) {
	m := newTestModel(t, 100, 30, helloCode)
	m.noColor = true
	m.applyTheme(themes.DefaultName)
	m = finishedRun(t, m)
	for _, view := range []string{m.View().Content, press(t, m, "f3").View().Content} {
		if loc := sgrColor.FindStringIndex(view); loc != nil {
			t.Fatalf("NO_COLOR view has a color escape %q in %q", view[loc[0]:loc[1]], view[max(loc[0]-150, 0):min(loc[1]+40, len(view))])
		}
	}
	if bg := m.View().BackgroundColor; bg != nil {
		t.Errorf("NO_COLOR sets the terminal background to %v", bg)
	}
	if m = press(t, m, "f6"); m.themeName != "no-color" {
		t.Errorf("the theme key changed the theme under NO_COLOR: %s", m.themeName)
	}
}

func TestThemeKeyCyclesAndSaves(t *testing.T) {
	m := newTestModel(t, 100, 30, helloCode)
	var saved string
	m.saveTheme = func(name string) error { saved = name; return nil }
	next, cmd := m.Update(keyMsg("f6"))
	m = drive(t, next.(Model), cmd)
	if m.themeName != "dracula" || saved != "dracula" || m.View().BackgroundColor == nil {
		t.Errorf("theme %q saved %q", m.themeName, saved)
	}
}

// TestThemeChangeLeavesOlderModelsAlone: a model is a value, so a copy
// taken before a theme change keeps drawing, and writing output, in the
// old theme. Styles shared through a pointer would repaint it.
func TestThemeChangeLeavesOlderModelsAlone(t *testing.T) {
	old := finishedRun(t, newTestModel(t, 80, 24, helloCode))
	before := old.View().Content
	next := press(t, old, "f6")
	if next.themeName == old.themeName || next.View().Content == before {
		t.Fatalf("the theme key changed nothing: theme %s", next.themeName)
	}
	if got := old.View().Content; got != before {
		t.Errorf("the model from before the theme change now draws differently:\n%s", ansi.Strip(got))
	}
	for _, tt := range []struct {
		name  string
		m     Model
		theme string
	}{{"before", old, old.themeName}, {"after", next, next.themeName}} {
		palette, err := themes.ByName(tt.theme, true)
		if err != nil {
			t.Fatal(err)
		}
		want := themes.NewStyles(palette).Output
		pane := tt.m.output.styles
		for _, s := range []struct{ got, want lipgloss.Style }{{pane.stdout, want.Stdout}, {pane.stderr, want.Stderr}, {pane.note, want.Note}} {
			if g, w := s.got.Render("x"), s.want.Render("x"); g != w {
				t.Errorf("%s the change, the output pane writes %q, want %s's %q", tt.name, g, tt.theme, w)
			}
		}
	}
}
