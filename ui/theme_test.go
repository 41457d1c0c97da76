package ui

import (
	"regexp"
	"testing"

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
