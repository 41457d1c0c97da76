package fuel

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
)

// ResumePoint says where MakeResumable cuts a module's entry function.
type ResumePoint struct {
	// Export names the entry function, () -> (), e.g. "_start".
	Export string
	// Marker is code around the point, which is Skip bytes into it: it
	// must occur exactly once in the entry's body, and the point must be an
	// instruction where the operand stack is empty and no loop encloses it.
	Marker []byte
	Skip   int
	// HookModule and HookName name an imported () -> i32 function that the
	// entry calls at the point, so that the host sees it.
	HookModule, HookName string
}

// Resumable is a module whose entry function can stop at a point and be
// resumed there in a new instance, the Wizer way: the host captures linear
// memory and every mutable global at the point, and a new instance started
// from that image calls ResumeExport instead of the entry.
type Resumable struct {
	// Module is the rewritten module. It has no data section: the host
	// writes Data into a fresh memory for a run from the start, or the
	// captured image for a resumed one.
	Module []byte
	// Data are the active data segments taken out of the module.
	Data []DataSegment
	// Globals are the export names of every mutable global, the entry's
	// saved locals included: capture them all at the point, and set them
	// all before calling ResumeExport.
	Globals []string
}

// DataSegment is an active data segment: Bytes at Offset of memory 0.
type DataSegment struct {
	Offset uint32
	Bytes  []byte
}

// ResumeExport is the exported function that resumes an entry at its point.
const ResumeExport = "pyplay_resume"

// globalExportPrefix starts the export names of the mutable globals.
const globalExportPrefix = "pyplay_g"

// MakeResumable rewrites wasm so that its entry function can be resumed at
// p, in four changes:
//
//   - every local of the entry gets a mutable global, and at the point the
//     entry copies its locals there and calls the hook import;
//   - a new function, exported as ResumeExport, copies those globals back
//     into its locals and runs the entry's code from the point on. Every
//     block and if that encloses the point is entered directly (an if
//     becomes a block holding the arm with the point), so that branches
//     keep their meaning;
//   - every mutable global is exported, for the host to capture and set;
//   - the data section moves out of the module, into Resumable.Data.
//
// # Notes
//
//   - Run Instrument on the result: the resume function is then metered
//     like the entry.
//   - Errors say what stops the cut (no single marker, a loop around the
//     point, passive data segments); the caller then runs the module from
//     its entry as it is.
func MakeResumable(wasm []byte, p ResumePoint) (*Resumable, error) {
	secs, err := splitSections(wasm)
	if err != nil {
		return nil, err
	}
	idx := map[byte]int{}
	for i, s := range secs {
		if s.id != secCustom {
			idx[s.id] = i
		}
	}
	for _, id := range []byte{secImport, secFunction, secGlobal, secExport, secCode, secData} {
		if _, ok := idx[id]; !ok {
			return nil, fmt.Errorf("resume: the module has no section %d", id)
		}
	}
	if _, ok := idx[secDataCount]; ok {
		return nil, errors.New("resume: passive data segments are not supported")
	}
	payload := func(id byte) []byte { return secs[idx[id]].payload }

	m := &resumable{}
	if err := m.imports(payload(secImport), p); err != nil {
		return nil, fmt.Errorf("resume: import section: %w", err)
	}
	funcTypes, err := functionTypes(payload(secFunction))
	if err != nil {
		return nil, fmt.Errorf("resume: function section: %w", err)
	}
	entry, err := m.findExport(payload(secExport), p.Export)
	if err != nil {
		return nil, fmt.Errorf("resume: export section: %w", err)
	}
	if entry < m.numImportedFuncs {
		return nil, fmt.Errorf("resume: %s is an import", p.Export)
	}
	entryType := funcTypes[entry-m.numImportedFuncs]
	if err := m.globals(payload(secGlobal)); err != nil {
		return nil, fmt.Errorf("resume: global section: %w", err)
	}
	bodies, err := splitBodies(payload(secCode))
	if err != nil {
		return nil, fmt.Errorf("resume: code section: %w", err)
	}
	entryBody := bodies[entry-m.numImportedFuncs]
	cut, resume, localTypes, err := m.cut(entryBody, p)
	if err != nil {
		return nil, fmt.Errorf("resume: %s: %w", p.Export, err)
	}
	bodies[entry-m.numImportedFuncs] = cut
	bodies = append(bodies, resume)
	data, err := activeData(payload(secData))
	if err != nil {
		return nil, fmt.Errorf("resume: data section: %w", err)
	}

	// The new globals follow the module's own, one per local of the entry.
	globals := append([]byte(nil), m.globalEntries...)
	for _, t := range localTypes {
		globals = append(globals, t, 0x01)
		globals = appendZeroConst(globals, t)
	}
	numGlobals := m.numDefinedGlobals + uint32(len(localTypes))
	res := &Resumable{Data: data}
	exports := append([]byte(nil), m.exportEntries...)
	numExports := m.numExports + 1
	exports = appendName(exports, ResumeExport)
	exports = append(exports, 0x00)
	exports = appendU32(exports, m.numImportedFuncs+uint32(len(funcTypes)))
	for _, g := range m.mutable {
		name := globalExportPrefix + strconv.Itoa(int(g))
		res.Globals = append(res.Globals, name)
		exports = appendName(exports, name)
		exports = append(exports, 0x03)
		exports = appendU32(exports, g)
		numExports++
	}
	for i := range localTypes {
		g := m.numImportedGlobals + m.numDefinedGlobals + uint32(i)
		name := globalExportPrefix + strconv.Itoa(int(g))
		res.Globals = append(res.Globals, name)
		exports = appendName(exports, name)
		exports = append(exports, 0x03)
		exports = appendU32(exports, g)
		numExports++
	}

	replaced := map[byte][]byte{
		secFunction: appendU32s(appendU32(nil, uint32(len(funcTypes)+1)), append(funcTypes, entryType)),
		secGlobal:   append(appendU32(nil, numGlobals), globals...),
		secExport:   append(appendU32(nil, numExports), exports...),
		secCode:     joinBodies(bodies),
	}
	out := append([]byte(nil), magicAndVersion...)
	for _, s := range secs {
		switch {
		case s.id == secData:
			continue
		case s.id == secCustom:
			out = appendCustom(out, s.name, s.payload)
		case replaced[s.id] != nil:
			out = appendSection(out, s.id, replaced[s.id])
		default:
			out = appendSection(out, s.id, s.payload)
		}
	}
	res.Module = out
	return res, nil
}

// resumable holds what MakeResumable learns of the module.
type resumable struct {
	numImportedFuncs, numImportedGlobals uint32
	hook                                 uint32
	numDefinedGlobals                    uint32
	globalEntries                        []byte   // the global section's entries, as they are
	mutable                              []uint32 // indices of the mutable globals
	numExports                           uint32
	exportEntries                        []byte
}

func (m *resumable) imports(payload []byte, p ResumePoint) error {
	found := false
	_, err := eachImport(payload, func(mod, name string, kind byte, globalType []byte) error {
		switch kind {
		case 0x00:
			if mod == p.HookModule && name == p.HookName {
				m.hook, found = m.numImportedFuncs, true
			}
			m.numImportedFuncs++
		case 0x03:
			if globalType[1] != 0 {
				return errors.New("a mutable global is imported")
			}
			m.numImportedGlobals++
		}
		return nil
	})
	if err == nil && !found {
		err = fmt.Errorf("no import %s.%s to call at the point", p.HookModule, p.HookName)
	}
	return err
}

func (m *resumable) findExport(payload []byte, want string) (uint32, error) {
	entry, found := uint32(0), false
	n, err := eachExport(payload, func(name string, kind byte, idx uint32) error {
		if name == ResumeExport {
			return fmt.Errorf("%w: export %q already exists", ErrAlreadyInstrumented, name)
		}
		if kind == 0x00 && name == want {
			entry, found = idx, true
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	m.numExports = n
	m.exportEntries = payload[lenU32(n):]
	if !found {
		return 0, fmt.Errorf("no exported function %q", want)
	}
	return entry, nil
}

func (m *resumable) globals(payload []byte) error {
	r := &reader{b: payload}
	n, err := r.u32()
	if err != nil {
		return err
	}
	m.numDefinedGlobals = n
	m.globalEntries = payload[r.pos:]
	for i := uint32(0); i < n; i++ {
		gt, err := r.bytes(2)
		if err != nil {
			return err
		}
		if gt[1] != 0 {
			m.mutable = append(m.mutable, m.numImportedGlobals+i)
		}
		if _, err = constExpr(r, nil, func(i uint32) uint32 { return i }); err != nil {
			return err
		}
	}
	return nil
}

// cut returns the entry's body with the hook at the point, the resume
// function's body, and the types of the entry's locals.
func (m *resumable) cut(body []byte, p ResumePoint) (cut, resume, localTypes []byte, err error) {
	at := bytes.Index(body, p.Marker)
	if len(p.Marker) == 0 || at < 0 || bytes.Contains(body[at+1:], p.Marker) || p.Skip < 0 || p.Skip >= len(p.Marker) {
		return nil, nil, nil, errors.New("the resume point's code is not there exactly once")
	}
	at += p.Skip
	var mt meter
	if err := mt.decode(body); err != nil {
		return nil, nil, nil, err
	}
	if localTypes, err = declaredLocals(body[:mt.locals]); err != nil {
		return nil, nil, nil, err
	}
	point := -1
	for i, in := range mt.ops {
		if int(in.start) == at {
			point = i
			break
		}
	}
	if point < 0 {
		return nil, nil, nil, errors.New("the resume point is not at an instruction")
	}
	// The frames that enclose the point, and for each if whether the point
	// is in its then arm.
	enclosing := map[uint32]bool{} // frame id -> the point is in the then arm
	stack := []uint32{0}           // frame 0 is the function body
	inElse := map[uint32]bool{}
	for _, in := range mt.ops[:point] {
		switch in.kind {
		case kindBlock, kindLoop, kindIf:
			stack = append(stack, in.imm)
		case kindElse:
			inElse[stack[len(stack)-1]] = true
		case kindEnd:
			stack = stack[:len(stack)-1]
		}
	}
	for _, id := range stack[1:] {
		if mt.frames[id].kind == kindLoop {
			return nil, nil, nil, errors.New("a loop encloses the resume point")
		}
		enclosing[id] = !inElse[id]
	}

	firstGlobal := m.numImportedGlobals + m.numDefinedGlobals
	// The entry: its code, with the locals saved and the hook called at the point.
	cut = append(cut, body[:at]...)
	for i := range localTypes {
		cut = appendOp(cut, 0x20, uint32(i)) // local.get
		cut = appendOp(cut, opGlobalSet, firstGlobal+uint32(i))
	}
	cut = appendOp(cut, opCall, m.hook)
	cut = append(cut, opDrop)
	cut = append(cut, body[at:]...)

	// The resume function: the locals restored, then the entry from the point.
	resume = append(resume, body[:mt.locals]...)
	for i := range localTypes {
		resume = appendOp(resume, opGlobalGet, firstGlobal+uint32(i))
		resume = appendOp(resume, 0x21, uint32(i)) // local.set
	}
	stack = stack[:1]
	skipping := uint32(0) // frame id + 1 of an if whose else arm is left out
	for i, in := range mt.ops {
		code := body[in.start:in.end]
		switch in.kind {
		case kindBlock, kindLoop, kindIf:
			stack = append(stack, in.imm)
			if _, ok := enclosing[in.imm]; ok && i < point {
				resume = append(resume, opBlock)
				resume = append(resume, code[1:]...) // the block type
				continue
			}
		case kindElse:
			if id := stack[len(stack)-1]; i > point && enclosing[id] {
				skipping = id + 1
			}
		case kindEnd:
			id := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if skipping == id+1 {
				skipping = 0
			}
			if i > point {
				if _, ok := enclosing[id]; ok {
					resume = append(resume, opEnd)
					continue
				}
			}
		}
		if i >= point && skipping == 0 {
			resume = append(resume, code...)
		}
	}
	return cut, resume, localTypes, nil
}

// declaredLocals expands a body's locals declarations into one type each.
func declaredLocals(decl []byte) ([]byte, error) {
	r := &reader{b: decl}
	groups, err := r.u32()
	if err != nil {
		return nil, err
	}
	var types []byte
	for i := uint32(0); i < groups; i++ {
		n, err := r.u32()
		if err != nil {
			return nil, err
		}
		t, err := r.byte()
		if err != nil {
			return nil, err
		}
		if len(types)+int(n) > 1<<16 {
			return nil, errors.New("too many locals")
		}
		for j := uint32(0); j < n; j++ {
			types = append(types, t)
		}
	}
	return types, nil
}

// appendZeroConst appends a constant expression for zero of type t.
func appendZeroConst(out []byte, t byte) []byte {
	switch t {
	case 0x7f: // i32
		return append(out, 0x41, 0x00, opEnd)
	case 0x7e: // i64
		return append(out, opI64Const, 0x00, opEnd)
	case 0x7d: // f32
		return append(out, 0x43, 0, 0, 0, 0, opEnd)
	case 0x7c: // f64
		return append(out, 0x44, 0, 0, 0, 0, 0, 0, 0, 0, opEnd)
	}
	return append(out, 0xd0, t, opEnd) // ref.null
}

func splitBodies(payload []byte) ([][]byte, error) {
	r := &reader{b: payload}
	n, err := r.u32()
	if err != nil {
		return nil, err
	}
	bodies := make([][]byte, 0, min(uint64(n), uint64(len(payload))))
	for i := uint32(0); i < n; i++ {
		size, err := r.u32()
		if err != nil {
			return nil, err
		}
		b, err := r.bytes(size)
		if err != nil {
			return nil, err
		}
		bodies = append(bodies, b)
	}
	return bodies, nil
}

func joinBodies(bodies [][]byte) []byte {
	out := appendU32(nil, uint32(len(bodies)))
	for _, b := range bodies {
		out = appendU32(out, uint32(len(b)))
		out = append(out, b...)
	}
	return out
}

func appendU32s(out []byte, vs []uint32) []byte {
	for _, v := range vs {
		out = appendU32(out, v)
	}
	return out
}

// activeData reads a data section of active segments for memory 0 at
// constant offsets, the only kind a C toolchain emits without threads.
func activeData(payload []byte) ([]DataSegment, error) {
	r := &reader{b: payload}
	n, err := r.u32()
	if err != nil {
		return nil, err
	}
	segs := make([]DataSegment, 0, min(uint64(n), uint64(len(payload))))
	for i := uint32(0); i < n; i++ {
		flags, err := r.u32()
		if err != nil {
			return nil, err
		}
		if flags != 0 {
			return nil, fmt.Errorf("segment %d is not an active segment of memory 0", i)
		}
		op, err := r.byte()
		if err != nil {
			return nil, err
		}
		off, err := r.signed(32)
		if op != 0x41 || err != nil {
			return nil, fmt.Errorf("segment %d has no constant offset", i)
		}
		if end, err := r.byte(); err != nil || end != opEnd {
			return nil, fmt.Errorf("segment %d has no constant offset", i)
		}
		size, err := r.u32()
		if err != nil {
			return nil, err
		}
		b, err := r.bytes(size)
		if err != nil {
			return nil, err
		}
		segs = append(segs, DataSegment{Offset: uint32(off), Bytes: b})
	}
	if !r.eof() {
		return nil, errTrailingBytes
	}
	return segs, nil
}
