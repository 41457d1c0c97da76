package sandbox

import (
	"context"
	"debug/dwarf"
	"encoding/binary"
	"errors"
	"strings"
	"testing"
)

// TestCPythonLayoutMatchesDWARF derives every constant of pinnedCPython
// again from the DWARF of the pinned python.wasm: struct layouts, bit
// fields, enumerators and the addresses of globals.
func TestCPythonLayoutMatchesDWARF(t *testing.T) {
	py, wasm, err := Provision(context.Background(), NewConfig())
	if err != nil {
		t.Fatalf("python.wasm is needed for this test: %v", err)
	}
	if py.SHA256 != PythonWasmSHA256 {
		t.Skipf("%s is not the pinned python.wasm", py.Path)
	}
	d, err := wasmDWARF(wasm)
	if err != nil {
		t.Fatal(err)
	}
	f := readDWARFFacts(t, d)
	want := cpython{
		runtime:     f.address("_PyRuntime"),
		codeType:    f.address("PyCode_Type"),
		unicodeType: f.address("PyUnicode_Type"),
		bytesType:   f.address("PyBytes_Type"),

		runtimeMain:    f.offset("_PyRuntimeState", "interpreters", "main"),
		interpThreads:  f.offset("PyInterpreterState", "threads", "head"),
		tstateCFrame:   f.offset("PyThreadState", "cframe"),
		cframeCurrent:  f.offset("_PyCFrame", "current_frame"),
		framePrevious:  f.offset("_PyInterpreterFrame", "previous"),
		frameCode:      f.offset("_PyInterpreterFrame", "f_code"),
		framePrevInstr: f.offset("_PyInterpreterFrame", "prev_instr"),
		frameOwner:     f.offset("_PyInterpreterFrame", "owner"),
		frameLocals:    f.offset("_PyInterpreterFrame", "localsplus"),
		codeFirstLine:  f.offset("PyCodeObject", "co_firstlineno"),
		codeFilename:   f.offset("PyCodeObject", "co_filename"),
		codeName:       f.offset("PyCodeObject", "co_name"),
		codeQualname:   f.offset("PyCodeObject", "co_qualname"),
		codeLinetable:  f.offset("PyCodeObject", "co_linetable"),
		codeFirstTrace: f.offset("PyCodeObject", "_co_firsttraceable"),
		codeCode:       f.offset("PyCodeObject", "co_code_adaptive"),
		objType:        f.offset("PyObject", "ob_type"),
		varSize:        f.offset("PyVarObject", "ob_size"),
		bytesData:      f.offset("PyBytesObject", "ob_sval"),
		strLength:      f.offset("PyASCIIObject", "length"),
		strState:       f.offset("PyASCIIObject", "state"),
		strKind:        f.bit("PyASCIIObject", "state", "kind"),
		strCompact:     f.bit("PyASCIIObject", "state", "compact"),
		strASCII:       f.bit("PyASCIIObject", "state", "ascii"),
		asciiData:      f.size("PyASCIIObject"),
		compactData:    f.size("PyCompactUnicodeObject"),

		ownedByGenerator: byte(f.enum("FRAME_OWNED_BY_GENERATOR")),
		ownedByCStack:    byte(f.enum("FRAME_OWNED_BY_CSTACK")),
	}
	if *pinnedCPython != want {
		t.Errorf("pinnedCPython is\n%+v\npython.wasm's DWARF says\n%+v", *pinnedCPython, want)
	}
	// What the reader takes for granted: pointers and Py_ssize_t are 4
	// bytes, _Py_CODEUNIT 2, a state word's fields fit in 32 bits.
	if n := f.size("_Py_CODEUNIT"); n != 2 {
		t.Errorf("_Py_CODEUNIT is %d bytes", n)
	}
	if n := f.size("Py_ssize_t"); n != 4 {
		t.Errorf("Py_ssize_t is %d bytes", n)
	}
}

// wasmDWARF reads the DWARF in a wasm module's custom sections.
func wasmDWARF(wasm []byte) (*dwarf.Data, error) {
	sections := map[string][]byte{}
	for rest := wasm[min(8, len(wasm)):]; len(rest) > 0; {
		id := rest[0]
		size, n := binary.Uvarint(rest[1:])
		if n <= 0 || size > uint64(len(rest)-1-n) {
			return nil, errors.New("malformed section header")
		}
		payload := rest[1+n : 1+n+int(size)]
		if name := customName(payload); id == 0 && strings.HasPrefix(name, ".debug_") {
			nameLen, m := binary.Uvarint(payload)
			sections[name] = payload[m+int(nameLen):]
		}
		rest = rest[1+n+int(size):]
	}
	return dwarf.New(sections[".debug_abbrev"], nil, nil, sections[".debug_info"], sections[".debug_line"], nil, sections[".debug_ranges"], sections[".debug_str"])
}

// dwarfFacts are the named types, globals and enumerators of a module.
type dwarfFacts struct {
	t     *testing.T
	d     *dwarf.Data
	types map[string]dwarf.Offset // the first complete definition of each name
	addrs map[string]uint32
	enums map[string]int64
}

func readDWARFFacts(t *testing.T, d *dwarf.Data) *dwarfFacts {
	f := &dwarfFacts{t: t, d: d, types: map[string]dwarf.Offset{}, addrs: map[string]uint32{}, enums: map[string]int64{}}
	r := d.Reader()
	for {
		e, err := r.Next()
		if err != nil {
			t.Fatal(err)
		}
		if e == nil {
			return f
		}
		name, _ := e.Val(dwarf.AttrName).(string)
		if name == "" {
			continue
		}
		switch e.Tag {
		case dwarf.TagTypedef, dwarf.TagBaseType:
			if _, ok := f.types[name]; !ok {
				f.types[name] = e.Offset
			}
		case dwarf.TagStructType:
			if _, ok := f.types[name]; !ok && e.Children {
				f.types[name] = e.Offset
			}
		case dwarf.TagVariable:
			// DW_OP_addr and a 4-byte address.
			if loc, _ := e.Val(dwarf.AttrLocation).([]byte); len(loc) == 5 && loc[0] == 0x03 {
				f.addrs[name] = binary.LittleEndian.Uint32(loc[1:])
			}
		case dwarf.TagEnumerator:
			if v, ok := e.Val(dwarf.AttrConstValue).(int64); ok {
				f.enums[name] = v
			}
		}
	}
}

func (f *dwarfFacts) typ(name string) dwarf.Type {
	off, ok := f.types[name]
	if !ok {
		f.t.Fatalf("no type %s in the DWARF", name)
	}
	ty, err := f.d.Type(off)
	if err != nil {
		f.t.Fatal(err)
	}
	return ty
}

func (f *dwarfFacts) size(name string) uint32 { return uint32(f.typ(name).Size()) }

// field finds a field of a struct, through the structs of the fields
// before it, and returns it and its offset from the outer struct.
func (f *dwarfFacts) field(name string, path ...string) (*dwarf.StructField, uint32) {
	ty := f.typ(name)
	var off uint32
	var found *dwarf.StructField
	for _, member := range path {
		for {
			td, ok := ty.(*dwarf.TypedefType)
			if !ok {
				break
			}
			ty = td.Type
		}
		st, ok := ty.(*dwarf.StructType)
		if !ok {
			f.t.Fatalf("%s.%s: %s is not a struct", name, strings.Join(path, "."), ty)
		}
		found = nil
		for _, fl := range st.Field {
			if fl.Name == member {
				found = fl
				break
			}
		}
		if found == nil {
			f.t.Fatalf("%s has no field %s", name, strings.Join(path, "."))
		}
		off += uint32(found.ByteOffset)
		ty = found.Type
	}
	return found, off
}

func (f *dwarfFacts) offset(name string, path ...string) uint32 {
	_, off := f.field(name, path...)
	return off
}

// bit is the first bit of a bit field, counted from the least significant
// bit of the word it is in (wasm32 is little-endian).
func (f *dwarfFacts) bit(name string, path ...string) uint32 {
	fl, _ := f.field(name, path...)
	if fl.BitSize == 0 {
		f.t.Fatalf("%s.%s is not a bit field", name, strings.Join(path, "."))
	}
	return uint32(fl.DataBitOffset)
}

func (f *dwarfFacts) address(name string) uint32 {
	a, ok := f.addrs[name]
	if !ok {
		f.t.Fatalf("no address for %s in the DWARF", name)
	}
	return a
}

func (f *dwarfFacts) enum(name string) int64 {
	v, ok := f.enums[name]
	if !ok {
		f.t.Fatalf("no enumerator %s in the DWARF", name)
	}
	return v
}

// stackAtPrint runs code, which prints once, and returns a copy of the
// guest's memory taken while the print is in progress (the guest waits in
// fd_write for the live writer), with the stack at the print.
func stackAtPrint(tb testing.TB, code string) guestMemory {
	tb.Helper()
	e := NewEngine(NewConfig())
	tb.Cleanup(func() { _ = e.Close(context.Background()) })
	if err := e.Ready(context.Background()); err != nil {
		tb.Fatal(err)
	}
	if e.cpython == nil {
		tb.Skip("not the pinned python.wasm")
	}
	var run *Run
	var mem guestMemory
	ready := make(chan struct{})
	out := writerFunc(func(p []byte) (int, error) {
		<-ready
		if mem == nil {
			mem = append(guestMemory(nil), run.mem.bytes()...)
		}
		return len(p), nil
	})
	run, err := e.Start(context.Background(), Request{Code: code, Limits: DefaultLimits(), Stdout: out})
	if err != nil {
		tb.Fatal(err)
	}
	close(ready)
	if res := run.Wait(); res.Outcome != OutcomeOK || mem == nil {
		tb.Fatalf("%s %s", res.Outcome, res.Stderr)
	}
	return mem
}

// deepPrint prints from 500 Python calls deep, and from inside an import
// (a module of the snippet's own, written to the scratch directory).
const deepPrint = `import sys
sys.path.insert(0, "/tmp")
with open("/tmp/deep.py", "w") as f:
    f.write("def f(d):\n    if d:\n        return f(d - 1)\n    print('x')\nf(500)\n")
import deep
`

// The stack read in the middle of a print is the one a traceback shows.
func TestWhereReadsTheStack(t *testing.T) {
	mem := stackAtPrint(t, "def f(d):\n    if d:\n        return f(d - 1)\n    print('x')\nf(20)\n")
	if w := pinnedCPython.where(mem); w != (pyWhere{line: 4, function: "f"}) || pinnedCPython.importing(mem) {
		t.Errorf("where %+v, importing %v", w, pinnedCPython.importing(mem))
	}
	mem = stackAtPrint(t, deepPrint)
	if w := pinnedCPython.where(mem); w != (pyWhere{line: 5, function: "<module>", importing: "deep"}) || !pinnedCPython.importing(mem) {
		t.Errorf("where %+v, importing %v", w, pinnedCPython.importing(mem))
	}
}

// BenchmarkImportSample is what a fuel refill adds when the stack is 500
// Python calls deep and the import is at its bottom: a walk of the whole
// stack, once every fuel slice (10M units, ~10 ms).
func BenchmarkImportSample(b *testing.B) {
	mem := stackAtPrint(b, deepPrint)
	frames := 0
	pinnedCPython.walk(mem, func(_, _ uint32) bool { frames++; return true })
	for b.Loop() {
		if !pinnedCPython.importing(mem) {
			b.Fatal("no import on the stack")
		}
	}
	b.ReportMetric(float64(frames), "frames")
}
