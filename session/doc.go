// Package session is runs as users see them, for every front end: the
// run service (Service: an engine, the history and the goroutines that
// record runs), the history of runs (session/history), the configuration
// (session/config), comparisons of two runs, outcome wording, and the JSON
// forms of a run (Report) and of a recorded run (HistoryEntry).
//
// What a front end must tell its user comes back as Notes, never printed
// here: the command line (internal/cli), the playground (ui) and a tool
// server each word them their own way. It never imports a UI library.
package session
