package sandbox

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Where a stopped program was, read from CPython's own state.
//
// When a run is stopped (fuel, timeout, cancel, a trap) or refused memory,
// the host reads CPython's stack out of the guest's linear memory: the
// runtime (_PyRuntime) → the main interpreter → its thread → the current
// _PyCFrame → the current _PyInterpreterFrame, then each frame's
// PyCodeObject (file, qualified name, location table) and its last
// instruction, which gives the line as CPython's tracebacks give it.
//
// Why the host reads it rather than the guest reporting it (a signal
// handler, sys._getframe in a hook of sitecustomize's):
//   - it costs nothing while the program runs: no instruction is added to
//     the guest and no hook is called; the stack is read once, after the
//     run has stopped, when no guest code has run since the stop, so the
//     memory is exactly as it was then;
//   - the snippet cannot catch, delay or fake it: no Python code of
//     pyplay's runs, so there is no handler to replace and no exception to
//     catch, and the stop stays where the fuel meter or the clock put it;
//   - fuel stays exact: the guest burns nothing for it.
//
// The same reading, cut short, samples whether an import is in progress at
// each fuel refill (fuelMeter.sampleImports): one walk of the stack every
// fuel slice, ~10 ms of guest work, on a call into Go that happens anyway.
//
// The offsets below are python.wasm's own, taken from its DWARF
// (.debug_info gives every struct layout and the address of every global;
// its code addresses were zeroed by wasm-opt, which does not matter here).
// They are constants for the build pyplay pins by SHA-256
// (PythonWasmSHA256), and TestCPythonLayoutMatchesDWARF derives each one
// again from the real file's DWARF. Reading DWARF at run time instead
// would take ~1.4 s per process, and a warm start never reads python.wasm
// at all (the snapshot holds the stripped module). Another python.wasm
// gets no location (Stop.Line is 0): a wrong layout must not make up a line.
//
// The guest's memory is the snippet's to scribble on, in principle: every
// read is bounds-checked, every object's type is checked against the type
// objects' addresses, walks are bounded, and what does not check out reads
// as nothing, never as a wrong answer or a panic.
type cpython struct {
	// Addresses of globals.
	runtime     uint32 // _PyRuntime
	codeType    uint32 // PyCode_Type
	unicodeType uint32 // PyUnicode_Type
	bytesType   uint32 // PyBytes_Type

	// Offsets of fields.
	runtimeMain    uint32 // _PyRuntimeState.interpreters.main
	interpThreads  uint32 // PyInterpreterState.threads.head
	tstateCFrame   uint32 // PyThreadState.cframe
	cframeCurrent  uint32 // _PyCFrame.current_frame
	framePrevious  uint32 // _PyInterpreterFrame.previous
	frameCode      uint32 // _PyInterpreterFrame.f_code
	framePrevInstr uint32 // _PyInterpreterFrame.prev_instr
	frameOwner     uint32 // _PyInterpreterFrame.owner
	frameLocals    uint32 // _PyInterpreterFrame.localsplus
	codeFirstLine  uint32 // PyCodeObject.co_firstlineno
	codeFilename   uint32 // PyCodeObject.co_filename
	codeName       uint32 // PyCodeObject.co_name
	codeQualname   uint32 // PyCodeObject.co_qualname
	codeLinetable  uint32 // PyCodeObject.co_linetable
	codeFirstTrace uint32 // PyCodeObject._co_firsttraceable
	codeCode       uint32 // PyCodeObject.co_code_adaptive: the instructions
	objType        uint32 // PyObject.ob_type
	varSize        uint32 // PyVarObject.ob_size
	bytesData      uint32 // PyBytesObject.ob_sval
	strLength      uint32 // PyASCIIObject.length
	strState       uint32 // PyASCIIObject.state, a word of bit fields:
	strKind        uint32 // its kind's first bit (1, 2 or 4 bytes a character)
	strCompact     uint32 // its compact bit (the characters follow the object)
	strASCII       uint32 // its ascii bit
	asciiData      uint32 // sizeof(PyASCIIObject): an ASCII str's characters
	compactData    uint32 // sizeof(PyCompactUnicodeObject): another's

	// Values of enumerators.
	ownedByGenerator, ownedByCStack byte // FRAME_OWNED_BY_GENERATOR, _CSTACK
}

// pinnedCPython is the layout of the python.wasm whose SHA-256 is
// PythonWasmSHA256 (CPython 3.12.0, wasm32-wasi).
var pinnedCPython = &cpython{
	runtime: 0x3a5888, codeType: 0x395e38, unicodeType: 0x3a2b00, bytesType: 0x395238,

	runtimeMain: 32, interpThreads: 64, tstateCFrame: 40, cframeCurrent: 0,
	framePrevious: 4, frameCode: 0, framePrevInstr: 28, frameOwner: 38, frameLocals: 40,
	codeFirstLine: 44, codeFilename: 80, codeName: 84, codeQualname: 88, codeLinetable: 92,
	codeFirstTrace: 116, codeCode: 124,
	objType: 4, varSize: 8, bytesData: 16,
	strLength: 8, strState: 16, strKind: 2, strCompact: 5, strASCII: 6, asciiData: 20, compactData: 28,

	ownedByGenerator: 1, ownedByCStack: 3,
}

// cpythonFor is the layout of the python.wasm with digest sha256, or nil
// when pyplay does not know it.
func cpythonFor(sha256 string) *cpython {
	if sha256 == PythonWasmSHA256 {
		return pinnedCPython
	}
	return nil
}

// guestMemory is an instance's linear memory, as far as it has grown.
type guestMemory []byte

// u32 is the little-endian word at addr, or 0 (NULL) outside memory.
func (m guestMemory) u32(addr uint32) uint32 {
	if uint64(addr)+4 > uint64(len(m)) {
		return 0
	}
	return le.Uint32(m[addr:])
}

func (m guestMemory) u8(addr uint32) byte {
	if uint64(addr) >= uint64(len(m)) {
		return 0
	}
	return m[addr]
}

// bytes is the n bytes at addr, or nil when they are not all in memory.
func (m guestMemory) bytes(addr, n uint32) []byte {
	if uint64(addr)+uint64(n) > uint64(len(m)) {
		return nil
	}
	return m[addr : addr+n]
}

// maxFrames bounds a walk of the stack: CPython's recursion limit is 1,000
// by default, and a cycle in a wrecked heap must end too.
const maxFrames = 100_000

// pyWhere is what the stack says at one moment.
type pyWhere struct {
	// line and function are the innermost frame of the snippet's file: its
	// line, its code's qualified name. 0 and "" when it has none.
	line     int
	function string
	// importing is the module whose import that frame is running (the
	// nearest import inside it), or, with no snippet frame, the outermost
	// import in progress; "" when none is.
	importing string
}

// where reads the stack of mem's CPython: see pyWhere. A nil py knows
// nothing.
func (py *cpython) where(mem guestMemory) pyWhere {
	var w pyWhere
	if py == nil {
		return w
	}
	py.walk(mem, func(frame, code uint32) bool {
		if py.isFindAndLoad(mem, code) {
			if name, ok := py.str(mem, mem.u32(frame+py.frameLocals), 100); ok {
				w.importing = name // the first argument, name
			}
			return true
		}
		if !py.strIs(mem, mem.u32(code+py.codeFilename), snippetPath) {
			return true
		}
		w.line = py.line(mem, frame, code)
		w.function, _ = py.str(mem, mem.u32(code+py.codeQualname), 100)
		return false
	})
	return w
}

// importing reports whether an import is in progress: whether
// importlib._bootstrap._find_and_load, which every import statement,
// __import__ and importlib.import_module of a module not yet in
// sys.modules runs, is on the stack. It runs at every fuel refill, so it
// reads as little as it can: each frame's code and the length of its name,
// and the rest only for a name of the right length (~10 ns a frame).
func (py *cpython) importing(mem guestMemory) bool {
	const name = "_find_and_load"
	for frame, n := py.top(mem), 0; frame != 0 && n < maxFrames; frame, n = mem.u32(frame+py.framePrevious), n+1 {
		code := mem.u32(frame + py.frameCode)
		if mem.u32(mem.u32(code+py.codeName)+py.strLength) == uint32(len(name)) &&
			mem.u32(code+py.objType) == py.codeType && py.isFindAndLoad(mem, code) {
			return true
		}
	}
	return false
}

// top is the frame CPython's thread is running, or 0.
func (py *cpython) top(mem guestMemory) uint32 {
	interp := mem.u32(py.runtime + py.runtimeMain)
	if interp == 0 {
		return 0
	}
	tstate := mem.u32(interp + py.interpThreads)
	if tstate == 0 {
		return 0
	}
	cframe := mem.u32(tstate + py.tstateCFrame)
	if cframe == 0 {
		return 0
	}
	return mem.u32(cframe + py.cframeCurrent)
}

// walk calls visit with each frame on the stack of CPython's thread, and
// its code object, innermost first, as a traceback lists them: the C
// stack's shim frames and frames that have not started yet are skipped.
// It stops when visit returns false.
func (py *cpython) walk(mem guestMemory, visit func(frame, code uint32) bool) {
	for frame, n := py.top(mem), 0; frame != 0 && n < maxFrames; frame, n = mem.u32(frame+py.framePrevious), n+1 {
		code := mem.u32(frame + py.frameCode)
		owner := mem.u8(frame + py.frameOwner)
		if owner != py.ownedByCStack && code != 0 && mem.u32(code+py.objType) == py.codeType && py.started(mem, frame, code, owner) {
			if !visit(frame, code) {
				return
			}
		}
	}
}

// started is the opposite of CPython's _PyFrame_IsIncomplete: a frame that
// has not run its first traceable instruction is not shown.
func (py *cpython) started(mem guestMemory, frame, code uint32, owner byte) bool {
	if owner == py.ownedByGenerator {
		return true
	}
	first := uint64(code) + uint64(py.codeCode) + 2*uint64(mem.u32(code+py.codeFirstTrace))
	return uint64(mem.u32(frame+py.framePrevInstr)) >= first
}

// isFindAndLoad reports whether code is importlib._bootstrap._find_and_load.
func (py *cpython) isFindAndLoad(mem guestMemory, code uint32) bool {
	return py.strIs(mem, mem.u32(code+py.codeName), "_find_and_load") &&
		py.strIs(mem, mem.u32(code+py.codeFilename), "<frozen importlib._bootstrap>")
}

// line is the line of frame's current instruction, as CPython's
// PyCode_Addr2Line finds it, or 0.
func (py *cpython) line(mem guestMemory, frame, code uint32) int {
	first := int(int32(mem.u32(code + py.codeFirstLine)))
	table := mem.u32(code + py.codeLinetable)
	if table == 0 || mem.u32(table+py.objType) != py.bytesType {
		return 0
	}
	n := int32(mem.u32(table + py.varSize))
	if n < 0 {
		return 0
	}
	data := mem.bytes(table+py.bytesData, uint32(n))
	// prev_instr is the instruction running, or in a caller the last code
	// unit of its call.
	offset := int64(mem.u32(frame+py.framePrevInstr)) - int64(code) - int64(py.codeCode)
	if offset < 0 {
		return first
	}
	return max(lineAt(data, first, offset), 0)
}

// lineAt reads CPython 3.11+'s location table (Objects/locations.md):
// entries of a first byte 1cccclll (code c, length l+1 code units) and
// varints, each moving the line on. It returns the line of the code unit
// at byte offset, or -1 for none.
func lineAt(table []byte, line int, offset int64) int {
	var start int64
	for i := 0; i < len(table); {
		b := table[i]
		code := b >> 3 & 15
		switch {
		case code == 13 || code == 14: // no columns, long form: a signed varint
			line += signedVarint(table[i+1:])
		case code >= 10 && code <= 12: // one-line forms: the code says the delta
			line += int(code) - 10
		}
		end := start + 2*(int64(b&7)+1)
		if offset < end {
			if code == 15 { // no location
				return -1
			}
			return line
		}
		start = end
		for i++; i < len(table) && table[i]&0x80 == 0; i++ {
		}
	}
	return -1
}

// signedVarint reads a location table's signed varint: 6 bits a byte,
// 0x40 for more, the sign in the lowest bit.
func signedVarint(b []byte) int {
	var v uint
	for i, shift := 0, uint(0); i < len(b) && shift < 32; i, shift = i+1, shift+6 {
		v |= uint(b[i]&63) << shift
		if b[i]&64 == 0 {
			break
		}
	}
	if v&1 != 0 {
		return -int(v >> 1)
	}
	return int(v >> 1)
}

// strIs reports whether obj is a str equal to s, which is ASCII.
func (py *cpython) strIs(mem guestMemory, obj uint32, s string) bool {
	if obj == 0 || mem.u32(obj+py.strLength) != uint32(len(s)) || mem.u32(obj+py.objType) != py.unicodeType {
		return false
	}
	state := mem.u32(obj + py.strState)
	if state>>py.strCompact&1 == 0 || state>>py.strASCII&1 == 0 {
		return false
	}
	return string(mem.bytes(obj+py.asciiData, uint32(len(s)))) == s
}

// str reads a str object of up to max characters (more are cut, with an
// ellipsis), or reports false when obj is not a compact str. Characters
// that are not printable (controls, escapes, bidi overrides) read as
// U+FFFD: a snippet can name its code as it likes, and the name ends up
// in the summary line on a terminal.
func (py *cpython) str(mem guestMemory, obj uint32, max int) (string, bool) {
	if obj == 0 || mem.u32(obj+py.objType) != py.unicodeType {
		return "", false
	}
	length := int32(mem.u32(obj + py.strLength))
	state := mem.u32(obj + py.strState)
	kind, compact, ascii := state>>py.strKind&7, state>>py.strCompact&1 == 1, state>>py.strASCII&1 == 1
	if length < 0 || !compact || (kind != 1 && kind != 2 && kind != 4) {
		return "", false
	}
	n := min(int(length), max)
	data := obj + py.compactData
	if ascii {
		data = obj + py.asciiData
	}
	raw := mem.bytes(data, uint32(n)*kind)
	if raw == nil {
		return "", false
	}
	var b strings.Builder
	for i := 0; i < n; i++ {
		var r rune
		switch kind {
		case 1:
			r = rune(raw[i])
		case 2:
			r = rune(le.Uint16(raw[2*i:]))
		default:
			r = rune(le.Uint32(raw[4*i:]))
		}
		if !unicode.IsPrint(r) { // a name the snippet made may hold escapes
			r = utf8.RuneError
		}
		b.WriteRune(r)
	}
	if int(length) > n {
		b.WriteString("…")
	}
	return b.String(), true
}
