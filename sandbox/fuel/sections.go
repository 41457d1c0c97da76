package fuel

import "fmt"

// rewriter holds the module-wide facts needed to rewrite sections: how
// function indices shift and which functions may be entered other than by a
// direct call.
type rewriter struct {
	numImportedFuncs   uint32
	numImportedGlobals uint32
	numDefinedGlobals  uint32
	refillType         uint32
	// escapes[i] is set for each original function index that is exported,
	// the start function, or referenced from a table or ref.func: such a
	// function can be entered without a direct call site paying for it.
	escapes []bool
}

// shift maps an original function index to its index after the refill
// import is appended to the function imports.
func (w *rewriter) shift(idx uint32) uint32 {
	if idx >= w.numImportedFuncs {
		return idx + 1
	}
	return idx
}

// escape records that idx is used as a value, then shifts it.
func (w *rewriter) escape(idx uint32) uint32 {
	if int(idx) < len(w.escapes) {
		w.escapes[idx] = true
	}
	return w.shift(idx)
}

// typeSection reuses an existing (i64) -> i64 type for the refill import or
// appends one, so no existing type index moves.
func typeSection(payload []byte) ([]byte, uint32, error) {
	r := &reader{b: payload}
	n, err := r.u32()
	if err != nil {
		return nil, 0, err
	}
	if uint64(n) > uint64(len(payload)) {
		return nil, 0, errUnexpectedEOF
	}
	found, foundIdx := false, uint32(0)
	for i := uint32(0); i < n; i++ {
		start := r.pos
		form, err := r.byte()
		if err != nil {
			return nil, 0, err
		}
		if form != 0x60 {
			return nil, 0, fmt.Errorf("%w: type form %#x", ErrUnsupported, form)
		}
		for j := 0; j < 2; j++ {
			cnt, err := r.u32()
			if err != nil {
				return nil, 0, err
			}
			if _, err = r.bytes(cnt); err != nil {
				return nil, 0, err
			}
		}
		if !found && string(payload[start:r.pos]) == string(refillFuncType) {
			found, foundIdx = true, i
		}
	}
	if !r.eof() {
		return nil, 0, errTrailingBytes
	}
	if found {
		return payload, foundIdx, nil
	}
	out := appendU32(make([]byte, 0, len(payload)+8), n+1)
	out = append(out, payload[lenU32(n):]...)
	return append(out, refillFuncType...), n, nil
}

// refillFuncType is the encoding of (func (param i64) (result i64)).
var refillFuncType = []byte{0x60, 0x01, 0x7e, 0x01, 0x7e}

var errTrailingBytes = fmt.Errorf("trailing bytes")

func lenU32(v uint32) int { return len(appendU32(nil, v)) }

// eachImport decodes an import section and calls fn with each import's
// module, name and kind, and for a global import its type (value type and
// mutability); it returns how many imports there are. An error from fn
// stops it.
func eachImport(payload []byte, fn func(mod, name string, kind byte, globalType []byte) error) (uint32, error) {
	r := &reader{b: payload}
	n, err := r.u32()
	if err != nil {
		return 0, err
	}
	for i := uint32(0); i < n; i++ {
		mod, err := r.name()
		if err != nil {
			return 0, err
		}
		name, err := r.name()
		if err != nil {
			return 0, err
		}
		kind, err := r.byte()
		if err != nil {
			return 0, err
		}
		var globalType []byte
		switch kind {
		case 0x00:
			_, err = r.u32()
		case 0x01:
			if _, err = r.byte(); err == nil {
				err = skipLimits(r)
			}
		case 0x02:
			err = skipLimits(r)
		case 0x03:
			globalType, err = r.bytes(2)
		default:
			err = fmt.Errorf("%w: import kind %#x", ErrUnsupported, kind)
		}
		if err != nil {
			return 0, err
		}
		if err := fn(mod, name, kind, globalType); err != nil {
			return 0, err
		}
	}
	if !r.eof() {
		return 0, errTrailingBytes
	}
	return n, nil
}

// importSection counts function and global imports and appends the refill
// import last, so it takes the index just after the other function imports.
func (w *rewriter) importSection(payload []byte) ([]byte, error) {
	n, err := eachImport(payload, func(mod, name string, kind byte, _ []byte) error {
		switch {
		case mod == ImportModule && name == ImportName:
			return ErrAlreadyInstrumented
		case kind == 0x00:
			w.numImportedFuncs++
		case kind == 0x03:
			w.numImportedGlobals++
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := appendU32(make([]byte, 0, len(payload)+32), n+1)
	out = append(out, payload[lenU32(n):]...)
	out = appendName(out, ImportModule)
	out = appendName(out, ImportName)
	out = append(out, 0x00)
	return appendU32(out, w.refillType), nil
}

func skipLimits(r *reader) error {
	flag, err := r.byte()
	if err != nil {
		return err
	}
	if flag > 0x03 {
		return fmt.Errorf("%w: limits flag %#x", ErrUnsupported, flag)
	}
	if _, err = r.u32(); err != nil {
		return err
	}
	if flag&1 != 0 {
		_, err = r.u32()
	}
	return err
}

// globalSection shifts ref.func in initialisers and appends the fuel global:
// (global (mut i64) (i64.const 0)).
func (w *rewriter) globalSection(payload []byte) ([]byte, error) {
	r := &reader{b: payload}
	n, err := r.u32()
	if err != nil {
		return nil, err
	}
	out := appendU32(make([]byte, 0, len(payload)+8), n+1)
	for i := uint32(0); i < n; i++ {
		gt, err := r.bytes(2)
		if err != nil {
			return nil, err
		}
		out = append(out, gt...)
		if out, err = constExpr(r, out, w.escape); err != nil {
			return nil, err
		}
	}
	if !r.eof() {
		return nil, errTrailingBytes
	}
	w.numDefinedGlobals = n
	return append(out, 0x7e, 0x01, opI64Const, 0x00, opEnd), nil
}

// fuelGlobal is the index of the appended fuel global.
func (w *rewriter) fuelGlobal() uint32 { return w.numImportedGlobals + w.numDefinedGlobals }

// exportSection shifts function exports and appends the fuel global export.
func (w *rewriter) exportSection(payload []byte) ([]byte, error) {
	out := appendU32(make([]byte, 0, len(payload)+16), 0) // the count, set below
	n, err := eachExport(payload, func(name string, kind byte, idx uint32) error {
		if name == GlobalExport {
			return fmt.Errorf("%w: export %q already exists", ErrAlreadyInstrumented, name)
		}
		if kind == 0x00 {
			idx = w.escape(idx)
		}
		out = appendName(out, name)
		out = append(out, kind)
		out = appendU32(out, idx)
		return nil
	})
	if err != nil {
		return nil, err
	}
	out = append(appendU32(nil, n+1), out[1:]...)
	out = appendName(out, GlobalExport)
	out = append(out, 0x03)
	return appendU32(out, w.fuelGlobal()), nil
}

// eachExport decodes an export section and calls fn with each export; it
// returns how many there are. An error from fn stops it.
func eachExport(payload []byte, fn func(name string, kind byte, idx uint32) error) (uint32, error) {
	r := &reader{b: payload}
	n, err := r.u32()
	if err != nil {
		return 0, err
	}
	for i := uint32(0); i < n; i++ {
		name, err := r.name()
		if err != nil {
			return 0, err
		}
		kind, err := r.byte()
		if err != nil {
			return 0, err
		}
		idx, err := r.u32()
		if err != nil {
			return 0, err
		}
		if err := fn(name, kind, idx); err != nil {
			return 0, err
		}
	}
	if !r.eof() {
		return 0, errTrailingBytes
	}
	return n, nil
}

func (w *rewriter) startSection(payload []byte) ([]byte, error) {
	r := &reader{b: payload}
	idx, err := r.u32()
	if err != nil {
		return nil, err
	}
	if !r.eof() {
		return nil, errTrailingBytes
	}
	return appendU32(nil, w.escape(idx)), nil
}

// elementSection shifts function indices in all eight segment encodings.
func (w *rewriter) elementSection(payload []byte) ([]byte, error) {
	r := &reader{b: payload}
	n, err := r.u32()
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, len(payload)+len(payload)/8)
	out = appendU32(out, n)
	for i := uint32(0); i < n; i++ {
		flags, err := r.u32()
		if err != nil {
			return nil, err
		}
		if flags > 7 {
			return nil, fmt.Errorf("invalid element segment flags %#x", flags)
		}
		out = appendU32(out, flags)
		if flags&0x02 != 0 && flags&0x01 == 0 { // explicit table index
			t, err := r.u32()
			if err != nil {
				return nil, err
			}
			out = appendU32(out, t)
		}
		if flags&0x01 == 0 { // active: offset expression
			if out, err = constExpr(r, out, w.escape); err != nil {
				return nil, err
			}
		}
		if flags&0x03 != 0 { // elemkind or reftype
			b, err := r.byte()
			if err != nil {
				return nil, err
			}
			out = append(out, b)
		}
		cnt, err := r.u32()
		if err != nil {
			return nil, err
		}
		if uint64(cnt) > uint64(len(r.b)-r.pos) {
			return nil, errUnexpectedEOF
		}
		out = appendU32(out, cnt)
		for j := uint32(0); j < cnt; j++ {
			if flags&0x04 != 0 {
				if out, err = constExpr(r, out, w.escape); err != nil {
					return nil, err
				}
				continue
			}
			idx, err := r.u32()
			if err != nil {
				return nil, err
			}
			out = appendU32(out, w.escape(idx))
		}
	}
	if !r.eof() {
		return nil, errTrailingBytes
	}
	return out, nil
}

// nameSection keeps the name section consistent with the shifted function
// indices. Subsections keyed by function index (function, local and label
// names) are rewritten; the others are copied. It returns nil when the
// section is malformed: names are debug information, and a bad one is
// better dropped than allowed to fail instrumentation.
func (w *rewriter) nameSection(payload []byte) []byte {
	r := &reader{b: payload}
	var out []byte
	for !r.eof() {
		id, err := r.byte()
		if err != nil {
			return nil
		}
		size, err := r.u32()
		if err != nil {
			return nil
		}
		sub, err := r.bytes(size)
		if err != nil {
			return nil
		}
		switch id {
		case 1, 2, 3:
			sub = w.nameMap(sub, id != 1)
			if sub == nil {
				return nil
			}
		}
		out = append(out, id)
		out = appendU32(out, uint32(len(sub)))
		out = append(out, sub...)
	}
	return out
}

// nameMap shifts the keys of a function-keyed name map; if indirect, each
// value is itself a name map, copied verbatim.
func (w *rewriter) nameMap(sub []byte, indirect bool) []byte {
	r := &reader{b: sub}
	n, err := r.u32()
	if err != nil {
		return nil
	}
	out := appendU32(make([]byte, 0, len(sub)+len(sub)/16), n)
	for i := uint32(0); i < n; i++ {
		idx, err := r.u32()
		if err != nil {
			return nil
		}
		out = appendU32(out, w.shift(idx))
		start := r.pos
		if indirect {
			cnt, err := r.u32()
			if err != nil {
				return nil
			}
			for j := uint32(0); j < cnt; j++ {
				if _, err = r.u32(); err != nil {
					return nil
				}
				if _, err = r.name(); err != nil {
					return nil
				}
			}
		} else if _, err = r.name(); err != nil {
			return nil
		}
		out = append(out, sub[start:r.pos]...)
	}
	if !r.eof() {
		return nil
	}
	return out
}

// functionCount returns the number of defined functions.
func functionCount(payload []byte) (uint32, error) {
	types, err := functionTypes(payload)
	return uint32(len(types)), err
}

// functionTypes returns the type index of each defined function.
func functionTypes(payload []byte) ([]uint32, error) {
	r := &reader{b: payload}
	n, err := r.u32()
	if err != nil {
		return nil, err
	}
	types := make([]uint32, 0, min(uint64(n), uint64(len(payload))))
	for i := uint32(0); i < n; i++ {
		t, err := r.u32()
		if err != nil {
			return nil, err
		}
		types = append(types, t)
	}
	if !r.eof() {
		return nil, errTrailingBytes
	}
	return types, nil
}
