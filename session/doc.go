// Package session turns sandbox runs into what people see and keep: the
// headless `pyplay run`, outcome wording, exit statuses and JSON reports.
// Later it also holds the run history. It never imports a UI library; the
// TUI and the CLI both sit on top of it.
package session
