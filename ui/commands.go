package ui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/pyplay/pyplay/sandbox"
	"github.com/pyplay/pyplay/session"
)

// frameInterval paces output draining and gauge redraws: ~20 fps.
const frameInterval = 50 * time.Millisecond

func waitEngineCmd(engine *sandbox.Engine) tea.Cmd {
	return func() tea.Msg { return engineReadyMsg{err: engine.Ready(context.Background())} }
}

// startRunCmd starts a run off the UI goroutine; it waits for the engine
// when python.wasm is still being provisioned or compiled. The run's output
// is collected for the output pane (req has no writers).
func startRunCmd(ctx context.Context, svc *session.Service, seq int, req sandbox.Request) tea.Cmd {
	return func() tea.Msg {
		live, err := svc.Start(ctx, req)
		return runStartedMsg{seq: seq, live: live, err: err}
	}
}

func runTickCmd(id int) tea.Cmd {
	return tea.Tick(frameInterval, func(time.Time) tea.Msg { return runTickMsg{id: id} })
}

func waitRunCmd(live *session.LiveRun) tea.Cmd {
	return func() tea.Msg {
		return runDoneMsg{id: live.ID, done: live.Wait()} // recorded by then
	}
}

// errFileExists stops a save-as onto a file the editor did not come from
// until the user confirms.
var errFileExists = errors.New("the file exists: enter again overwrites it")

// saveCmd writes code to path through a temp file and a rename, so a failed
// write never leaves a half-written file behind.
func saveCmd(path, code string, overwrite bool) tea.Cmd {
	return func() tea.Msg {
		dir := filepath.Dir(path)
		if info, err := os.Stat(dir); err != nil || !info.IsDir() {
			return savedMsg{path: path, err: fmt.Errorf("no directory %s: create it or pick another path", dir)}
		}
		mode := os.FileMode(0o644)
		if info, err := os.Stat(path); err == nil {
			switch {
			case info.IsDir():
				return savedMsg{path: path, err: fmt.Errorf("%s is a directory: add a file name", path)}
			case !overwrite:
				return savedMsg{path: path, err: errFileExists}
			}
			mode = info.Mode().Perm() // keep an existing file's permissions
		}
		f, err := os.CreateTemp(dir, ".pyplay-save-*")
		if err != nil {
			return savedMsg{path: path, err: fmt.Errorf("cannot write in %s", dir)}
		}
		_ = f.Chmod(mode)
		_, werr := f.WriteString(code)
		cerr := f.Close()
		if werr == nil && cerr == nil {
			werr = os.Rename(f.Name(), path)
		}
		if werr == nil {
			werr = cerr
		}
		if werr != nil {
			_ = os.Remove(f.Name())
		}
		return savedMsg{path: path, err: werr}
	}
}
