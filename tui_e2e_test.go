package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// tmuxTerm drives the real pyplay in a real terminal: tmux runs it, keys go
// in with send-keys, the screen comes back with capture-pane.
type tmuxTerm struct {
	t    *testing.T
	name string
}

// tmux runs a tmux command on the session's own server (-L): the default
// server is shared with whatever else runs tmux, and several tests starting
// it at once made it exit ("server exited unexpectedly").
func (tt *tmuxTerm) tmux(args ...string) *exec.Cmd {
	return exec.Command("tmux", append([]string{"-L", tt.name}, args...)...)
}

func newTmuxTerm(t *testing.T, width, height int, command string) *tmuxTerm {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Fatal("tmux is needed for the end-to-end test: apt-get install tmux")
	}
	tt := &tmuxTerm{t: t, name: fmt.Sprintf("pyplay-e2e-%d", time.Now().UnixNano())}
	// The shell stays after pyplay exits, so its exit can be seen on screen.
	// A running tmux server has its own environment: pass the test's history.
	script := fmt.Sprintf("env XDG_STATE_HOME=%q %s; echo PYPLAY-EXITED-$?; sleep 30", os.Getenv("XDG_STATE_HOME"), command)
	out, err := tt.tmux("-f", "/dev/null", "new-session", "-d", "-s", tt.name, "-x", fmt.Sprint(width), "-y", fmt.Sprint(height), script).CombinedOutput()
	if err != nil {
		t.Fatalf("tmux new-session: %v %s", err, out)
	}
	t.Cleanup(func() { _ = tt.tmux("kill-server").Run() })
	return tt
}

func (tt *tmuxTerm) keys(keys ...string) {
	tt.t.Helper()
	args := append([]string{"send-keys", "-t", tt.name}, keys...)
	if out, err := tt.tmux(args...).CombinedOutput(); err != nil {
		tt.t.Fatalf("tmux send-keys: %v %s", err, out)
	}
}

func (tt *tmuxTerm) screen() string {
	out, _ := tt.tmux("capture-pane", "-p", "-t", tt.name).Output()
	return string(out)
}

// waitFor polls the screen until it shows want, failing after a minute: the
// condition is the synchronisation, not a fixed sleep.
func (tt *tmuxTerm) waitFor(want string) string {
	tt.t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		s := tt.screen()
		if strings.Contains(s, want) {
			return s
		}
		if time.Now().After(deadline) {
			tt.t.Fatalf("screen never showed %q:\n%s", want, s)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestPlaygroundEndToEnd(t *testing.T) {
	bin := pyplayBinary(t)
	dir := t.TempDir()
	hello := filepath.Join(dir, "hello.py")
	writeFile(t, hello, "print('hello from e2e')\nprint(sum(range(1000)))\n")
	term := newTmuxTerm(t, 100, 30, bin+" "+hello)

	term.waitFor("● ready")
	term.keys("F5")
	s := term.waitFor("── ok · fuel ")
	for _, want := range []string{"hello from e2e", "499500", "/10G"} {
		if !strings.Contains(s, want) {
			t.Errorf("after the run the screen lacks %q:\n%s", want, s)
		}
	}

	// The examples picker opens and closes.
	term.keys("F2")
	term.waitFor("Examples")
	term.keys("Escape")
	term.waitGone("Examples") // the dialog floats over the panes: they show all along

	// An endless sleep, typed at the end of the code and cancelled with esc.
	term.keys("C-End", "Enter")
	term.keys("-l", "import time; print('sleeping', flush=True); time.sleep(3600)")
	term.waitFor("hello.py ●")
	term.keys("F5")
	term.waitFor("sleeping")
	term.waitFor("running")
	term.keys("Escape")
	term.waitFor("── canceled")

	// Quit: the editor has unsaved changes, so ctrl+q asks first.
	term.keys("C-q")
	term.waitFor("unsaved changes")
	term.keys("C-q")
	term.waitFor("PYPLAY-EXITED-0")
}

func TestPlaygroundTooSmall(t *testing.T) {
	term := newTmuxTerm(t, 60, 20, pyplayBinary(t))
	term.waitFor("pyplay needs at least 80×24; this terminal is 60×20.")
	term.keys("C-q")
	term.waitFor("PYPLAY-EXITED-0")
}

// TestEditorKeepsUpWithALongFile types into the middle of a 5,000-line
// file: the screen must show each burst of keys at once. Time is the
// subject here: with the old editor each key cost ~0.5 s at this size.
func TestEditorKeepsUpWithALongFile(t *testing.T) {
	var code strings.Builder
	for i := range 5000 {
		fmt.Fprintf(&code, "line_%04d = %d  # filler\n", i, i)
	}
	file := filepath.Join(t.TempDir(), "long.py")
	writeFile(t, file, code.String())
	term := newTmuxTerm(t, 120, 40, pyplayBinary(t)+" "+file)
	term.waitFor("● ready")
	term.keys("C-g")
	term.waitFor("go to line:")
	term.keys("-l", "2500")
	term.keys("Enter")
	term.waitFor("2500 line_2499")
	for i := range 5 {
		word := fmt.Sprintf("typed_%d_abcdefghijklmnopqrstuvwxyz", i)
		start := time.Now()
		term.keys("-l", word+" ")
		term.waitFor(word)
		took := time.Since(start)
		if took > 3*time.Second {
			t.Errorf("%d keys took %v to reach the screen", len(word)+1, took)
		}
		t.Logf("%d keys at line 2,500 of 5,000 on screen in %v", len(word)+1, took.Round(time.Millisecond))
	}
	// One undo step a word: five take all of them back.
	term.keys("C-z", "C-z", "C-z", "C-z", "C-z")
	s := term.waitFor("2500 line_2499 = 2499")
	if strings.Contains(s, "typed_") {
		t.Errorf("undo left typed words:\n%s", s)
	}
	term.keys("C-q", "C-q") // the first asks: the buffer was edited
	term.waitFor("PYPLAY-EXITED-0")
}

// TestTracebackAndExternalEditor: enter on a traceback takes the editor to
// its line; F7 hands the code to $EDITOR and loads what it saved.
func TestTracebackAndExternalEditor(t *testing.T) {
	file := filepath.Join(t.TempDir(), "bug.py")
	writeFile(t, file, "def f(x):\n    return 10 / x\n\nprint(f(0))\n")
	// The "editor" is sed: it fixes the bug in place and exits.
	term := newTmuxTerm(t, 100, 30, `env EDITOR='sed -i s/f\(0\)/f\(5\)/' `+pyplayBinary(t)+" "+file)
	term.waitFor("● ready")
	term.keys("F5")
	term.waitFor("ZeroDivisionError")
	term.keys("C-w", "C-w", "Enter")
	term.waitFor("line 2, from the traceback")
	term.waitFor("▶2")
	term.keys("F7")
	term.waitFor("loaded the code from the external editor")
	term.waitFor("print(f(5))")
	term.keys("F5")
	term.waitFor("── ok")
	term.waitFor("2.0")
	term.keys("C-q", "C-q")
	term.waitFor("PYPLAY-EXITED-0")
}
