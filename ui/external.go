package ui

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"

	tea "charm.land/bubbletea/v2"
)

// externalEditedMsg: the external editor closed; text is the file as it
// left it.
type externalEditedMsg struct {
	text string
	err  error
}

// editExternally opens the code in $VISUAL or $EDITOR (vi when neither is
// set), with the terminal handed over until it exits, then loads what it
// saved as one undo step.
func (m Model) editExternally() (tea.Model, tea.Cmd) {
	editor := firstNonEmpty(m.getenv("VISUAL"), m.getenv("EDITOR"), "vi")
	f, err := os.CreateTemp("", "pyplay-*.py")
	if err == nil {
		_, err = f.WriteString(m.editor.value())
		err = errors.Join(err, f.Close())
	}
	if err != nil {
		m.status = "cannot hand the code to " + editor + ": " + err.Error()
		return m, nil
	}
	path := f.Name()
	// $EDITOR may hold arguments ("code --wait"): the shell splits them.
	cmd := exec.Command("sh", "-c", editor+` "$1"`, "sh", path)
	return m, tea.ExecProcess(cmd, func(runErr error) tea.Msg {
		defer os.Remove(path)
		b, err := os.ReadFile(path)
		if runErr != nil {
			err = fmt.Errorf("%s: %w", editor, runErr)
		}
		return externalEditedMsg{text: string(b), err: err}
	})
}

func (m Model) handleExternalEdited(msg externalEditedMsg) (tea.Model, tea.Cmd) {
	switch {
	case msg.err != nil:
		m.status = "the code is unchanged: " + msg.err.Error()
	case msg.text == m.editor.value():
		m.status = "the external editor changed nothing"
	case LineCount(msg.text) > MaxLines:
		m.status = tooLong("the edited code", LineCount(msg.text), "run it with 'pyplay run FILE'")
	default:
		path, source, origin := m.editor.path, m.editor.source, m.editor.origin
		escaped := m.editor.load(path, strings.TrimSuffix(msg.text, "\n")+"\n")
		m.editor.source, m.editor.origin = source, origin
		m.editor.dirty = true
		m.status = "loaded the code from the external editor · " + m.keys.Editor.Undo.Help().Key + " undoes it"
		if escaped > 0 {
			m.status += " · " + escapedNote(escaped)
		}
	}
	return m, nil
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if strings.TrimSpace(v) != "" {
			return v
		}
	}
	return ""
}
