package codeedit

// edit is one change, enough to undo and redo it: the text that was at at
// (removed) was replaced by inserted.
type edit struct {
	at                Pos
	removed, inserted string
	// before and after are the cursor around the change.
	before, after Pos
}

// editKind says how an edit may join the step before it on the undo stack.
type editKind int

const (
	kindOther     editKind = iota // a step of its own: paste, load, enter, indent…
	kindTypeWord                  // a word character typed
	kindTypeSpace                 // another character typed
	kindDelete                    // backspace or delete of one character
)

// step is what one undo undoes: typing is grouped into words, a paste or a
// load is one step.
type step struct {
	edits []edit
	kind  editKind
}

// history is the undo and redo stacks.
type history struct {
	undo, redo []step
	// open is set while the last step may still grow (typing goes on).
	open bool
}

// maxSteps bounds the undo stack: a long session must not keep every
// keystroke forever.
const maxSteps = 1000

// record adds e. A word character joins a step of typing that has not
// been broken (by a move, another kind of edit or the start of a new word);
// deletes join deletes.
func (h *history) record(e edit, kind editKind) {
	h.redo = h.redo[:0]
	if n := len(h.undo); h.open && n > 0 && joins(h.undo[n-1], e, kind) {
		last := &h.undo[n-1]
		last.edits = append(last.edits, e)
		last.kind = kind
		return
	}
	h.undo = append(h.undo, step{edits: []edit{e}, kind: kind})
	if len(h.undo) > maxSteps {
		h.undo = append(h.undo[:0], h.undo[len(h.undo)-maxSteps:]...)
	}
	h.open = kind != kindOther
}

// joins reports whether e, of kind, continues last.
func joins(last step, e edit, kind editKind) bool {
	prev := last.edits[len(last.edits)-1]
	if prev.after != e.before {
		return false
	}
	switch kind {
	case kindTypeWord: // a word starts after a space: a step of its own
		return last.kind == kindTypeWord
	case kindTypeSpace:
		return last.kind == kindTypeWord || last.kind == kindTypeSpace
	case kindDelete:
		return last.kind == kindDelete
	}
	return false
}

// breakStep ends the open step: the next edit starts a new one.
func (h *history) breakStep() { h.open = false }
