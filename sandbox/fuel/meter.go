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

	// Planning state for joins (see plan).
	origin   int  // charge of the stretch holding the block or if, -1 if unreachable
	observed bool // the frame holds a loop, or a call that is not to a leaf
	exit     int  // lowest control stack position its code branches to
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

// A hostile module must not take the host down: 2^32-1 locals, or a
// million nested loops, made the instrumenter or wazero's compiler run out
// of memory. These bounds are far above what compilers emit (python.wasm's
// largest function has a few hundred locals and nests ~40 deep).
const (
	maxLocals  = 50_000
	maxNesting = 10_000
)

var errTooLarge = errors.New("module too large to meter")

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
	var locals uint64
	for i := uint32(0); i < groups; i++ {
		n, err := r.u32()
		if err != nil {
			return fmt.Errorf("locals: %w", err)
		}
		if locals += uint64(n); locals > maxLocals {
			return fmt.Errorf("%w: more than %d locals in a function", errTooLarge, maxLocals)
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
			if len(m.stack) > maxNesting {
				return fmt.Errorf("%w: blocks nested deeper than %d", errTooLarge, maxNesting)
			}
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
				in.imm = max(in.imm, l) // the outermost target, for plan
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
// after br_if (its fall-through), and after every call but those to leaves
// (so that checks in the callee see exactly what the caller executed so
// far). The cost of each stretch is paid up front, which gives a running
// total that is exact in every import call and on normal completion.
//
// A direct call to a leaf (see callGraph.leaves) does not end a stretch:
// the leaf runs no check and calls no import, so nothing can tell the
// caller's stretch from one without the call. Leaves get no entry check
// (entryCheck is false).
//
// With cfg.joins, the stretch after the end of an if, or of a block some
// branch targets, is not charged on its own when the code of the if or
// block is clean: no loop, no call other than to leaves, no branch out of
// it, no return and no unreachable. Every execution of the stretch holding
// the if or block then reaches that end before any check or import call,
// so the stretch after the end is paid together with it and the code
// following the end continues it. Each arm still pays for itself.
//
// prepaid(callee) is the entry-stretch cost a direct call site pays on its
// callee's behalf (zero when the callee pays for itself); it is added to the
// stretch that holds the call.
func (m *meter) plan(prepaid func(callee uint32) int64, leaf func(callee uint32) bool, entryCheck bool, cfg config) {
	m.charges = m.charges[:0]
	m.entryEndsInCall = false
	m.stack = m.stack[:0]
	cur := -1 // index of the current stretch's charge, -1 when unreachable
	start := func(at int, check bool) {
		m.charges = append(m.charges, charge{at: at, check: check})
		cur = len(m.charges) - 1
	}
	live := true
	start(0, entryCheck)
	m.open(0, true, 0)
	top := func() *frame { return &m.frames[m.stack[len(m.stack)-1]] }
	for i := range m.ops {
		in := &m.ops[i]
		if live {
			m.charges[cur].cost += int64(in.cost)
		}
		switch in.kind {
		case kindBlock:
			m.open(in.imm, live, cur)
		case kindLoop:
			top().observed = true
			m.open(in.imm, live, cur)
			if live {
				start(i+1, true)
			}
		case kindIf:
			m.open(in.imm, live, cur)
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
			pos := len(m.stack) - 1
			m.stack = m.stack[:pos]
			if pos > 0 {
				p := top()
				p.observed = p.observed || f.observed
				p.exit = min(p.exit, f.exit)
			}
			// Whether the code after the end is certain to run, with no
			// check or import call in between, once the stretch holding
			// the block or if has run.
			join := cfg.joins && f.origin >= 0 && !f.observed && f.exit >= pos
			switch f.kind {
			case kindBlock:
				if f.targeted && f.reach {
					live = true
					if join {
						cur = f.origin
					} else {
						start(i+1, false)
					}
				}
			case kindIf:
				// Reached from either arm or, without else, from the if
				// itself. Assuming so when neither arm falls through only
				// costs a charge in dead code.
				live = f.reach
				cur = -1
				if live && join {
					cur = f.origin
				} else if live {
					start(i+1, false)
				}
			}
		case kindBr, kindBrTable, kindBrIf:
			t := top()
			t.exit = min(t.exit, len(m.stack)-1-int(in.imm))
			if in.kind != kindBrIf {
				live, cur = false, -1
			} else if live {
				start(i+1, false)
			}
		case kindReturn, kindUnreachable:
			top().exit = -1
			live, cur = false, -1
		case kindCall, kindCallIndirect:
			if in.kind == kindCall && leaf(in.imm) {
				if live {
					m.charges[cur].cost += prepaid(in.imm)
				}
				continue
			}
			top().observed = true
			if live {
				if in.kind == kindCall {
					m.charges[cur].cost += prepaid(in.imm)
					if cur == 0 {
						m.entryEndsInCall = true
					}
				}
				start(i+1, cfg.checkAfterCall)
			}
		}
	}
}

// open pushes frame id, recording whether its first instruction is
// reachable and which charge pays for the instruction opening it.
func (m *meter) open(id uint32, live bool, cur int) {
	f := &m.frames[id]
	f.reach, f.observed, f.exit = live, false, len(m.stack)
	f.origin = -1
	if live {
		f.origin = cur
	}
	m.stack = append(m.stack, int(id))
}
