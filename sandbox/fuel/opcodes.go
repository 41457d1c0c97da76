package fuel

import "fmt"

// opKind classifies an instruction by its effect on control flow, which is
// all the metering pass needs to know about it.
type opKind uint8

const (
	kindPlain opKind = iota
	kindBlock
	kindLoop
	kindIf
	kindElse
	kindEnd
	kindBr
	kindBrIf
	kindBrTable
	kindReturn
	kindUnreachable
	kindCall
	kindCallIndirect
	kindRefFunc
)

// instr is one decoded instruction of a function body.
type instr struct {
	start, end uint32 // byte range of the instruction within the body
	imm        uint32 // label depth (br, br_if; br_table: the largest), function index (call, ref.func) or frame id (block, loop, if, end)
	kind       opKind
	cost       uint8
}

// Opcodes the decoder treats specially.
const (
	opUnreachable  = 0x00
	opNop          = 0x01
	opBlock        = 0x02
	opLoop         = 0x03
	opIf           = 0x04
	opElse         = 0x05
	opEnd          = 0x0b
	opBr           = 0x0c
	opBrIf         = 0x0d
	opBrTable      = 0x0e
	opReturn       = 0x0f
	opCall         = 0x10
	opCallIndirect = 0x11
	opDrop         = 0x1a
	opGlobalGet    = 0x23
	opGlobalSet    = 0x24
	opI64Const     = 0x42
	opI64LtS       = 0x53
	opI64Sub       = 0x7d
	opRefFunc      = 0xd2
	opMiscPrefix   = 0xfc
	opSIMDPrefix   = 0xfd
	opAtomicPrefix = 0xfe
)

// blockTypeEmpty is the block type of injected `if` blocks.
const blockTypeEmpty = 0x40

// unsupportedOpError reports an instruction the metering pass cannot
// handle. It wraps ErrUnsupported so that callers can tell "this module uses
// a feature we do not meter" apart from "this module is malformed".
type unsupportedOpError struct {
	op   string
	desc string
}

func (e *unsupportedOpError) Error() string {
	return fmt.Sprintf("unsupported opcode %s (%s)", e.op, e.desc)
}

func (e *unsupportedOpError) Unwrap() error { return ErrUnsupported }

// decodeOp decodes the instruction at r.pos. br_table label depths are
// appended to *table; every other immediate the metering pass needs is
// returned in instr.imm. Immediates that are only copied are merely skipped.
//
// The cost field implements wasmtime's consume_fuel model: every operator
// costs one unit, except the ones that compile to no code or only to
// control-flow bookkeeping.
func decodeOp(r *reader, table *[]uint32) (in instr, err error) {
	in.start = uint32(r.pos)
	in.cost = 1
	op, err := r.byte()
	if err != nil {
		return in, err
	}
	switch {
	case op == opUnreachable:
		in.kind, in.cost = kindUnreachable, 0
	case op == opNop, op == opDrop:
		in.cost = 0
	case op == opBlock, op == opLoop, op == opIf:
		if _, err = r.signed(33); err != nil {
			return in, err
		}
		switch op {
		case opBlock:
			in.kind, in.cost = kindBlock, 0
		case opLoop:
			in.kind, in.cost = kindLoop, 0
		default:
			in.kind = kindIf
		}
	case op == opElse:
		in.kind, in.cost = kindElse, 0
	case op == opEnd:
		in.kind, in.cost = kindEnd, 0
	case op == opBr, op == opBrIf:
		in.kind = kindBr
		if op == opBrIf {
			in.kind = kindBrIf
		}
		in.imm, err = r.u32()
	case op == opBrTable:
		in.kind = kindBrTable
		var n uint32
		if n, err = r.u32(); err != nil {
			return in, err
		}
		// Each label takes at least one byte; refuse counts that cannot
		// fit before allocating for them.
		if uint64(n) > uint64(len(r.b)-r.pos) {
			return in, errUnexpectedEOF
		}
		for i := uint32(0); i <= n; i++ {
			var l uint32
			if l, err = r.u32(); err != nil {
				return in, err
			}
			*table = append(*table, l)
		}
	case op == opReturn:
		in.kind, in.cost = kindReturn, 0
	case op == opCall:
		in.kind = kindCall
		in.imm, err = r.u32()
	case op == opCallIndirect:
		in.kind = kindCallIndirect
		if _, err = r.u32(); err == nil { // type index
			_, err = r.u32() // table index
		}
	case op == 0x12, op == 0x13:
		return in, &unsupportedOpError{op: fmt.Sprintf("%#x", op), desc: "tail call"}
	case op == 0x1b: // select
	case op == 0x1c: // select t*
		var n uint32
		if n, err = r.u32(); err == nil {
			_, err = r.bytes(n)
		}
	case op >= 0x20 && op <= 0x26: // local.*, global.*, table.get/set
		_, err = r.u32()
	case op >= 0x28 && op <= 0x3e: // loads and stores
		var align uint32
		if align, err = r.u32(); err != nil {
			return in, err
		}
		if align >= 0x40 {
			return in, &unsupportedOpError{op: fmt.Sprintf("%#x", op), desc: "multi-memory memarg"}
		}
		_, err = r.u32()
	case op == 0x3f, op == 0x40: // memory.size, memory.grow
		_, err = r.u32()
	case op == 0x41:
		_, err = r.signed(32)
	case op == opI64Const:
		_, err = r.signed(64)
	case op == 0x43:
		_, err = r.bytes(4)
	case op == 0x44:
		_, err = r.bytes(8)
	case op >= 0x45 && op <= 0xc4: // numeric, including sign-extension
	case op == 0xd0: // ref.null t
		_, err = r.byte()
	case op == 0xd1: // ref.is_null
	case op == opRefFunc:
		in.kind = kindRefFunc
		in.imm, err = r.u32()
	case op == opMiscPrefix:
		err = decodeMisc(r)
	case op == opSIMDPrefix:
		return in, &unsupportedOpError{op: "0xfd", desc: "simd"}
	case op == opAtomicPrefix:
		return in, &unsupportedOpError{op: "0xfe", desc: "threads"}
	default:
		return in, &unsupportedOpError{op: fmt.Sprintf("%#x", op), desc: "unknown"}
	}
	if err != nil {
		return in, err
	}
	in.end = uint32(r.pos)
	return in, nil
}

// decodeMisc skips the immediates of a 0xfc-prefixed instruction.
func decodeMisc(r *reader) error {
	sub, err := r.u32()
	if err != nil {
		return err
	}
	var imms int
	switch {
	case sub <= 7: // saturating float-to-int
	case sub == 8: // memory.init dataidx memidx
		imms = 2
	case sub == 9: // data.drop dataidx
		imms = 1
	case sub == 10: // memory.copy memidx memidx
		imms = 2
	case sub == 11: // memory.fill memidx
		imms = 1
	case sub == 12, sub == 14: // table.init elemidx tableidx, table.copy
		imms = 2
	case sub == 13, sub == 15, sub == 16, sub == 17: // elem.drop, table.grow/size/fill
		imms = 1
	default:
		return &unsupportedOpError{op: fmt.Sprintf("0xfc %d", sub), desc: "unknown"}
	}
	for ; imms > 0; imms-- {
		if _, err = r.u32(); err != nil {
			return err
		}
	}
	return nil
}
