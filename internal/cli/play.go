package cli

import (
	"context"
	"errors"
	"flag"
	"io"
	"path/filepath"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/pyplay/pyplay/sandbox"
	"github.com/pyplay/pyplay/session"
	"github.com/pyplay/pyplay/session/config"
	"github.com/pyplay/pyplay/session/history"
	"github.com/pyplay/pyplay/themes"
	"github.com/pyplay/pyplay/ui"
)

var playCommand = Command{
	Name:  "",
	Args:  "[flags] [FILE]",
	Short: "open the playground on FILE, on code piped to stdin (pbpaste | pyplay), or on an empty editor",
	Long: `FILE may be Python or an LLM's Markdown answer (its Python blocks load); a
FILE that does not exist yet is created by the first save. F1 in the
playground lists the keys.`,
	Setup: setupPlay,
}

func setupPlay(env *Env, fs *flag.FlagSet) func(context.Context, []string) error {
	pythonWasm := fs.String("python-wasm", "", "python.wasm to run instead of the cached one")
	theme := fs.String("theme", env.Config.Theme, "color theme: "+strings.Join(themes.Names(), ", "))
	var paths dirList
	fs.Var(&paths, "path", "directory of pure-Python packages the program may import (repeatable)")
	return func(ctx context.Context, files []string) error {
		if len(files) > 1 {
			return usagef("want at most one FILE, got %d (did you mean 'pyplay run'?)", len(files))
		}
		if _, err := themes.ByName(*theme, true); err != nil {
			return usageError{err}
		}
		if !env.IO.OutTerminal {
			return failf(ExitUsage, "the playground needs a terminal; for scripts use 'pyplay run FILE'")
		}
		opts := ui.Options{ThemeName: *theme, NoColor: env.IO.Getenv("NO_COLOR") != "", Limits: env.Config.Limits, Keys: ui.DefaultKeyMap(), Examples: env.Examples, Getenv: env.IO.Getenv}
		var notes []session.Note
		if env.ConfigErr != nil {
			notes = append(notes, session.Note{Kind: session.NoteConfig, Text: env.ConfigErr.Error()})
		}
		if err := opts.Keys.Override(env.Config.Keys); err != nil {
			notes = append(notes, session.Note{Kind: session.NoteConfig, Text: "config: " + err.Error()})
		}
		if env.ConfigErr == nil {
			path := env.Config.Path
			opts.SaveTheme = func(name string) error { return config.SaveTheme(path, name) }
		}
		input, note, err := env.loadPlayground(&opts, files)
		if err != nil {
			return err
		}
		if input != nil {
			defer input.Close()
		}
		if len(paths) == 0 {
			paths = env.Config.PythonPath
		}
		store, historyNotes := session.OpenHistoryForRuns(env.Config.Retain)
		notes = append(notes, historyNotes...)
		if note != nil {
			notes = append(notes, *note)
		}
		opts.Notes = notes // the status line: stderr is hidden by the full-screen UI
		engine := sandbox.NewEngine(sandbox.NewConfig().WithPythonWasm(*pythonWasm).WithPrestart(1).WithPythonPath(paths...))
		opts.Service = session.NewService(engine, store, session.RecordAs(session.Origin{Source: history.SourcePlayground}))
		defer opts.Service.Close(context.Background())

		progOpts := []tea.ProgramOption{tea.WithContext(ctx), tea.WithOutput(env.IO.Out)}
		if input != nil {
			progOpts = append(progOpts, tea.WithInput(input))
		} else {
			progOpts = append(progOpts, tea.WithInput(env.IO.In))
		}
		_, err = tea.NewProgram(ui.New(opts), progOpts...).Run()
		switch {
		case ctx.Err() != nil: // a signal, from outside: the keys are the UI's
			return exit(ExitCanceled)
		case err != nil:
			return failf(ExitFailure, "%v", err)
		}
		return nil
	}
}

// loadPlayground puts the code to open in opts: FILE's, or what was piped
// to stdin (keys then come from the terminal, opened as input).
func (env *Env) loadPlayground(opts *ui.Options, files []string) (input io.ReadCloser, note *session.Note, err error) {
	switch {
	case len(files) == 1:
		opts.Path = files[0]
		code, err := readInput(files[0], nil, defaultMaxInput, "the playground opens no more; use 'pyplay run --max-input SIZE FILE'")
		switch {
		case errors.Is(err, errNoSuchFile):
			opts.SaveToPath = true
			note = &session.Note{Text: "new file: ctrl+s creates " + files[0]}
		case err != nil:
			return nil, nil, failf(ExitUsage, "%v", err)
		default:
			// The status line names the file, not its path: the title has that.
			opts.Code, note = session.ExtractCodeToEdit(filepath.Base(files[0]), string(code))
			opts.SaveToPath = note == nil // never overwrite a Markdown answer with its code
		}
	case !env.IO.InTerminal:
		code, err := readInput("-", env.IO.In, defaultMaxInput, "the playground takes no more; use 'pyplay run --max-input SIZE -'")
		if err != nil {
			return nil, nil, failf(ExitUsage, "read stdin: %v", err)
		}
		opts.Code, note = session.ExtractCodeToEdit("", string(code))
		// Keys must come from the terminal now that stdin was the code.
		if env.IO.OpenTTY == nil {
			return nil, nil, failf(ExitUsage, "no terminal to read keys from")
		}
		if input, err = env.IO.OpenTTY(); err != nil {
			return nil, nil, failf(ExitUsage, "no terminal to read keys from: %v", err)
		}
	}
	if ui.LineCount(opts.Code) > ui.MaxLines {
		name := "the code piped in"
		if len(files) == 1 {
			name = files[0]
		}
		if input != nil {
			input.Close()
		}
		return nil, nil, failf(ExitUsage, "%s is longer than the %d lines the playground's editor holds: run it with 'pyplay run'", name, ui.MaxLines)
	}
	return input, note, nil
}
