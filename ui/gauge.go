package ui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/pyplay/pyplay/internal/units"
	"github.com/pyplay/pyplay/sandbox"
	"github.com/pyplay/pyplay/themes"
)

// gauges is the row under the panes: fuel as a bar with numbers, memory
// current and peak against the cap, and elapsed time.
type gauges struct {
	stats         sandbox.Stats
	limits        sandbox.Limits
	deterministic bool
	// of names the run shown when it ran with limits of its own rather
	// than those in force: "rerun of #12", "run #12" (its recorded
	// figures). The status line then says whose limits the gauges show.
	// Empty for the editor's runs and for limits just chosen.
	of string
}

func (g gauges) view(st *themes.Styles, width int) string {
	// Fixed-width numbers keep the bar from changing size as they grow.
	label, value := st.Gauge.Label.Render, st.Gauge.Value.Render
	mem := label("mem ") + value(fmt.Sprintf("%8s", units.FormatSize(g.stats.MemoryCurrent))) + label("/"+memoryCap(g.limits.Memory)) +
		label(" peak ") + value(fmt.Sprintf("%8s", units.FormatSize(g.stats.MemoryPeak)))
	clock := value(fmt.Sprintf("%7s", formatElapsed(g.stats.Elapsed)))
	if g.limits.Timeout > 0 {
		clock += label("/" + shortDuration(g.limits.Timeout))
	}
	right := "  " + mem + "  " + clock

	fuel := label("fuel ") + value(fmt.Sprintf("%6s", shortCount(g.stats.FuelUsed))) + label(" (no limit)")
	if g.limits.Fuel > 0 {
		numbers := " " + value(fmt.Sprintf("%6s", shortCount(g.stats.FuelUsed))) + label("/"+shortCount(g.limits.Fuel))
		barWidth := width - lipgloss.Width(right) - lipgloss.Width(numbers) - len("fuel ")
		fuel = label("fuel ") + bar(st, float64(g.stats.FuelUsed)/float64(g.limits.Fuel), max(barWidth, 4)) + numbers
	}
	row := ansi.Truncate(fuel+right, width, "")
	if w := lipgloss.Width(row); w < width {
		row += strings.Repeat(" ", width-w)
	}
	return row
}

// bar draws fraction of width cells, turning warning-colored past 80% and
// error-colored when full.
func bar(st *themes.Styles, fraction float64, width int) string {
	fraction = min(max(fraction, 0), 1)
	filled := int(fraction*float64(width) + 0.5)
	fill := st.Gauge.Fill
	switch {
	case fraction >= 1:
		fill = st.Gauge.Full
	case fraction >= 0.8:
		fill = st.Gauge.Warn
	}
	return fill.Render(strings.Repeat("█", filled)) + st.Gauge.Empty.Render(strings.Repeat("░", width-filled))
}

func memoryCap(limit int64) string {
	if limit <= 0 {
		return "4 GiB"
	}
	return units.FormatSize(limit)
}

// shortCount writes a count in three significant figures: 123M, 4.2G.
func shortCount(n uint64) string {
	switch {
	case n >= 1e9:
		return trimZero(fmt.Sprintf("%.2f", float64(n)/1e9)) + "G"
	case n >= 1e6:
		return trimZero(fmt.Sprintf("%.1f", float64(n)/1e6)) + "M"
	case n >= 1e3:
		return trimZero(fmt.Sprintf("%.1f", float64(n)/1e3)) + "k"
	}
	return fmt.Sprint(n)
}

func trimZero(s string) string {
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// formatElapsed is elapsed time as the CLI writes it: "866 ms", "3.50 s".
func formatElapsed(d time.Duration) string { return units.FormatElapsed(d) }
