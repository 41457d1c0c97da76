package ui

import (
	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	"github.com/pyplay/pyplay/themes"
)

// themeSavedMsg: the theme choice was written for the next start, or not.
type themeSavedMsg struct {
	name string
	err  error
}

func saveThemeCmd(save func(string) error, name string) tea.Cmd {
	return func() tea.Msg { return themeSavedMsg{name: name, err: save(name)} }
}

// applyTheme rebuilds every style from the named theme. Output already on
// screen keeps its colors; what follows uses the new ones.
func (m *Model) applyTheme(name string) {
	palette, err := themes.ByName(name, m.darkBg)
	if err != nil {
		return
	}
	if m.noColor {
		palette = themes.NoColor()
	}
	// New styles, not the old ones overwritten: a copy of the model taken
	// before keeps drawing with its own.
	st := themes.NewStyles(palette)
	m.st = &st
	m.themeName = palette.Name
	m.editor.code = m.editor.code.WithStyles(editorStyles(*m.st))
	m.stdin.SetStyles(textareaStyles(*m.st))
	m.output.setStyles(m.st)
	m.help = themedHelp(m.help, m.st)
}

// themedHelp is h drawn in the theme's help colors.
func themedHelp(h help.Model, st *themes.Styles) help.Model {
	h.Styles.ShortKey, h.Styles.ShortDesc, h.Styles.ShortSeparator = st.Help.Key, st.Help.Desc, st.Help.Separator
	h.Styles.FullKey, h.Styles.FullDesc, h.Styles.FullSeparator = st.Help.Key, st.Help.Desc, st.Help.Separator
	return h
}

// handleBackgroundColor adapts the default theme to the terminal's
// background once the terminal says what it is.
func (m Model) handleBackgroundColor(msg tea.BackgroundColorMsg) (tea.Model, tea.Cmd) {
	m.darkBg = msg.IsDark()
	if m.themeName == themes.DefaultName {
		m.applyTheme(m.themeName)
	}
	return m, nil
}

// nextTheme switches to the next theme live and keeps the choice.
func (m Model) nextTheme() (tea.Model, tea.Cmd) {
	if m.noColor {
		m.status = "NO_COLOR is set: themes are off"
		return m, nil
	}
	m.applyTheme(themes.Next(m.themeName))
	m.status = "theme " + m.themeName
	if m.saveTheme == nil { // the config file has mistakes, or there is none to write
		m.status += " (not kept: the config file could not be read; 'pyplay config' says why)"
		return m, nil
	}
	return m, saveThemeCmd(m.saveTheme, m.themeName)
}

func (m Model) handleThemeSaved(msg themeSavedMsg) (tea.Model, tea.Cmd) {
	if msg.err != nil {
		m.status = "theme " + msg.name + " (not kept: " + msg.err.Error() + ")"
	}
	return m, nil
}
