package ui

import (
	"strings"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/pyplay/pyplay/themes"
)

// savePrompt asks where to save an editor that has no file yet.
type savePrompt struct {
	input textinput.Model
	err   string // why the last save failed
}

func newSavePrompt() (*savePrompt, tea.Cmd) {
	in := textinput.New()
	in.Prompt = "save as "
	in.Placeholder = "snippet.py"
	in.CharLimit = 4096
	in.SetWidth(48)
	return &savePrompt{input: in}, in.Focus()
}

// update returns the path when enter is pressed with one, and done when
// the prompt closes.
func (p *savePrompt) update(msg tea.KeyPressMsg) (path string, done bool, cmd tea.Cmd) {
	switch msg.String() {
	case "esc":
		return "", true, nil
	case "enter":
		if path := strings.TrimSpace(p.input.Value()); path != "" {
			return path, true, nil
		}
		return "", false, nil
	}
	p.input, cmd = p.input.Update(msg)
	return "", false, cmd
}

// view draws the prompt with at most width cells inside its frame.
func (p *savePrompt) view(st *themes.Styles, width int) string {
	body := st.Dialog.Title.Render("Save") + "\n\n" + p.input.View() + "\n\n"
	if p.err != "" {
		body += wrapMessage(st.Status.Error, p.err, width) + "\n\n"
	}
	return dialogFrame(st, body+st.Dialog.Muted.Render("enter save · esc cancel"), width)
}
