package ui

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/pyplay/pyplay/sandbox"
	"github.com/pyplay/pyplay/sandbox/sandboxtest"
)

func builtInExamples(t *testing.T) []example {
	t.Helper()
	exs := loadExamples(os.DirFS("../testdata/examples"))
	if len(exs) < 7 {
		t.Fatalf("%d examples", len(exs))
	}
	return exs
}

func exampleNamed(t *testing.T, title string) example {
	t.Helper()
	for _, ex := range builtInExamples(t) {
		if ex.title == title {
			return ex
		}
	}
	t.Fatalf("no example %q", title)
	return example{}
}

func TestParseExampleLimits(t *testing.T) {
	def := sandbox.DefaultLimits()
	tiny, _ := presetNamed("tiny")
	for _, tt := range []struct {
		text, name string
		fuel       uint64
		memory     int64
		timeout    time.Duration
		err        string
	}{
		{text: "seed\n", name: "seed", fuel: sandbox.SeedFuel, memory: def.Memory, timeout: def.Timeout},
		{text: "# a comment\nfuel = 25G\ntimeout=30s # why\n", name: "custom", fuel: 25_000_000_000, memory: def.Memory, timeout: 30 * time.Second},
		{text: "tiny\nfuel = 1G\n", name: "custom", fuel: 1_000_000_000, memory: tiny.limits.Memory, timeout: tiny.limits.Timeout},
		{text: "memory = 64MiB\nfuel = 0\n", name: "custom", fuel: 0, memory: 64 << 20, timeout: def.Timeout},
		{text: "generous", name: "generous", fuel: 100_000_000_000, memory: 512 << 20, timeout: time.Minute},
		{text: "bogus", err: `line 1: no preset "bogus"`},
		{text: "fuel = lots", err: "line 1: use a whole number"},
		{text: "\nspeed = 11", err: `line 2: no setting "speed"`},
		{text: "fuel = 1G\ntiny", err: "line 2: a preset's name comes first"},
		{text: "timeout = soon", err: "line 1: invalid duration"},
	} {
		c, err := parseExampleLimits(tt.text)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%q: error %v, want %q", tt.text, err, tt.err)
			}
			continue
		}
		if err != nil || c.name != tt.name || c.limits.Fuel != tt.fuel || c.limits.Memory != tt.memory || c.limits.Timeout != tt.timeout {
			t.Errorf("%q: %+v, %v", tt.text, c, err)
		}
	}
}

// Every built-in example reads, with its limits when it has some, and a
// description that is one whole sentence.
func TestBuiltInExamplesRead(t *testing.T) {
	for _, ex := range builtInExamples(t) {
		if ex.limitsErr != nil {
			t.Errorf("%s: %v", ex.name, ex.limitsErr)
		}
		if !strings.HasSuffix(ex.about, ".") || strings.Contains(strings.TrimSuffix(ex.about, "."), ". ") {
			t.Errorf("%s: description %q is not one sentence", ex.name, ex.about)
		}
	}
	fuel := exampleNamed(t, "fuel exhaustion")
	if fuel.limits == nil || fuel.limits.limits.Fuel != 25_000_000_000 || fuel.limits.limits.Timeout != 30*time.Second {
		t.Errorf("the fuel example's limits: %+v", fuel.limits)
	}
}

// The fuel example brings limits that make it teach: the fuel runs out
// after seconds of the loop, long enough to watch the gauge fill, and well
// before the timeout, which would otherwise be what stopped it. Time is
// the subject here: the rate is measured on a run of 1G units.
func TestFuelExampleRunsForSecondsBeforeTheFuelRunsOut(t *testing.T) {
	ex := exampleNamed(t, "fuel exhaustion")
	const sample = 1_000_000_000
	limits := ex.limits.limits
	limits.Fuel = sample
	res, err := sandboxtest.Engine(t).Run(context.Background(), sandbox.Request{Code: ex.code, Limits: limits})
	if err != nil || res.Outcome != sandbox.OutcomeFuelExhausted {
		t.Fatalf("%v, %+v", err, res.Outcome)
	}
	took := time.Duration(float64(res.Wall) * float64(ex.limits.limits.Fuel) / sample)
	t.Logf("%s for 1G units: the example's %s take ~%s", res.Wall, shortCount(ex.limits.limits.Fuel), took.Round(100*time.Millisecond))
	// Machines differ in speed (~5 s here): the one thing that must hold on
	// any of them is that the fuel, not the clock, stops the demo.
	if took > ex.limits.limits.Timeout*3/4 {
		t.Errorf("the example's fuel runs out after ~%s: too near its timeout (%s), which would stop it first", took, ex.limits.limits.Timeout)
	}
	if lines := strings.Count(string(res.Stdout), "\n"); lines == 0 || lines > 100 {
		t.Errorf("%d lines of output in 1G units: want some, readable as they scroll", lines)
	}
}

// Loading the fuel example applies its limits and says so; an example
// without limits of its own then brings the earlier ones back.
func TestExampleLimitsApplyAndGoBack(t *testing.T) {
	m := newTestModel(t, 80, 24, helloCode)
	m = press(t, m, "f2", "down", "down", "enter")
	if m.limits.limits.Fuel != 25_000_000_000 || m.limits.limits.Timeout != 30*time.Second {
		t.Fatalf("limits %+v", m.limits)
	}
	s := screen(m)
	if !strings.Contains(s, "loaded fuel exhaustion with its limits: 25G fuel · 128 MiB · 30s") {
		t.Errorf("the status line does not show the example's limits:\n%s", s)
	}
	if !strings.Contains(s, "/25G") || !strings.Contains(s, "/30s") {
		t.Errorf("the gauges do not show the example's limits:\n%s", s)
	}
	if !strings.Contains(s, "editor · example: fuel exhaustion") {
		t.Errorf("the title does not name the example:\n%s", s)
	}
	m = press(t, m, "f2", "up", "up", "enter") // hello has no limits of its own
	if m.limits.name != "default" || !strings.Contains(m.status, "limits back to default") {
		t.Errorf("after hello: limits %+v, status %q", m.limits, m.status)
	}
	// Limits chosen after loading stay.
	m = press(t, m, "f2", "down", "down", "enter", "f3", "up", "up", "up", "up", "enter", "f2", "up", "up", "enter") // custom, up to seed
	if m.limits.name != "seed" {
		t.Errorf("limits chosen with F3 were replaced: %+v", m.limits)
	}
}

// Dialogs float over the playground: the panes and the footer stay in
// sight around them.
func TestDialogsFloatOverThePanes(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		for _, open := range [][]string{{"f1"}, {"f2"}, {"f3"}, {"ctrl+s"}} {
			m := newTestModel(t, size[0], size[1], helloCode)
			m.editor.path = ""
			m = press(t, m, open...)
			s := screen(m)
			if m.dialog == nil || !strings.Contains(s, dialogView(m)[:strings.Index(dialogView(m), "\n")]) {
				t.Fatalf("%v at %v: no dialog on screen:\n%s", open, size, s)
			}
			lines := strings.Split(s, "\n")
			if !strings.HasPrefix(lines[0], "╭─ editor") || !strings.HasPrefix(lines[len(lines)-3], "fuel ") {
				t.Errorf("%v at %v: the panes do not show around the dialog:\n%s", open, size, s)
			}
		}
	}
}

// The examples picker shows each description whole, in one column.
func TestExampleDescriptionsLineUp(t *testing.T) {
	for _, width := range []int{80, 120} {
		m := press(t, newTestModel(t, width, 40, helloCode), "f2")
		box := dialogView(m)
		column := -1
		for _, ex := range m.examples {
			line := ""
			for _, l := range strings.Split(box, "\n") {
				if strings.Contains(l, " "+ex.title+" ") {
					line = l
				}
			}
			at := strings.Index(line, ex.about)
			if at < 0 {
				t.Errorf("width %d: %q is not whole on its line %q", width, ex.about, line)
				continue
			}
			at = ansi.StringWidth(line[:at]) // "›" is one cell, three bytes
			if column >= 0 && at != column {
				t.Errorf("width %d: %q starts at %d, the one before at %d:\n%s", width, ex.about, at, column, box)
			}
			column = at
		}
	}
}
