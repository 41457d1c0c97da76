package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/pyplay/pyplay/sandbox"
	"github.com/pyplay/pyplay/session"
	"github.com/pyplay/pyplay/session/history"
)

// paneRows is the output pane's rows on screen, without styles or padding.
func paneRows(m Model) []string {
	rows := strings.Split(ansi.Strip(m.output.viewString()), "\n")
	for i, r := range rows {
		rows[i] = strings.TrimRight(r, " ")
	}
	return rows
}

// requireWholeWords fails unless every word of text shows whole on one of
// rows: a line of pyplay's own wraps between words.
func requireWholeWords(t *testing.T, rows []string, text string) {
	t.Helper()
	var words []string
	for _, r := range rows {
		words = append(words, strings.Fields(r)...)
	}
	shown := strings.Join(words, " ")
	if !strings.Contains(" "+shown+" ", " "+strings.Join(strings.Fields(text), " ")+" ") {
		t.Errorf("%q is not shown word by word; the pane's rows:\n%s", text, strings.Join(rows, "\n"))
	}
}

// The closing line of a fuel stop in the half-width output pane wraps
// between words, and says the fuel once: "after 1,000,000,000 units".
func TestClosingLineWrapsBetweenWords(t *testing.T) {
	m := newTestModel(t, 120, 40, "def spin():\n    n = 0\n    while True:\n        n += 1\n\nspin()\n")
	// 1G units: the row breaks inside "line" unless it breaks between words.
	m.limits = limitsFor(sandbox.Limits{Fuel: 1_000_000_000, Memory: 32 << 20, Timeout: time.Minute}, false)
	next, cmd := m.Update(keyMsg("f5"))
	m = drive(t, next.(Model), cmd)
	out := m.OutputText()
	closing := out[strings.LastIndex(out, "── "):]
	if !strings.Contains(closing, "stopped: fuel exhausted after 1,000,000,000 units") {
		t.Fatalf("closing line %q", closing)
	}
	if strings.Contains(closing, "· fuel ") {
		t.Errorf("the closing line says the fuel twice: %q", closing)
	}
	if !strings.Contains(closing, " ms ──") && !strings.Contains(closing, " s ──") {
		t.Errorf("the closing line's time is not written as the CLI writes it (\"866 ms\", \"3.50 s\"): %q", closing)
	}
	// The gauge shows the run's time as the closing line writes it.
	elapsed := closing[strings.LastIndex(closing, "· ")+len("· ") : strings.LastIndex(closing, " ──")]
	if gauge := ansi.Strip(m.gauges.view(m.st, m.width)); !strings.Contains(gauge, elapsed+"/1m") {
		t.Errorf("the gauge %q does not show the closing line's time %q", gauge, elapsed)
	}
	if len(closing) <= m.output.width {
		t.Fatalf("the closing line (%d) fits the pane (%d): nothing to wrap", len(closing), m.output.width)
	}
	requireWholeWords(t, paneRows(m), closing)
}

// A diff's figures keep their deltas: at 120 columns "(+0.3%)" stays on the
// fuel row, or on the line under it with its number, never alone.
func TestDiffKeepsDeltasWithTheirFigures(t *testing.T) {
	m := newTestModel(t, 120, 40, helloCode)
	rec := func(id int64, fuel uint64, outcome sandbox.Outcome) history.Record {
		return history.Record{ID: id, StartedAt: time.Date(2025, 3, 1, 12, 0, int(id), 0, time.UTC), Code: "x = 1\n", Limits: sandbox.DefaultLimits(),
			Result: sandbox.Result{Outcome: outcome, FuelUsed: fuel, FuelLimit: sandbox.DefaultFuel, MemoryPeak: 10 << 20, MemoryLimit: 128 << 20, Wall: 1710 * time.Millisecond}}
	}
	m = update(t, m, diffReadyMsg{cmp: session.Compare(rec(1, 9_999_000_000, sandbox.OutcomeOK), rec(2, 10_000_000_065, sandbox.OutcomeFuelExhausted))})
	rows := paneRows(m)
	delta := "+1,000,065 (+0.0%)"
	found := false
	for i, r := range rows {
		if strings.Contains(r, "%)") {
			found = true
			if !strings.Contains(r, delta) || !strings.Contains(r, "fuel") && (i == 0 || !strings.Contains(rows[i-1], "fuel")) {
				t.Errorf("the fuel delta is apart from its figures:\n%s", strings.Join(rows, "\n"))
			}
		}
	}
	if !found {
		t.Errorf("no fuel delta on screen:\n%s", strings.Join(rows, "\n"))
	}
	requireWholeWords(t, rows, "run 1 (2025-03-01 12:00:01) → run 2 (2025-03-01 12:00:02)")
}

// wrapLine with words breaks after spaces; a word longer than a row is cut
// at the width, and guest text (without words) always is.
func TestWrapLineBetweenWords(t *testing.T) {
	rowsOf := func(text string, width int, words bool) []string {
		var out []string
		for _, r := range wrapLine(nil, 0, []byte(text), 0, width, words) {
			out = append(out, text[r.start:r.end])
		}
		return out
	}
	for _, tt := range []struct {
		text  string
		width int
		words bool
		want  string
	}{
		{"stopped: fuel exhausted", 10, true, "stopped: |fuel |exhausted"},
		{"stopped: fuel exhausted", 10, false, "stopped: f|uel exhaus|ted"},
		{"a verylongwordindeed b", 8, true, "a |verylong|wordinde|ed b"},
		{"日本語 の テキスト", 7, true, "日本語 |の |テキス|ト"},
		{"fits", 10, true, "fits"},
		{"units · 467 ms ──", 14, true, "units |· 467 ms ──"},
		{"at line 3 · 10 ms", 14, true, "at |line 3 · 10 ms"},
	} {
		if got := strings.Join(rowsOf(tt.text, tt.width, tt.words), "|"); got != tt.want {
			t.Errorf("wrap %q at %d (words %v) = %q, want %q", tt.text, tt.width, tt.words, got, tt.want)
		}
	}
}
