// Package ui is pyplay's playground: an editor, a stdin pane and an output
// pane over one sandbox engine, with live fuel and memory gauges.
//
// One root Model routes messages to small handlers; the panes are plain
// structs. Nothing here does I/O in Update: running, waiting and saving
// happen in tea.Cmds.
package ui

import (
	"os"
	"strings"

	"context"
	"io/fs"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/spinner"
	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"

	"github.com/pyplay/pyplay/sandbox"
	"github.com/pyplay/pyplay/session"
	"github.com/pyplay/pyplay/themes"
)

// Minimum terminal size; below it the playground asks to be made bigger.
const (
	MinWidth  = 80
	MinHeight = 24
)

// focusArea is the pane that receives keys.
type focusArea int

const (
	focusEditor focusArea = iota
	focusStdin
	focusOutput
	focusAreas
)

// Options configure a new playground.
type Options struct {
	// Service runs and records the playground's runs; the playground does
	// not close it.
	Service *session.Service
	// Path and Code are the snippet to open; Path may be empty (code piped
	// in, or none).
	Path, Code string
	// Notes are shown once in the status line (the history was replaced,
	// which Markdown blocks were kept, the config's mistakes).
	Notes []session.Note
	// SaveToPath is false when Code was extracted from Path (a Markdown
	// answer): ctrl+s must then ask for a new file, not overwrite it.
	SaveToPath bool
	// Examples is the file system of built-in demos.
	Examples fs.FS
	// ThemeName is a name from themes.Names; NoColor (NO_COLOR) overrides it.
	ThemeName string
	NoColor   bool
	// Limits are the limits a run starts with (the config file's defaults).
	Limits sandbox.Limits
	// SaveTheme, when set, keeps the theme chosen with the theme key for
	// the next start (it writes the config file). It runs in a tea.Cmd.
	SaveTheme func(name string) error
	// Getenv reads the environment ($VISUAL, $EDITOR); nil is os.Getenv.
	Getenv func(string) string
	Keys   KeyMap
}

// Model is the playground's root model.
type Model struct {
	keys KeyMap
	// st is this model's own: a theme change builds new styles, so a copy
	// of the model taken before keeps drawing with the old ones.
	st      *themes.Styles // never written through: a theme change makes new ones
	service *session.Service

	width, height int
	focus         focusArea
	editor        editor
	stdin         textarea.Model
	output        outputPane
	help          help.Model
	spinner       spinner.Model

	engineStage sandbox.Stage
	engineErr   error

	limits        limitsChoice
	exampleLimits exampleLimits // what an example's own limits replaced

	// The current or last run. runSeq numbers run requests; runCancel stops
	// the request in flight, whether it is waiting for the engine or running.
	runSeq    int
	runCancel context.CancelFunc
	live      *session.LiveRun
	running   bool
	gauges    gauges

	examples []example
	dialog   dialog // the open dialog, which takes every key; nil when none is

	status      string // a transient message: saved, canceled, an error
	confirmQuit bool
	overwriteOK string // the existing file the user was warned a save-as overwrites

	themeName string
	noColor   bool
	darkBg    bool // the terminal's background, as it answered
	saveTheme func(string) error
	getenv    func(string) string
	// dragging is set while the mouse button, pressed in the output,
	// selects lines.
	dragging bool
	// watch follows the history for runs other processes record.
	watch watcher
}

// New returns the playground model.
func New(opts Options) Model {
	palette, err := themes.ByName(opts.ThemeName, true)
	if err != nil {
		palette = themes.Default(true)
	}
	if opts.NoColor {
		palette = themes.NoColor()
	}
	st := themes.NewStyles(palette)
	if opts.Limits == (sandbox.Limits{}) {
		opts.Limits = sandbox.DefaultLimits()
	}
	if opts.Keys.Run.Keys() == nil {
		opts.Keys = DefaultKeyMap()
	}
	m := Model{
		keys:      opts.Keys,
		st:        &st,
		service:   opts.Service,
		editor:    newEditor(st, editorKeys(opts.Keys)),
		stdin:     newTextarea(st, "stdin for the program (optional)"),
		output:    newOutputPane(&st),
		help:      themedHelp(help.New(), &st),
		spinner:   spinner.New(spinner.WithSpinner(spinner.Points)), // plain glyphs: braille is missing from many fonts
		limits:    limitsFor(opts.Limits, false),
		examples:  loadExamples(opts.Examples),
		status:    joinNotes(opts.Notes),
		themeName: palette.Name,
		noColor:   opts.NoColor,
		darkBg:    true,
		saveTheme: opts.SaveTheme,
		getenv:    opts.Getenv,
	}
	if m.getenv == nil {
		m.getenv = os.Getenv
	}
	if n := m.editor.open(opts.Path, opts.Code); n > 0 {
		opts.SaveToPath = false // the escapes must not replace the file's bytes unasked
		m.status = strings.TrimPrefix(m.status+" · "+escapedNote(n), " · ")
	}
	if !opts.SaveToPath {
		m.editor.path = ""
		m.editor.source = opts.Path // the title still names the file
	}
	// Code piped in exists nowhere else: quitting must not lose it silently.
	m.editor.dirty = opts.Path == "" && opts.Code != ""
	m.gauges.limits = m.limits.limits
	return m
}

// Init starts the engine's provisioning and compiling in the background, so
// the playground is on screen at once.
func (m Model) Init() tea.Cmd {
	m.service.Engine().Prepare()
	return tea.Batch(waitEngineCmd(m.service.Engine()), m.spinner.Tick, tea.RequestBackgroundColor, m.watchCmd())
}

// Update routes each message to its handler.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		return m.handleResize(msg)
	case tea.KeyPressMsg:
		return m.handleKey(msg)
	case tea.PasteMsg:
		return m.handlePaste(msg)
	case tea.MouseWheelMsg:
		return m.handleMouseWheel(msg)
	case tea.MouseClickMsg:
		return m.handleMouseClick(msg)
	case tea.MouseMotionMsg:
		return m.handleMouseMotion(msg)
	case tea.MouseReleaseMsg:
		return m.handleMouseRelease(msg)
	case spinner.TickMsg:
		return m.handleSpinner(msg)
	case engineReadyMsg:
		return m.handleEngineReady(msg)
	case runStartedMsg:
		return m.handleRunStarted(msg)
	case runTickMsg:
		return m.handleRunTick(msg)
	case runDoneMsg:
		return m.handleRunDone(msg)
	case savedMsg:
		return m.handleSaved(msg)
	case historyLoadedMsg:
		return m.handleHistoryLoaded(msg)
	case diffReadyMsg:
		return m.handleDiffReady(msg)
	case tea.BackgroundColorMsg:
		return m.handleBackgroundColor(msg)
	case themeSavedMsg:
		return m.handleThemeSaved(msg)
	case externalEditedMsg:
		return m.handleExternalEdited(msg)
	case historyPreviewMsg:
		if d, ok := m.dialog.(*historyDialog); ok {
			d.setPreview(msg)
		}
		return m, nil
	case watchTickMsg:
		return m, m.watchCmd()
	case watchedMsg:
		return m.handleWatched(msg)
	}
	return m, nil
}

// OutputText is the output pane's text without styling, for tests.
func (m Model) OutputText() string { return m.output.plain() }

// EditorText is the editor's content.
func (m Model) EditorText() string { return m.editor.value() }
