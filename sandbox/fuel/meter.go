package fuel

import (
	"errors"
	"fmt"
)

// frame is a control frame (function body, block, loop or if) of the body
// being decoded.
type frame struct {
	kind     opKind // kindBlock, kindLoop, kindIf, or kindCall for the function body
	targeted bool   // some branch targets this frame's label
	reach    bool   // the frame's first instruction is reachable
}

// charge is a point where injected code goes: before instruction at, subtract
// cost from the fuel global, then, if check is set, refill when negative.
type charge struct {
	at    int
	cost  int64
	check bool
}

// meter decodes and plans one function body at a time. Its slices are
// reused across functions to keep instrumentation of large modules cheap.
type meter struct {
	body    []byte
	locals  int // length of the locals declarations at the start of body
	ops     []instr
	table   []uint32
	frames  []frame
	stack   []int
	charges []charge
	// entryEndsInCall is set when the entry stretch ends at a direct call,
	// which disqualifies the function from having its entry prepaid (the
	// prepaid amount would otherwise have to chain through callees).
	entryEndsInCall bool
}

// decode splits body into instructions and computes, for every block, whether
// any branch targets its label. Blocks nobody branches to are only left by
// falling through, so their end does not start a new stretch.
func (m *meter) decode(body []byte) error {
	m.body, m.ops, m.frames, m.stack = body, m.ops[:0], m.frames[:0], m.stack[:0]
	r := &reader{b: body}
	groups, err := r.u32()
	if err != nil {
		return fmt.Errorf("locals: %w", err)
	}
	for i := uint32(0); i < groups; i++ {
		if _, err := r.u32(); err != nil {
			return fmt.Errorf("locals: %w", err)
		}
		if _, err = r.byte(); err != nil {
			return fmt.Errorf("locals: %w", err)
		}
	}
	m.locals = r.pos
	m.frames = append(m.frames, frame{kind: kindCall})
	m.stack = append(m.stack, 0)
	for len(m.stack) > 0 {
		m.table = m.table[:0]
		in, err := decodeOp(r, &m.table)
		if err != nil {
			return fmt.Errorf("offset %d: %w", in.start, err)
		}
		switch in.kind {
		case kindBlock, kindLoop, kindIf:
			in.imm = uint32(len(m.frames))
			m.stack = append(m.stack, len(m.frames))
			m.frames = append(m.frames, frame{kind: in.kind})
		case kindElse:
			if f := &m.frames[m.stack[len(m.stack)-1]]; f.kind != kindIf {
				return fmt.Errorf("offset %d: else outside if", in.start)
			}
		case kindEnd:
			in.imm = uint32(m.stack[len(m.stack)-1])
			m.stack = m.stack[:len(m.stack)-1]
		case kindBr, kindBrIf:
			if err = m.target(in.imm); err != nil {
				return fmt.Errorf("offset %d: %w", in.start, err)
			}
		case kindBrTable:
			for _, l := range m.table {
				if err = m.target(l); err != nil {
					return fmt.Errorf("offset %d: %w", in.start, err)
				}
			}
		}
		m.ops = append(m.ops, in)
	}
	if !r.eof() {
		return errors.New("trailing bytes after function end")
	}
	return nil
}

// target marks the frame a branch of the given depth targets.
func (m *meter) target(depth uint32) error {
	if uint64(depth) >= uint64(len(m.stack)) {
		return fmt.Errorf("branch depth %d out of range", depth)
	}
	m.frames[m.stack[len(m.stack)-1-int(depth)]].targeted = true
	return nil
}

// plan splits the decoded body into stretches and records one charge at the
// start of each.
//
// A stretch is a run of instructions that is only ever entered at its first
// instruction and, barring traps, runs to its last. New stretches start at
// the function entry, after loop (a backward branch target), after if and
// else (the arms), after the end of an if or of a block some branch targets,
// after br_if (its fall-through), and after every call (so that checks in the
// callee see exactly what the caller executed so far). The cost of each
// stretch is paid up front, which gives a running total that is exact at
// every check and on normal completion.
//
// prepaid(callee) is the entry-stretch cost a direct call site pays on its
// callee's behalf (zero when the callee pays for itself); it is added to the
// stretch that ends at the call.
func (m *meter) plan(prepaid func(callee uint32) int64, checkAfterCall bool) {
	m.charges = m.charges[:0]
	m.entryEndsInCall = false
	m.stack = m.stack[:0]
	cur := -1 // index of the current stretch's charge, -1 when unreachable
	start := func(at int, check bool) {
		m.charges = append(m.charges, charge{at: at, check: check})
		cur = len(m.charges) - 1
	}
	live := true
	start(0, true)
	m.stack = append(m.stack, 0)
	m.frames[0].reach = true
	for i := range m.ops {
		in := &m.ops[i]
		if live {
			m.charges[cur].cost += int64(in.cost)
		}
		switch in.kind {
		case kindBlock:
			m.open(in.imm, live)
		case kindLoop:
			m.open(in.imm, live)
			if live {
				start(i+1, true)
			}
		case kindIf:
			m.open(in.imm, live)
			if live {
				start(i+1, false)
			}
		case kindElse:
			// The else arm is entered from the if, not from the then arm.
			live = m.frames[m.stack[len(m.stack)-1]].reach
			cur = -1
			if live {
				start(i+1, false)
			}
		case kindEnd:
			f := m.frames[in.imm]
			m.stack = m.stack[:len(m.stack)-1]
			switch f.kind {
			case kindBlock:
				if f.targeted && f.reach {
					live = true
					start(i+1, false)
				}
			case kindIf:
				// Reached from either arm or, without else, from the if
				// itself. Assuming so when neither arm falls through only
				// costs a charge in dead code.
				live = f.reach
				cur = -1
				if live {
					start(i+1, false)
				}
			}
		case kindBr, kindBrTable, kindReturn, kindUnreachable:
			live, cur = false, -1
		case kindBrIf:
			if live {
				start(i+1, false)
			}
		case kindCall, kindCallIndirect:
			if live {
				if in.kind == kindCall {
					m.charges[cur].cost += prepaid(in.imm)
					if cur == 0 {
						m.entryEndsInCall = true
					}
				}
				start(i+1, checkAfterCall)
			}
		}
	}
}

// open pushes frame id, recording whether its first instruction is reachable.
func (m *meter) open(id uint32, live bool) {
	m.frames[id].reach = live
	m.stack = append(m.stack, int(id))
}
