// Package themes turns a palette of named color roles into the Styles the UI
// draws with. The UI never names a color: it asks for a style by the screen
// area and the role it plays there.
package themes

import (
	"fmt"
	"image/color"
	"strings"

	"charm.land/lipgloss/v2"
)

// Palette names every color the UI uses by the role it plays.
type Palette struct {
	Name string

	Background color.Color // the dialogs' fill; NoColor keeps the terminal's
	Foreground color.Color
	Muted      color.Color // secondary text: line numbers, hints, help
	Accent     color.Color // titles, the selected item
	Border     color.Color // unfocused pane borders
	Focus      color.Color // the focused pane's border

	Stdout color.Color
	Stderr color.Color

	Success color.Color
	Warning color.Color
	Error   color.Color

	GaugeFill  color.Color
	GaugeEmpty color.Color

	DiffAdded   color.Color
	DiffRemoved color.Color

	// Python syntax, for code shown read-only.
	Keyword, String, Number, Comment, Function, Builtin, Operator color.Color

	// Plain drops every color: NO_COLOR. Emphasis is bold and reverse only.
	Plain bool
}

// DefaultName is the theme used when none is chosen.
const DefaultName = "default"

// Names lists the built-in themes, the default first.
func Names() []string {
	return []string{DefaultName, "dracula", "midnight", "solarized-light", "paper", "high-contrast"}
}

// ByName returns the named theme. isDark tells the adaptive default which
// way the terminal's background leans.
func ByName(name string, isDark bool) (Palette, error) {
	switch strings.ToLower(name) {
	case DefaultName, "":
		return Default(isDark), nil
	case "dracula":
		return dracula(), nil
	case "midnight":
		return midnight(), nil
	case "solarized-light":
		return solarizedLight(), nil
	case "paper":
		return paper(), nil
	case "high-contrast":
		return highContrast(), nil
	}
	return Palette{}, fmt.Errorf("unknown theme %q: choose one of %s", name, strings.Join(Names(), ", "))
}

// Next is the theme after name in Names, wrapping around.
func Next(name string) string {
	names := Names()
	for i, n := range names {
		if n == name {
			return names[(i+1)%len(names)]
		}
	}
	return names[0]
}

// NoColor is the palette for NO_COLOR: no color at all.
func NoColor() Palette {
	none := lipgloss.NoColor{}
	return Palette{
		Name: "no-color", Plain: true,
		Background: none, Foreground: none, Muted: none, Accent: none, Border: none, Focus: none,
		Stdout: none, Stderr: none, Success: none, Warning: none, Error: none,
		GaugeFill: none, GaugeEmpty: none, DiffAdded: none, DiffRemoved: none,
		Keyword: none, String: none, Number: none, Comment: none, Function: none, Builtin: none, Operator: none,
	}
}

func hex(s string) color.Color { return lipgloss.Color(s) }

// Default adapts to the terminal: muted grays and clear accents on a dark
// background, deeper tones on a light one.
func Default(isDark bool) Palette {
	pick := func(dark, light string) color.Color {
		if isDark {
			return hex(dark)
		}
		return hex(light)
	}
	return Palette{
		Name:        DefaultName,
		Background:  lipgloss.NoColor{},
		Foreground:  pick("#E4E4E7", "#27272A"),
		Muted:       pick("#71717A", "#8A8A93"),
		Accent:      pick("#C084FC", "#7E22CE"),
		Border:      pick("#52525B", "#A1A1AA"),
		Focus:       pick("#22D3EE", "#0E7490"),
		Stdout:      pick("#E4E4E7", "#27272A"),
		Stderr:      pick("#F87171", "#B91C1C"),
		Success:     pick("#4ADE80", "#15803D"),
		Warning:     pick("#FBBF24", "#B45309"),
		Error:       pick("#F87171", "#B91C1C"),
		GaugeFill:   pick("#22D3EE", "#0E7490"),
		GaugeEmpty:  pick("#3F3F46", "#D4D4D8"),
		DiffAdded:   pick("#4ADE80", "#15803D"),
		DiffRemoved: pick("#F87171", "#B91C1C"),
		Keyword:     pick("#C084FC", "#7E22CE"),
		String:      pick("#A3E635", "#4D7C0F"),
		Number:      pick("#FB923C", "#C2410C"),
		Comment:     pick("#71717A", "#8A8A93"),
		Function:    pick("#60A5FA", "#1D4ED8"),
		Builtin:     pick("#22D3EE", "#0E7490"),
		Operator:    pick("#E4E4E7", "#27272A"),
	}
}

// dracula is the well-known dark palette (draculatheme.com).
func dracula() Palette {
	return Palette{
		Name: "dracula", Background: hex("#282A36"), Foreground: hex("#F8F8F2"), Muted: hex("#6272A4"),
		Accent: hex("#BD93F9"), Border: hex("#44475A"), Focus: hex("#FF79C6"),
		Stdout: hex("#F8F8F2"), Stderr: hex("#FF5555"), Success: hex("#50FA7B"), Warning: hex("#F1FA8C"), Error: hex("#FF5555"),
		GaugeFill: hex("#BD93F9"), GaugeEmpty: hex("#44475A"), DiffAdded: hex("#50FA7B"), DiffRemoved: hex("#FF5555"),
		Keyword: hex("#FF79C6"), String: hex("#F1FA8C"), Number: hex("#BD93F9"), Comment: hex("#6272A4"),
		Function: hex("#50FA7B"), Builtin: hex("#8BE9FD"), Operator: hex("#FF79C6"),
	}
}

// midnight is a calm blue dark theme.
func midnight() Palette {
	return Palette{
		Name: "midnight", Background: hex("#0F172A"), Foreground: hex("#CBD5E1"), Muted: hex("#64748B"),
		Accent: hex("#38BDF8"), Border: hex("#334155"), Focus: hex("#38BDF8"),
		Stdout: hex("#CBD5E1"), Stderr: hex("#FB7185"), Success: hex("#34D399"), Warning: hex("#FACC15"), Error: hex("#FB7185"),
		GaugeFill: hex("#38BDF8"), GaugeEmpty: hex("#1E293B"), DiffAdded: hex("#34D399"), DiffRemoved: hex("#FB7185"),
		Keyword: hex("#818CF8"), String: hex("#34D399"), Number: hex("#F472B6"), Comment: hex("#64748B"),
		Function: hex("#38BDF8"), Builtin: hex("#2DD4BF"), Operator: hex("#94A3B8"),
	}
}

// solarizedLight is Ethan Schoonover's Solarized, light variant.
func solarizedLight() Palette {
	return Palette{
		Name: "solarized-light", Background: hex("#FDF6E3"), Foreground: hex("#586E75"), Muted: hex("#93A1A1"),
		Accent: hex("#6C71C4"), Border: hex("#93A1A1"), Focus: hex("#268BD2"),
		Stdout: hex("#586E75"), Stderr: hex("#DC322F"), Success: hex("#859900"), Warning: hex("#B58900"), Error: hex("#DC322F"),
		GaugeFill: hex("#268BD2"), GaugeEmpty: hex("#EEE8D5"), DiffAdded: hex("#859900"), DiffRemoved: hex("#DC322F"),
		Keyword: hex("#859900"), String: hex("#2AA198"), Number: hex("#D33682"), Comment: hex("#93A1A1"),
		Function: hex("#268BD2"), Builtin: hex("#CB4B16"), Operator: hex("#657B83"),
	}
}

// paper is a quiet light theme, near black on white.
func paper() Palette {
	return Palette{
		Name: "paper", Background: hex("#FFFFFF"), Foreground: hex("#1F2328"), Muted: hex("#6E7781"),
		Accent: hex("#8250DF"), Border: hex("#D0D7DE"), Focus: hex("#0969DA"),
		Stdout: hex("#1F2328"), Stderr: hex("#CF222E"), Success: hex("#1A7F37"), Warning: hex("#9A6700"), Error: hex("#CF222E"),
		GaugeFill: hex("#0969DA"), GaugeEmpty: hex("#EAEEF2"), DiffAdded: hex("#1A7F37"), DiffRemoved: hex("#CF222E"),
		Keyword: hex("#CF222E"), String: hex("#0A3069"), Number: hex("#0550AE"), Comment: hex("#6E7781"),
		Function: hex("#8250DF"), Builtin: hex("#953800"), Operator: hex("#1F2328"),
	}
}

// highContrast is pure colors on black, for low vision and bright rooms.
func highContrast() Palette {
	return Palette{
		Name: "high-contrast", Background: hex("#000000"), Foreground: hex("#FFFFFF"), Muted: hex("#D0D0D0"),
		Accent: hex("#FFFF00"), Border: hex("#FFFFFF"), Focus: hex("#00FFFF"),
		Stdout: hex("#FFFFFF"), Stderr: hex("#FF6060"), Success: hex("#00FF00"), Warning: hex("#FFFF00"), Error: hex("#FF6060"),
		GaugeFill: hex("#00FFFF"), GaugeEmpty: hex("#606060"), DiffAdded: hex("#00FF00"), DiffRemoved: hex("#FF6060"),
		Keyword: hex("#FFFF00"), String: hex("#00FF00"), Number: hex("#FF80FF"), Comment: hex("#D0D0D0"),
		Function: hex("#00FFFF"), Builtin: hex("#80C0FF"), Operator: hex("#FFFFFF"),
	}
}
