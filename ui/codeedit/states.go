package codeedit

import "slices"

// stateCache keeps the lexer state each line ends in, so that the lines on
// screen can be colored without lexing the lines above them. It is kept
// right at every edit: lexing goes on from the edit only until a line past
// it ends in the state it ended in before (a typical keystroke changes no
// state at all), so typing costs a line or two however long the file.
// Opening a triple-quoted string at the top relexes the file below: then
// every line's state does change.
type stateCache struct {
	ends    []lexState
	scratch []span // reused by lexLine: computing states allocates nothing
}

// newStateCache lexes the whole buffer once.
func newStateCache(b *buffer) *stateCache {
	c := &stateCache{ends: make([]lexState, b.lineCount())}
	c.relex(b, 0, b.lineCount()-1)
	return c
}

// edited records that removed lines from line a were replaced by added.
func (c *stateCache) edited(b *buffer, a, removed, added int) {
	c.ends = slices.Replace(c.ends, a, a+removed, make([]lexState, added)...)
	c.relex(b, a, a+added-1)
}

// relex lexes from line from on, and past line changed (the last line
// whose text changed) stops at the first line whose end state is as it
// was.
func (c *stateCache) relex(b *buffer, from, changed int) {
	for j := from; j < len(c.ends); j++ {
		var end lexState
		c.scratch, end = lexLine(c.scratch[:0], b.line(j), c.start(j))
		if j > changed && end == c.ends[j] {
			return
		}
		c.ends[j] = end
	}
}

// start is the state line i starts in.
func (c *stateCache) start(i int) lexState {
	if i == 0 {
		return stateCode
	}
	return c.ends[i-1]
}
