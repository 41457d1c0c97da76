package themes

import (
	"image/color"

	"charm.land/lipgloss/v2"
)

// Styles is everything the UI draws with, grouped by screen area.
type Styles struct {
	// Palette is what the styles were built from.
	Palette Palette

	Pane struct {
		Border, Focused           lipgloss.Style // the frame of an unfocused / focused pane
		Title, FocusedTitle, Hint lipgloss.Style // titles in the frame, and a muted note
	}
	Editor struct {
		LineNumber, CursorLineNumber, Text, Placeholder lipgloss.Style
		// Cursor is the cell under the cursor, Match a find match, Mark the
		// line a traceback pointed at.
		Cursor, Match, Mark lipgloss.Style
	}
	Output struct {
		Stdout, Stderr, Note lipgloss.Style
		// Selection is lines dragged over with the mouse.
		Selection lipgloss.Style
		// Closing lines by outcome.
		OK, Failed, Stopped lipgloss.Style
	}
	Gauge struct {
		Label, Value, Fill, Empty, Warn, Full lipgloss.Style
	}
	Status struct {
		Bar, Ready, Busy, Error, Key lipgloss.Style
	}
	Dialog struct {
		Frame, Title, Item, Selected, Muted lipgloss.Style
	}
	Help struct {
		Key, Desc, Separator lipgloss.Style
	}
	Diff struct {
		Added, Removed, Header lipgloss.Style
	}
	// Code colors Python shown read-only, by token kind.
	Code struct {
		Text, Keyword, String, Number, Comment, Function, Builtin, Operator lipgloss.Style
	}
	// TooSmall is the message shown when the terminal is below the minimum.
	TooSmall lipgloss.Style
}

// NewStyles builds Styles from a palette.
func NewStyles(p Palette) Styles {
	var s Styles
	s.Palette = p
	base := lipgloss.NewStyle().Foreground(p.Foreground)
	muted := lipgloss.NewStyle().Foreground(p.Muted)

	s.Pane.Border = lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(p.Border)
	s.Pane.Focused = s.Pane.Border.BorderForeground(p.Focus)
	s.Pane.Title = lipgloss.NewStyle().Foreground(p.Accent).Bold(true)
	s.Pane.FocusedTitle = s.Pane.Title
	s.Pane.Hint = muted

	s.Editor.LineNumber = muted
	s.Editor.CursorLineNumber = lipgloss.NewStyle().Foreground(p.Accent)
	s.Editor.Text = base
	s.Editor.Placeholder = muted.Italic(true)
	s.Editor.Cursor = lipgloss.NewStyle().Foreground(p.Focus).Reverse(true)
	s.Editor.Match = lipgloss.NewStyle().Foreground(p.Warning).Reverse(true)
	s.Editor.Mark = lipgloss.NewStyle().Foreground(p.Error).Bold(true)

	s.Output.Stdout = lipgloss.NewStyle().Foreground(p.Stdout)
	s.Output.Stderr = lipgloss.NewStyle().Foreground(p.Stderr)
	s.Output.Note = muted.Italic(true)
	s.Output.Selection = lipgloss.NewStyle().Reverse(true)
	s.Output.OK = lipgloss.NewStyle().Foreground(p.Success).Bold(true)
	s.Output.Failed = lipgloss.NewStyle().Foreground(p.Error).Bold(true)
	s.Output.Stopped = lipgloss.NewStyle().Foreground(p.Warning).Bold(true)

	s.Gauge.Label = muted
	s.Gauge.Value = base
	s.Gauge.Fill = lipgloss.NewStyle().Foreground(p.GaugeFill)
	s.Gauge.Empty = lipgloss.NewStyle().Foreground(p.GaugeEmpty)
	s.Gauge.Warn = lipgloss.NewStyle().Foreground(p.Warning)
	s.Gauge.Full = lipgloss.NewStyle().Foreground(p.Error)

	s.Status.Bar = muted
	s.Status.Ready = lipgloss.NewStyle().Foreground(p.Success)
	s.Status.Busy = lipgloss.NewStyle().Foreground(p.Warning)
	s.Status.Error = lipgloss.NewStyle().Foreground(p.Error)
	s.Status.Key = lipgloss.NewStyle().Foreground(p.Accent)

	s.Dialog.Frame = lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(p.Focus).Padding(0, 1)
	s.Dialog.Title = s.Pane.Title
	s.Dialog.Item = base
	s.Dialog.Selected = lipgloss.NewStyle().Foreground(p.Accent).Bold(true)
	s.Dialog.Muted = muted

	s.Help.Key = lipgloss.NewStyle().Foreground(p.Accent)
	s.Help.Desc = muted
	s.Help.Separator = muted

	s.Diff.Added = lipgloss.NewStyle().Foreground(p.DiffAdded)
	s.Diff.Removed = lipgloss.NewStyle().Foreground(p.DiffRemoved)
	s.Diff.Header = lipgloss.NewStyle().Foreground(p.Accent).Bold(true)

	code := func(c color.Color) lipgloss.Style { return lipgloss.NewStyle().Foreground(c) }
	s.Code.Text, s.Code.Keyword, s.Code.String, s.Code.Number = base, code(p.Keyword).Bold(true), code(p.String), code(p.Number)
	s.Code.Comment, s.Code.Function, s.Code.Builtin, s.Code.Operator = code(p.Comment).Italic(true), code(p.Function), code(p.Builtin), code(p.Operator)

	s.TooSmall = lipgloss.NewStyle().Foreground(p.Warning).Bold(true)
	if p.Plain {
		plain(&s)
	}
	return s
}

// plain marks, without color, what color would have: the focused pane's
// title and the selected item in reverse video, outcomes in bold.
func plain(s *Styles) {
	s.Pane.FocusedTitle = lipgloss.NewStyle().Reverse(true).Bold(true)
	s.Dialog.Selected = lipgloss.NewStyle().Reverse(true)
	s.Gauge.Full = lipgloss.NewStyle().Bold(true)
	s.Diff.Header = lipgloss.NewStyle().Bold(true)
	s.Code.Keyword = lipgloss.NewStyle().Bold(true)
	s.Editor.Cursor = lipgloss.NewStyle().Reverse(true)
	s.Editor.Match = lipgloss.NewStyle().Underline(true)
	s.Editor.Mark = lipgloss.NewStyle().Bold(true)
}
