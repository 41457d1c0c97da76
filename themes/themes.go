// Package themes turns a palette of named color roles into the Styles the UI
// draws with. The UI never names a color: it asks for a style by the screen
// area and the role it plays there.
package themes

import (
	"image/color"

	"charm.land/lipgloss/v2"
)

// Palette names every color the UI uses by the role it plays.
type Palette struct {
	Name string

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
}

// Default is pyplay's theme: ANSI colors, so it follows the terminal's own
// palette on dark and light backgrounds alike.
func Default() Palette {
	return Palette{
		Name:        "default",
		Foreground:  lipgloss.NoColor{},
		Muted:       lipgloss.BrightBlack,
		Accent:      lipgloss.Magenta,
		Border:      lipgloss.BrightBlack,
		Focus:       lipgloss.Cyan,
		Stdout:      lipgloss.NoColor{},
		Stderr:      lipgloss.Red,
		Success:     lipgloss.Green,
		Warning:     lipgloss.Yellow,
		Error:       lipgloss.Red,
		GaugeFill:   lipgloss.Cyan,
		GaugeEmpty:  lipgloss.BrightBlack,
		DiffAdded:   lipgloss.Green,
		DiffRemoved: lipgloss.Red,
	}
}
