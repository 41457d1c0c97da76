package session

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/aymanbagabas/go-udiff"

	"github.com/pyplay/pyplay/internal/units"
	"github.com/pyplay/pyplay/session/history"
)

// Comparison is two runs side by side: how their figures moved, and unified
// diffs of their outputs and, when it changed, their code.
type Comparison struct {
	Old, New history.Record
	// Figures compares outcome, exit code, fuel, peak memory and wall time,
	// one row each: name, old, new, delta.
	Figures [][4]string
	// Unified diffs; "" when the two sides are equal.
	Stdout, Stderr, Code string
	// Width, when positive, is the most columns Text may give a figure
	// row (the playground's output pane): the columns are then as wide as
	// their figures, and a row still too wide puts its delta on the next
	// line, under the figures, rather than have it broken anywhere. Zero
	// is the fixed layout of pyplay diff.
	Width int
}

// Compare builds the comparison of run a (old) and run b (new).
func Compare(a, b history.Record) Comparison {
	ra, rb := a.Result, b.Result
	c := Comparison{Old: a, New: b}
	c.Figures = [][4]string{
		{"outcome", string(ra.Outcome), string(rb.Outcome), same(ra.Outcome == rb.Outcome)},
		{"exit code", fmt.Sprint(ra.ExitCode), fmt.Sprint(rb.ExitCode), same(ra.ExitCode == rb.ExitCode)},
		{"fuel", units.FormatCount(ra.FuelUsed), units.FormatCount(rb.FuelUsed), countDelta(ra.FuelUsed, rb.FuelUsed)},
		{"peak memory", units.FormatSize(ra.MemoryPeak), units.FormatSize(rb.MemoryPeak), sizeDelta(ra.MemoryPeak, rb.MemoryPeak)},
		{"wall time", units.FormatElapsed(ra.Wall), units.FormatElapsed(rb.Wall), durationDelta(ra.Wall, rb.Wall)},
	}
	label := func(r history.Record, what string) string { return fmt.Sprintf("run %d %s", r.ID, what) }
	c.Stdout = udiff.Unified(label(a, "stdout"), label(b, "stdout"), string(ra.Stdout), string(rb.Stdout))
	c.Stderr = udiff.Unified(label(a, "stderr"), label(b, "stderr"), string(ra.Stderr), string(rb.Stderr))
	c.Code = udiff.Unified(label(a, "code"), label(b, "code"), a.Code, b.Code)
	return c
}

// OutputsIdentical is true when stdout and stderr are the same.
func (c Comparison) OutputsIdentical() bool { return c.Stdout == "" && c.Stderr == "" }

// Text renders the comparison for a terminal or a file, without color:
// the figures, then the code diff (if the code changed), then the outputs'.
func (c Comparison) Text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "run %d (%s) → run %d (%s)\n", c.Old.ID, c.Old.StartedAt.Format(time.DateTime), c.New.ID, c.New.StartedAt.Format(time.DateTime))
	if c.Width > 0 {
		c.writeFiguresToFit(&b)
	} else {
		for _, row := range c.Figures {
			fmt.Fprintf(&b, "  %-12s %14s → %-14s %s\n", row[0], row[1], row[2], row[3])
		}
	}
	if c.Code == "" {
		b.WriteString("code: identical\n")
	} else {
		b.WriteString(c.Code)
	}
	if c.OutputsIdentical() {
		b.WriteString("output: identical (stdout and stderr)\n")
		return b.String()
	}
	for _, part := range []struct{ name, diff string }{{"stdout", c.Stdout}, {"stderr", c.Stderr}} {
		if part.diff == "" {
			fmt.Fprintf(&b, "%s: identical\n", part.name)
		} else {
			b.WriteString(part.diff)
		}
	}
	return b.String()
}

// writeFiguresToFit writes the figure rows in columns as wide as their
// widest figure, each row within c.Width columns where it can be: a row
// wider than that has its delta on a line of its own, indented under the
// old figure.
func (c Comparison) writeFiguresToFit(b *strings.Builder) {
	var w [3]int
	for _, row := range c.Figures {
		for i := range w {
			w[i] = max(w[i], utf8.RuneCountInString(row[i]))
		}
	}
	pad := func(s string, n int) string { return s + strings.Repeat(" ", max(n-utf8.RuneCountInString(s), 0)) }
	for _, row := range c.Figures {
		line := "  " + pad(row[0], w[0]) + "  " + strings.Repeat(" ", max(w[1]-utf8.RuneCountInString(row[1]), 0)) + row[1] + " → " + row[2]
		if full := pad(line, 2+w[0]+2+w[1]+3+w[2]) + "  " + row[3]; utf8.RuneCountInString(full) <= c.Width {
			line = full
		} else {
			line += "\n" + strings.Repeat(" ", 2+w[0]+2) + row[3]
		}
		b.WriteString(line + "\n")
	}
}

func same(equal bool) string {
	if equal {
		return "="
	}
	return "changed"
}

func countDelta(a, b uint64) string {
	if a == b {
		return "="
	}
	sign, d := "+", b-a
	if b < a {
		sign, d = "-", a-b
	}
	if a == 0 {
		return sign + units.FormatCount(d)
	}
	return fmt.Sprintf("%s%s (%s%.1f%%)", sign, units.FormatCount(d), sign, float64(d)/float64(a)*100)
}

func sizeDelta(a, b int64) string {
	switch {
	case a == b:
		return "="
	case b > a:
		return "+" + units.FormatSize(b-a)
	}
	return "-" + units.FormatSize(a-b)
}

func durationDelta(a, b time.Duration) string {
	if b < a {
		return "-" + units.FormatElapsed(a-b)
	}
	return "+" + units.FormatElapsed(b-a)
}
