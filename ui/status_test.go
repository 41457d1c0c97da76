package ui

import (
	"os"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/pyplay/pyplay/sandbox/sandboxtest"
	"github.com/pyplay/pyplay/session"
)

// statusOf is the status line as it is drawn.
func statusOf(m Model) string { return ansi.Strip(m.statusLine()) }

// F3, d, esc keeps the deterministic switch, says so, and the dialog shows
// it again; the next run is deterministic.
func TestDeterministicToggleSurvivesEsc(t *testing.T) {
	m := newTestModel(t, 120, 40, "import random\nprint(random.random())\n")
	m = press(t, m, "f3", "d", "esc")
	if m.dialog != nil || !m.limits.deterministic || m.limits.name != "default" {
		t.Fatalf("after f3 d esc: dialog %T, limits %+v; want the default limits, deterministic", m.dialog, m.limits)
	}
	if s := statusOf(m); !strings.Contains(s, "deterministic on") || !strings.Contains(s, "limits unchanged") || !strings.Contains(s, "limits default (10G fuel · 128 MiB · 10s) · deterministic") {
		t.Errorf("status line %q", s)
	}
	if m = press(t, m, "f3"); !strings.Contains(screen(m), "[x] deterministic") {
		t.Errorf("F3 again does not show the switch on:\n%s", screen(m))
	}
	m = press(t, m, "esc") // unchanged: esc only closes
	if !m.limits.deterministic || strings.Contains(m.status, "deterministic off") {
		t.Errorf("esc without a change: limits %+v, status %q", m.limits, m.status)
	}
	var outputs []string
	for range 2 {
		next, cmd := m.Update(keyMsg("f5"))
		m = drive(t, next.(Model), cmd)
		outputs = append(outputs, strings.SplitN(m.OutputText(), "\n", 2)[0])
	}
	if outputs[0] != outputs[1] {
		t.Errorf("two runs after the toggle printed %q: not deterministic", outputs)
	}
	if m = press(t, m, "f3", "d", "esc"); m.limits.deterministic || !strings.Contains(m.status, "deterministic off") {
		t.Errorf("toggled off: limits %+v, status %q", m.limits, m.status)
	}
}

// A rerun of a run recorded on tiny runs on tiny, and the status line says
// so while the gauges and the closing line show tiny's figures; the next F5
// still gets the limits in force.
func TestRerunSaysWhoseLimits(t *testing.T) {
	m := newTestModel(t, 120, 40, "while True:\n    pass\n")
	m = press(t, m, "f3", "up", "up", "enter") // tiny: 10M fuel, 32 MiB, 2s
	next, cmd := m.Update(keyMsg("f5"))
	m = drive(t, next.(Model), cmd)
	m = press(t, m, "f3", "down", "down", "down", "enter") // generous
	if m.limits.name != "generous" {
		t.Fatalf("limits %+v", m.limits)
	}
	next, cmd = m.Update(keyMsg("f4"))
	m = drive(t, next.(Model), cmd)
	next, cmd = m.Update(keyMsg("r"))
	m = drive(t, next.(Model), cmd)

	s := statusOf(m)
	if !strings.Contains(s, "rerun of #1 with its limits: tiny (10M fuel · 32 MiB · 2s)") {
		t.Errorf("status line %q: want it to name the rerun's limits", s)
	}
	if strings.Contains(s, "limits generous") {
		t.Errorf("status line %q claims the generous limits for a run on tiny", s)
	}
	if !strings.Contains(s, "F5 runs with generous") {
		t.Errorf("status line %q: want the limits of the next run too", s)
	}
	if g := ansi.Strip(m.gauges.view(m.st, m.width)); !strings.Contains(g, "/10M") || !strings.Contains(g, "/32 MiB") || !strings.Contains(g, "/2s") {
		t.Errorf("gauges %q: want tiny's", g)
	}
	if out := m.OutputText(); !strings.Contains(out, "rerun of run #1") || !strings.Contains(out, "fuel exhausted after 10,000,000 units") {
		t.Errorf("output:\n%s", out)
	}
	// F5 runs the editor's code with the limits in force, and says those.
	m.editor.load("", "pass\n")
	next, cmd = m.Update(keyMsg("f5"))
	m = drive(t, next.(Model), cmd)
	if s := statusOf(m); !strings.Contains(s, "limits generous") || strings.Contains(s, "rerun") {
		t.Errorf("after F5 the status line says %q", s)
	}
}

// v shows a recorded run: an earlier message goes, and the status line and
// the gauges name that run's limits.
func TestViewReplacesAStaleMessage(t *testing.T) {
	m, _ := openHistory(t, newTestModel(t, 120, 40, helloCode), fakeRuns(3))
	m.status = "no such run: no earlier run of the code of run 3"
	m = press(t, m, "v")
	s := statusOf(m)
	if strings.Contains(s, "no such run") || !strings.Contains(s, "run #3's recorded output") {
		t.Errorf("after v the status line says %q", s)
	}
	if !strings.Contains(s, "run #3 with its limits: default") {
		t.Errorf("status line %q: want the viewed run's limits", s)
	}
}

// A Markdown answer opened in the playground keeps its name in the title,
// and the note says its blocks were kept, not run.
func TestOpenedMarkdownIsNamedAndNothingRan(t *testing.T) {
	answer := "Sure:\n\n```python\nprint(1)\n```\n"
	code, note := session.ExtractCodeToEdit("answer.md", answer)
	m := New(Options{
		Service: session.NewService(sandboxtest.Engine(t), nil),
		Path:    "answer.md", Code: code, Notes: []session.Note{*note},
		Examples: os.DirFS("../testdata/examples"),
	})
	m = update(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	s := screen(m)
	if !strings.Contains(s, "editor · from answer.md") || strings.Contains(s, "untitled") {
		t.Errorf("the title does not name the file:\n%s", s)
	}
	if !strings.Contains(m.status, "answer.md is Markdown: kept 1 of 1 fenced block (python, line 4)") || strings.Contains(m.status, "running") {
		t.Errorf("status %q: nothing ran", m.status)
	}
	if m.editor.path != "" {
		t.Errorf("ctrl+s would overwrite the answer at %q", m.editor.path)
	}
	// Loaded code says where it came from too.
	m = press(t, m, "f2", "enter")
	if s := screen(m); !strings.Contains(s, "editor · example: hello") {
		t.Errorf("after loading an example:\n%s", s)
	}
}

// A long path loses its start in the title, so the file's name shows.
func TestLongPathKeepsTheFileName(t *testing.T) {
	m := newTestModel(t, 80, 24, helloCode)
	m.editor.path = "/home/someone/projects/a-rather-long-directory-name/with/more/levels/snippet.py"
	title := m.editorTitle(74)
	if !strings.HasSuffix(title, "/snippet.py") || !strings.Contains(title, "…/") || ansi.StringWidth(title) > 74 {
		t.Errorf("title %q (%d cells)", title, ansi.StringWidth(title))
	}
	if s := screen(m); !strings.Contains(s, "levels/snippet.py") {
		t.Errorf("the file name is cut off the screen:\n%s", s)
	}
	for _, tt := range []struct {
		in    string
		width int
		want  string
	}{
		{"a/b/c.py", 10, "a/b/c.py"},
		{"/long/dir/file.py", 12, "…/file.py"},
		{"/dir/averyveryverylongname.py", 10, "…ngname.py"},
		{"日本語/ファイル.py", 9, "…イル.py"},
	} {
		if got := cutLeft(tt.in, tt.width); got != tt.want {
			t.Errorf("cutLeft(%q, %d) = %q, want %q", tt.in, tt.width, got, tt.want)
		}
	}
}
