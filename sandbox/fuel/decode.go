package fuel

import (
	"bytes"
	"errors"
	"fmt"
)

// Section IDs from the WebAssembly 2.0 binary format.
const (
	secCustom    = 0
	secType      = 1
	secImport    = 2
	secFunction  = 3
	secTable     = 4
	secMemory    = 5
	secGlobal    = 6
	secExport    = 7
	secStart     = 8
	secElement   = 9
	secCode      = 10
	secData      = 11
	secDataCount = 12
)

// sectionOrder ranks known sections by where they must appear; data count
// sits between element and code despite its higher ID.
var sectionOrder = [...]int{
	secType: 1, secImport: 2, secFunction: 3, secTable: 4, secMemory: 5,
	secGlobal: 6, secExport: 7, secStart: 8, secElement: 9, secDataCount: 10,
	secCode: 11, secData: 12,
}

var magicAndVersion = []byte{0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00}

// section is a raw section. Only the payloads the instrumenter has to change
// are ever decoded; the rest are copied back byte for byte.
type section struct {
	id      byte
	name    string // custom sections only
	payload []byte // for custom sections, the bytes after the name
}

// splitSections decodes the module framing. It checks that known sections
// appear at most once and in order, because the encoder inserts missing
// sections by that order.
func splitSections(wasm []byte) ([]section, error) {
	if len(wasm) < len(magicAndVersion) || !bytes.Equal(wasm[:len(magicAndVersion)], magicAndVersion) {
		return nil, errors.New("fuel: not a WebAssembly 1.0 binary (bad magic or version)")
	}
	r := &reader{b: wasm, pos: len(magicAndVersion)}
	var secs []section
	last := 0
	for !r.eof() {
		id, err := r.byte()
		if err != nil {
			return nil, err
		}
		size, err := r.u32()
		if err != nil {
			return nil, fmt.Errorf("fuel: decode section %d size: %w", id, err)
		}
		payload, err := r.bytes(size)
		if err != nil {
			return nil, fmt.Errorf("fuel: decode section %d: %w", id, err)
		}
		s := section{id: id, payload: payload}
		if id == secCustom {
			pr := &reader{b: payload}
			if s.name, err = pr.name(); err != nil {
				return nil, fmt.Errorf("fuel: decode custom section name: %w", err)
			}
			s.payload = payload[pr.pos:]
		} else {
			if int(id) >= len(sectionOrder) {
				return nil, fmt.Errorf("fuel: %w: section id %d", ErrUnsupported, id)
			}
			if o := sectionOrder[id]; o <= last {
				return nil, fmt.Errorf("fuel: section %d out of order or duplicated", id)
			} else {
				last = o
			}
		}
		secs = append(secs, s)
	}
	return secs, nil
}

// constExpr rewrites a constant expression (global initialisers, element
// offsets and items), shifting ref.func indices. It returns the rewritten
// bytes appended to out.
func constExpr(r *reader, out []byte, shift func(uint32) uint32) ([]byte, error) {
	for {
		start := r.pos
		op, err := r.byte()
		if err != nil {
			return nil, err
		}
		switch op {
		case opEnd:
			return append(out, opEnd), nil
		case 0x41:
			_, err = r.signed(32)
		case opI64Const:
			_, err = r.signed(64)
		case 0x43:
			_, err = r.bytes(4)
		case 0x44:
			_, err = r.bytes(8)
		case opGlobalGet:
			_, err = r.u32()
		case 0xd0: // ref.null
			_, err = r.byte()
		case 0x6a, 0x6b, 0x6c, 0x7c, 0x7d, 0x7e: // extended-const arithmetic
		case opRefFunc:
			var idx uint32
			if idx, err = r.u32(); err != nil {
				return nil, err
			}
			out = append(out, opRefFunc)
			out = appendU32(out, shift(idx))
			continue
		default:
			return nil, fmt.Errorf("unsupported constant expression opcode %#x", op)
		}
		if err != nil {
			return nil, err
		}
		out = append(out, r.b[start:r.pos]...)
	}
}
