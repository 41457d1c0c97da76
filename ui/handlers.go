package ui

import (
	"context"
	"errors"
	"fmt"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/pyplay/pyplay/internal/termsafe"
	"github.com/pyplay/pyplay/sandbox"
	"github.com/pyplay/pyplay/session"
	"github.com/pyplay/pyplay/session/history"
	"github.com/pyplay/pyplay/themes"
)

func (m Model) handleResize(msg tea.WindowSizeMsg) (tea.Model, tea.Cmd) {
	m.width, m.height = msg.Width, msg.Height
	m.layout()
	if d, ok := m.dialog.(resizer); ok {
		d.Resize(m.width, m.height)
	}
	return m, nil
}

func (m Model) handleKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	if m.dialog != nil {
		return m.handleDialogKey(msg)
	}
	if !key.Matches(msg, m.keys.Quit) && !key.Matches(msg, m.keys.Interrupt) {
		m.confirmQuit = false
	}
	// The editor takes tab and, while its find bar is open, every key but
	// the few that must always work: stop a run, quit, run.
	always := key.Matches(msg, m.keys.Interrupt, m.keys.Quit, m.keys.Run)
	if m.focus == focusEditor && m.editor.claims(msg) && !always {
		return m.handlePaneKey(msg)
	}
	switch {
	case key.Matches(msg, m.keys.Quit):
		return m.quit()
	case key.Matches(msg, m.keys.Interrupt):
		if m.running {
			return m.cancelRun()
		}
		return m.quitAsking(msg)
	case key.Matches(msg, m.keys.ExternalEditor):
		return m.editExternally()
	case key.Matches(msg, m.keys.Follow):
		return m.toggleFollow()
	case key.Matches(msg, m.keys.Run):
		return m.startRun()
	case key.Matches(msg, m.keys.Cancel):
		return m.cancelRun()
	case key.Matches(msg, m.keys.NextFocus):
		return m.moveFocus(1), nil
	case key.Matches(msg, m.keys.PrevFocus):
		return m.moveFocus(int(focusAreas) - 1), nil
	case key.Matches(msg, m.keys.Save):
		return m.save()
	case key.Matches(msg, m.keys.Examples):
		m.dialog = newExamplesDialog(m.examples, m.editor.dirty, m.keys)
		return m, nil
	case key.Matches(msg, m.keys.Limits):
		m.dialog = newLimitsDialog(m.limits, m.keys)
		return m, nil
	case key.Matches(msg, m.keys.History):
		return m.openHistory()
	case key.Matches(msg, m.keys.Theme):
		return m.nextTheme()
	case key.Matches(msg, m.keys.Help):
		m.dialog = newHelpDialog(m.keys)
		return m, nil
	}
	return m.handlePaneKey(msg)
}

// handlePaneKey gives a key the focused pane did not leave to the app.
func (m Model) handlePaneKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	switch m.focus {
	case focusEditor:
		return m, m.editor.handleKey(msg)
	case focusStdin:
		var cmd tea.Cmd
		m.stdin, cmd = m.stdin.Update(msg)
		return m, cmd
	default:
		return m.handleOutputKey(msg)
	}
}

// handleOutputKey scrolls the output pane, copies from it, or takes the
// editor to the traceback's line.
func (m Model) handleOutputKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	switch {
	case key.Matches(msg, m.keys.Jump):
		if n, ok := m.output.lastSnippetLine(); ok {
			return m.jumpToLine(n)
		}
		m.status = "no traceback line of the snippet in the output"
		return m, nil
	case key.Matches(msg, m.keys.Copy):
		return m.copyOutput()
	case key.Matches(msg, m.keys.CopyTraceback):
		return m.copyTraceback()
	}
	return m, m.scrollOutput(msg)
}

func (m *Model) scrollOutput(msg tea.KeyPressMsg) tea.Cmd {
	v := &m.output.view
	switch {
	case key.Matches(msg, m.keys.ScrollUp):
		v.ScrollUp(1)
	case key.Matches(msg, m.keys.ScrollDown):
		v.ScrollDown(1)
	case key.Matches(msg, m.keys.PageUp):
		v.PageUp()
	case key.Matches(msg, m.keys.PageDown):
		v.PageDown()
	case key.Matches(msg, m.keys.Top):
		v.GotoTop()
	case key.Matches(msg, m.keys.Bottom):
		v.GotoBottom()
	}
	return nil
}

// handleDialogKey gives a key to the open dialog; a dialog that asks for
// something closes, and the model does it.
func (m Model) handleDialogKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	act, cmd := m.dialog.Update(msg)
	if act == nil {
		return m, cmd
	}
	m.dialog = nil
	next, actCmd := m.handleDialogAction(act)
	return next, tea.Batch(cmd, actCmd)
}

// handlePaste inserts pasted text into the focused pane; an LLM answer
// pasted into the editor is reduced to its Python blocks.
func (m Model) handlePaste(msg tea.PasteMsg) (tea.Model, tea.Cmd) {
	switch {
	case m.dialog != nil:
		return m, nil
	case m.focus == focusStdin:
		text := normalizeNewlines(msg.Content)
		if !fits(m.stdin, text) {
			m.status = tooLong("the paste", LineCount(text), "use 'pyplay run --stdin FILE'")
			return m, nil
		}
		m.stdin.InsertString(text)
	case m.focus == focusEditor && m.editor.code.BarOpen():
		m.editor.code.PasteIntoBar(normalizeNewlines(msg.Content)) // a word to find, not code
	case m.focus == focusEditor:
		// Terminals send a paste's line breaks as CR.
		code, note := session.ExtractCode("", normalizeNewlines(msg.Content))
		if !m.editor.fits(code) {
			m.status = tooLong("the paste", LineCount(code), "save it to a file and use 'pyplay run FILE'")
			return m, nil
		}
		m.editor.paste(code)
		if note != nil {
			m.status = "pasted Markdown: kept its Python blocks"
		}
	}
	return m, nil
}

// tooLong says that what of lines lines was not taken, and what to do.
func tooLong(what string, lines int, instead string) string {
	return fmt.Sprintf("not inserted: %s has %d lines, and a pane holds %d in all; %s", what, lines, MaxLines, instead)
}

// handleSpinner keeps the spinner turning while the engine prepares or a
// run is going, and reads the engine's stage for the status line.
func (m Model) handleSpinner(msg spinner.TickMsg) (tea.Model, tea.Cmd) {
	m.engineStage = m.service.Engine().Stage()
	if !m.busy() {
		return m, nil // idle: no timer keeps the process awake
	}
	var cmd tea.Cmd
	m.spinner, cmd = m.spinner.Update(msg)
	return m, cmd
}

// busy is when the spinner turns: the engine is preparing or a run is going.
func (m Model) busy() bool {
	return m.running || (m.engineErr == nil && m.engineStage != sandbox.StageReady && m.engineStage != sandbox.StageFailed)
}

func (m Model) handleEngineReady(msg engineReadyMsg) (tea.Model, tea.Cmd) {
	m.engineErr = msg.err
	m.engineStage = m.service.Engine().Stage()
	return m, nil
}

// startRun runs the editor's code with the stdin pane and the limits.
func (m Model) startRun() (tea.Model, tea.Cmd) {
	return m.startRequest(sandbox.Request{
		Code: m.editor.value(), Stdin: []byte(m.stdin.Value()),
		Limits: m.limits.limits, Deterministic: m.limits.deterministic,
	})
}

// startRequest runs req in a new instance. A run still going is cancelled
// first: the newest code is what the user wants to see.
func (m Model) startRequest(req sandbox.Request) (tea.Model, tea.Cmd) {
	if m.engineErr != nil {
		m.status = "cannot run: " + m.engineErr.Error()
		return m, nil
	}
	restarted := m.running || m.runCancel != nil
	m.stopRun()
	ctx, cancel := context.WithCancel(context.Background())
	m.runSeq++
	m.runCancel = cancel
	m.running = true
	m.live = nil
	m.gauges = gauges{limits: req.Limits, deterministic: req.Deterministic}
	m.output.reset()
	m.status = ""
	if restarted {
		m.status = "previous run canceled; running the new code"
	}
	if m.engineStage != sandbox.StageReady {
		m.output.note("waiting for python.wasm (" + m.engineStage.String() + ")…")
	}
	return m, tea.Batch(
		startRunCmd(ctx, m.service, m.runSeq, req),
		m.spinner.Tick,
	)
}

// stopRun cancels the run in flight, if any; its late messages are dropped
// by their id.
func (m *Model) stopRun() {
	if m.runCancel != nil {
		m.runCancel()
		m.runCancel = nil
	}
	m.running = false
}

func (m Model) cancelRun() (tea.Model, tea.Cmd) {
	if !m.running {
		return m, nil
	}
	m.status = "" // e.g. "previous run canceled; running the new code" no longer holds
	if m.live != nil {
		m.live.Cancel() // its done message closes the output with "canceled"
		return m, nil
	}
	m.stopRun() // still waiting for the engine
	m.output.closing("canceled before it started", m.st.Output.Stopped)
	return m, nil
}

func (m Model) handleRunStarted(msg runStartedMsg) (tea.Model, tea.Cmd) {
	if msg.seq != m.runSeq {
		if msg.live != nil {
			msg.live.Cancel()
		}
		return m, nil
	}
	if msg.err != nil {
		m.running, m.runCancel = false, nil
		if !errors.Is(msg.err, context.Canceled) {
			m.output.closing("could not run: "+msg.err.Error(), m.st.Output.Failed)
		}
		return m, nil
	}
	m.live = msg.live
	return m, tea.Batch(runTickCmd(msg.live.ID), waitRunCmd(msg.live))
}

func (m Model) handleRunTick(msg runTickMsg) (tea.Model, tea.Cmd) {
	if m.live == nil || msg.id != m.live.ID || !m.running {
		return m, nil
	}
	m.output.add(m.live.Drain())
	m.gauges.stats = m.live.Stats()
	return m, runTickCmd(msg.id)
}

func (m Model) handleRunDone(msg runDoneMsg) (tea.Model, tea.Cmd) {
	if m.live == nil || msg.id != m.live.ID {
		return m, nil
	}
	res := msg.done.Result
	m.output.add(m.live.Drain())
	m.running, m.runCancel = false, nil
	if msg.done.Err != nil { // the host's failure: nothing ran
		m.output.closing("could not run: "+msg.done.Err.Error(), m.st.Output.Failed)
		return m, nil
	}
	m.gauges.stats = finalStats(res)
	m.output.closing(closingLine(res, m.live.Request.Limits), m.outcomeStyle(res.Outcome))
	if session.StoppedBy(res) != "" {
		m.status = m.keys.Limits.Help().Key + " changes the limits"
	}
	if len(msg.done.Notes) > 0 { // what became of the run's record
		m.status = joinNotes(msg.done.Notes)
	}
	return m, nil
}

// finalStats are the gauges' figures for a run that ended as res says.
func finalStats(res sandbox.Result) sandbox.Stats {
	return sandbox.Stats{Elapsed: res.Wall, FuelUsed: res.FuelUsed, MemoryCurrent: res.MemoryPeak, MemoryPeak: res.MemoryPeak, Done: true}
}

// closingLine is the output's last line: the outcome in words and figures,
// each figure once: a fuel stop already says how much fuel it used.
func closingLine(res sandbox.Result, limits sandbox.Limits) string {
	text := session.OutcomeText(res, limits)
	fuelSaid := res.Outcome == sandbox.OutcomeFuelExhausted && res.Message == "" // "after 400,000,000 units"
	if session.Metered(res) && !fuelSaid {
		text += " · fuel " + shortCount(res.FuelUsed)
	}
	return text + " · " + formatElapsed(res.Wall)
}

func (m Model) handleSaved(msg savedMsg) (tea.Model, tea.Cmd) {
	m.overwriteOK = ""
	if errors.Is(msg.err, errFileExists) {
		m.overwriteOK = msg.path // the same path again means yes
	}
	if msg.err != nil {
		m.status = "not saved: " + msg.err.Error()
		prompt, cmd := newSavePrompt(m.keys)
		prompt.input.SetValue(msg.path)
		prompt.err = msg.err.Error()
		m.dialog = prompt
		return m, cmd
	}
	m.editor.path, m.editor.dirty = msg.path, false
	m.status = "saved " + cutLeft(termsafe.String(msg.path), max(m.width/2, 20)) // the file's name, not the path's start
	return m, nil
}

func (m Model) save() (tea.Model, tea.Cmd) {
	if m.editor.path != "" { // the file the code came from, or was saved to
		return m, saveCmd(m.editor.path, m.editor.value(), true)
	}
	prompt, cmd := newSavePrompt(m.keys)
	m.dialog = prompt
	return m, cmd
}

// quit asks once more when the editor has unsaved changes.
func (m Model) quit() (tea.Model, tea.Cmd) {
	if m.editor.dirty && !m.confirmQuit {
		m.confirmQuit = true
		m.status = "unsaved changes: " + m.keys.Save.Help().Key + " saves, " + m.keys.Quit.Help().Key + " again quits"
		return m, nil
	}
	return m.quitNow()
}

// quitAsking quits on the second press of the key msg: ctrl+c is pressed
// out of habit to stop things, and must not close the playground at once.
func (m Model) quitAsking(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	if !m.confirmQuit {
		m.confirmQuit = true
		m.status = "nothing is running: " + msg.String() + " again quits"
		if m.editor.dirty {
			m.status = "unsaved changes: " + m.keys.Save.Help().Key + " saves, " + msg.String() + " again quits"
		}
		return m, nil
	}
	return m.quitNow()
}

// quitNow stops the run and ends the program.
func (m Model) quitNow() (tea.Model, tea.Cmd) {
	m.stopRun()
	if m.live != nil {
		m.live.Cancel()
	}
	return m, tea.Quit
}

func (m Model) moveFocus(step int) Model {
	m.focusOn((m.focus + focusArea(step)) % focusAreas)
	return m
}

// focusOn gives the keys to area: its text field takes them and the others
// stop showing a cursor.
func (m *Model) focusOn(area focusArea) {
	m.focus = area
	m.editor.code.Blur()
	m.stdin.Blur()
	switch area {
	case focusEditor:
		m.editor.code.Focus()
	case focusStdin:
		m.stdin.Focus()
	}
}

func (m Model) outcomeStyle(o sandbox.Outcome) lipgloss.Style { return outcomeStyle(m.st, o) }

// outcomeStyle is how an outcome is colored wherever it is shown, in a
// closing line or the history list: green ok, red failures, the warning
// color for a stop.
func outcomeStyle(st *themes.Styles, o sandbox.Outcome) lipgloss.Style {
	switch o {
	case sandbox.OutcomeOK:
		return st.Output.OK
	case sandbox.OutcomeError, sandbox.OutcomeCrashed:
		return st.Output.Failed
	}
	return st.Output.Stopped
}

func (m Model) openHistory() (tea.Model, tea.Cmd) {
	store := m.service.History()
	if store == nil {
		m.status = "history unavailable: runs are not being recorded"
		return m, nil
	}
	return m, loadHistoryCmd(store)
}

func (m Model) handleHistoryLoaded(msg historyLoadedMsg) (tea.Model, tea.Cmd) {
	if msg.err != nil {
		m.status = msg.err.Error()
		return m, nil
	}
	d := newHistoryDialog(m.st, msg.recs, m.editor.dirty, m.keys, m.width, m.height)
	d.fetch = previewFetcher(m.service.History())
	m.dialog = d
	return m, d.fetchPreview()
}

// historyAction does what was asked of a run in the history dialog.
func (m Model) historyAction(action historyAction, rec history.Record, marked *history.Record) (tea.Model, tea.Cmd) {
	switch action {
	case historyView, historyDiffPrevious, historyDiffMarked:
		if m.running { // the live run's output would mix with it
			m.status = "a run is going: wait for it, or " + m.keys.Cancel.Help().Key + " cancels it, then view or diff"
			return m, nil
		}
	}
	// The list holds brief records: read the runs acted on whole.
	var err error
	if rec, err = fullRecord(m.service.History(), rec); err == nil && marked != nil {
		var full history.Record
		full, err = fullRecord(m.service.History(), *marked)
		marked = &full
	}
	if err != nil {
		m.status = err.Error()
		return m, nil
	}
	switch action {
	case historyLoad:
		if LineCount(rec.Code) > MaxLines || LineCount(string(rec.Stdin)) > MaxLines {
			m.status = fmt.Sprintf("run #%d is too long for the editor (%d lines at most): use 'pyplay show %d' or 'pyplay rerun %d'", rec.ID, MaxLines, rec.ID, rec.ID)
			return m, nil
		}
		if needsEscapes(string(rec.Stdin)) { // escapes would change what the program reads
			m.status = fmt.Sprintf("run #%d's stdin has bytes the stdin pane cannot hold: 'pyplay rerun %d' runs it exactly", rec.ID, rec.ID)
			return m, nil
		}
		escaped := m.editor.load("", rec.Code)
		m.editor.origin = fmt.Sprintf("run #%d", rec.ID)
		m.stdin.SetValue(string(rec.Stdin))
		m.limits = limitsFor(rec.Limits, rec.Deterministic)
		if !m.running { // the gauges show the limits in force, as after F3
			m.gauges = gauges{limits: m.limits.limits, deterministic: m.limits.deterministic}
		}
		m.focusOn(focusEditor)
		m.status = fmt.Sprintf("loaded run #%d with its stdin and limits", rec.ID)
		if escaped > 0 {
			m.status += " · " + escapedNote(escaped)
		}
	case historyView:
		m.output.reset()
		m.output.note(fmt.Sprintf("run #%d, %s (recorded)", rec.ID, rec.StartedAt.Format("2006-01-02 15:04:05")))
		m.output.add(chunksOf(rec))
		m.output.closing(closingLine(rec.Result, rec.Limits), m.outcomeStyle(rec.Result.Outcome))
		// The gauges show the run's figures against its own limits.
		m.gauges = gauges{of: fmt.Sprintf("run #%d", rec.ID), limits: rec.Limits, deterministic: rec.Deterministic, stats: finalStats(rec.Result)}
		m.status = fmt.Sprintf("run #%d's recorded output", rec.ID)
	case historyRerun:
		next, runCmd := m.startRequest(rec.Request())
		rerun := next.(Model)
		rerun.gauges.of = fmt.Sprintf("rerun of #%d", rec.ID)
		rerun.output.note(fmt.Sprintf("rerun of run #%d, as it was", rec.ID))
		return rerun, runCmd
	case historyDiffPrevious, historyDiffMarked: // the dialog found the run to compare with
		if marked == nil {
			return m, nil
		}
		return m.handleDiffReady(diffReadyMsg{cmp: session.Compare(*marked, rec)})
	}
	return m, nil
}

// fullRecord is rec with its output, stdin and whole code.
func fullRecord(store *history.Store, rec history.Record) (history.Record, error) {
	if !rec.Brief || store == nil {
		return rec, nil
	}
	return store.Get(context.Background(), rec.ID)
}

// handleDiffReady shows a comparison in the output pane.
func (m Model) handleDiffReady(msg diffReadyMsg) (tea.Model, tea.Cmd) {
	if msg.err != nil {
		m.status = msg.err.Error()
		return m, nil
	}
	m.output.reset()
	msg.cmp.Width = m.output.width // a figure's delta stays with it
	m.output.writeLines(renderComparison(m.st, msg.cmp))
	m.output.view.GotoTop()
	m.focusOn(focusOutput)
	m.status = fmt.Sprintf("diff of run #%d and run #%d", msg.cmp.Old.ID, msg.cmp.New.ID)
	return m, nil
}
