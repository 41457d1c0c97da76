package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/pyplay/pyplay/themes"
)

// saveKeys are the save prompt's keys; the keys that type are the path's.
type saveKeys struct {
	Save, Cancel key.Binding
}

func newSaveKeys(k KeyMap) saveKeys {
	return saveKeys{
		Save:   withoutTyping(relabel(k.Choose, "save")),
		Cancel: withoutTyping(relabel(k.Cancel, "cancel")),
	}
}

// savePrompt asks where to save an editor that has no file yet.
type savePrompt struct {
	keys  saveKeys
	input textinput.Model
	err   string // why the last save failed
}

func newSavePrompt(keys KeyMap) (*savePrompt, tea.Cmd) {
	in := textinput.New()
	in.Prompt = "save as "
	in.Placeholder = "snippet.py"
	in.CharLimit = 4096
	in.SetWidth(48)
	return &savePrompt{keys: newSaveKeys(keys), input: in}, in.Focus()
}

// Update asks to save once a path is typed and Save pressed.
func (p *savePrompt) Update(msg tea.KeyPressMsg) (action, tea.Cmd) {
	switch {
	case key.Matches(msg, p.keys.Cancel):
		return closeDialog{}, nil
	case key.Matches(msg, p.keys.Save):
		if path := strings.TrimSpace(p.input.Value()); path != "" {
			return saveAs{path}, nil
		}
		return nil, nil
	}
	var cmd tea.Cmd
	p.input, cmd = p.input.Update(msg)
	return nil, cmd
}

// View draws the prompt at the screen's width.
func (p *savePrompt) View(st *themes.Styles, width, _ int) string {
	width = dialogWidth(st, width)
	body := st.Dialog.Title.Render("Save") + "\n\n" + p.input.View() + "\n\n"
	if p.err != "" {
		body += wrapMessage(st.Status.Error, p.err, width) + "\n\n"
	}
	return dialogFrame(st, body+st.Dialog.Muted.Render(helpLine(p.keys.Save, p.keys.Cancel)), width)
}
