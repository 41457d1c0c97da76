package session

import (
	"github.com/pyplay/pyplay/session/history"
)

// OpenHistory opens the run history at its default path (retain is
// history.Open's). A damaged history it moved aside is told as a Note.
func OpenHistory(retain int) (*history.Store, []Note, error) {
	path, err := history.DefaultPath()
	if err != nil {
		return nil, nil, err
	}
	store, err := history.Open(path, retain)
	if err != nil {
		return nil, nil, err
	}
	var notes []Note
	if store.Recovered != "" {
		notes = append(notes, Note{Kind: NoteHistoryReplaced, Text: store.Recovered})
	}
	return store, notes, nil
}

// OpenHistoryForRuns opens the history for a front end that runs snippets,
// which must go on without one: when it cannot be opened, the store is nil
// and a Note says that runs are not recorded, and why.
func OpenHistoryForRuns(retain int) (*history.Store, []Note) {
	store, notes, err := OpenHistory(retain)
	if err != nil {
		return nil, []Note{{Kind: NoteHistoryUnavailable, Text: "history unavailable, runs are not recorded: " + err.Error()}}
	}
	return store, notes
}
