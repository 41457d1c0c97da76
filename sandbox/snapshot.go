package sandbox

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"strings"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"

	"github.com/pyplay/pyplay/sandbox/fuel"
)

// pythonResumePoint is where the pinned python.wasm's start-up ends: in
// _start, into which wasm-opt inlined main, Py_BytesMain, pymain_main and
// Py_RunMain, right after pymain_main's status checks, where Py_RunMain
// sets up its frame (`int exitcode = 0`). CPython is initialized there,
// sitecustomize.py has run, and nothing of the snippet has: no Python frame
// and no open file. The DWARF in python.wasm cannot name the place (every
// address in it is 0, left so by wasm-opt), so it is found by its code,
// which must occur exactly once; a python.wasm without it runs cold.
var pythonResumePoint = fuel.ResumePoint{
	Export: "_start",
	Marker: []byte{
		0x00, 0x0b, // unreachable; end: the if that exits on an error status
		0x23, 0x00, 0x41, 0x10, 0x6b, 0x22, 0x08, 0x24, 0x00, // sp -= 16, the frame
		0x20, 0x08, 0x41, 0x00, 0x36, 0x02, 0x0c, // exitcode = 0
	},
	Skip: 2, // the point is after the end
	// CPython never yields during start-up, and the hook only acts in the
	// instance that builds the snapshot.
	HookModule: "wasi_snapshot_preview1",
	HookName:   "sched_yield",
}

// preloaded are the standard-library modules every run finds imported, so
// that `import json` costs the snippet a sys.modules look-up instead of
// ~224M units. They are what LLM answers import most.
var preloaded = []string{
	"json", "re", "collections", "dataclasses", "typing", "itertools", "functools",
	"datetime", "math", "random", "statistics", "decimal", "fractions", "heapq",
	"bisect", "enum", "textwrap", "string", "csv", "io", "pathlib", "hashlib",
	"base64", "uuid", "copy", "operator", "contextlib", "abc", "time", "struct",
	"argparse", "logging", "unittest", "asyncio", "pprint", "inspect", "difflib",
	"tempfile", "shutil",
	"zoneinfo",
}

// snapshot is python.wasm's state at the end of start-up: linear memory and
// the mutable globals, from which every run's instance starts.
type snapshot struct {
	module  []byte   // the fuel-instrumented, resumable module it is of
	names   []string // the exported globals to set (fuel.Resumable.Globals)
	memory  []byte   // linear memory, whole
	globals []uint64 // their values, in order
	startup int64    // fuel start-up burnt up to the point
	// The virtual clocks' last readings, in nanoseconds: a deterministic
	// run continues from them, as a cold one would.
	wall, mono int64
}

// preloadSource is the start-up code that imports the preloaded modules.
func preloadSource() string {
	names := make([]string, len(preloaded))
	for i, name := range preloaded {
		names[i] = fmt.Sprintf("%q", name)
	}
	return fmt.Sprintf(siteCustomizePreload, "["+strings.Join(names, ", ")+"]", mends)
}

// mends is site/mends.py: see siteCustomizePreload.
//
//go:embed site/mends.py
var mends string

// errSnapshotTaken ends the instance that builds a snapshot, at the point.
var errSnapshotTaken = errors.New("sandbox: snapshot taken")

// snapshotBuilder captures an instance's state when it reaches the point.
type snapshotBuilder struct {
	globals []string
	snap    *snapshot
}

// capture is the hook's work in the building instance, h.
func (b *snapshotBuilder) capture(mod api.Module, h *instanceHost) {
	mem := mod.Memory()
	data, _ := mem.Read(0, mem.Size())
	s := &snapshot{memory: append([]byte(nil), data...), wall: h.clock.virtualWall.Load(), mono: h.clock.virtualMono.Load()}
	for _, name := range b.globals {
		s.globals = append(s.globals, mod.ExportedGlobal(name).Get())
	}
	s.startup = h.fuel.consumed(int64(h.fuel.global.Get()))
	b.snap = s
	panic(errSnapshotTaken)
}

// schedYield replaces WASI's sched_yield, which is also the resume point's
// hook: in the instance that builds a snapshot it captures it.
func schedYield(ctx context.Context, mod api.Module, stack []uint64) {
	if h := hostOf(ctx); h.snapshot != nil && h.snapshot.snap == nil {
		h.snapshot.capture(mod, h)
	}
	stack[0] = errnoSuccess
}

// buildSnapshot runs CPython's start-up, with the preloaded modules, in a
// deterministic instance, up to the point, and captures it there.
// The compiled module is e.module, from wasm, made from res.
func (e *Engine) buildSnapshot(ctx context.Context, wasm []byte, res *fuel.Resumable) (*snapshot, error) {
	mod := e.module
	mem := newMemoryMeter(0)
	clock := newGuestClock(ctx, true)
	meter := newFuelMeter(0, e.cfg.fuelSlice, mem)
	b := &snapshotBuilder{globals: res.Globals}
	host := &instanceHost{mem: mem, fuel: meter, clock: clock, snapshot: b}
	var stderr limitedBuffer
	cfg := wazero.NewModuleConfig().WithName("").WithArgs(guestArgs...).
		WithStderr(&stderr).
		WithFSConfig(guestFSWith(func() []byte { return nil }, nil, nil, newScratchFS(0, func() int64 { return fakeEpoch }), pathFS{}, preloadSource())).
		WithStartFunctions().
		WithWalltime(clock.walltime, 1000).WithNanotime(clock.nanotime, 1).WithNanosleep(clock.sleep)
	ictx := host.context(ctx)
	defer mem.release()
	inst, err := mod.wazeroRuntime.InstantiateModule(ictx, mod.compiled, cfg)
	if err != nil {
		return nil, err
	}
	defer inst.Close(context.Background())
	for _, seg := range res.Data {
		if !inst.Memory().Write(seg.Offset, seg.Bytes) {
			return nil, errors.New("sandbox: a data segment lies outside memory")
		}
	}
	meter.global = inst.ExportedGlobal(fuel.GlobalExport)
	_, err = inst.ExportedFunction("_start").Call(ictx)
	if b.snap == nil {
		return nil, fmt.Errorf("sandbox: start-up ended before the snapshot point: %v %s", err, stderr.String())
	}
	if stderr.String() != "" { // an error in sitecustomize.py: it would be in every run
		return nil, fmt.Errorf("sandbox: CPython's start-up printed %q", stderr.String())
	}
	b.snap.module, b.snap.names = wasm, res.Globals
	return b.snap, nil
}

// limitedBuffer keeps the first 4 KiB written to it.
type limitedBuffer struct{ b []byte }

func (l *limitedBuffer) Write(p []byte) (int, error) {
	l.b = append(l.b, p[:min(len(p), max(4096-len(l.b), 0))]...)
	return len(p), nil
}

func (l *limitedBuffer) String() string { return string(l.b) }

// resume sets a new instance, whose memory holds the snapshot's image
// already (see memoryMeter.image), to the snapshot's state: memory size,
// globals, and the fuel start-up burnt before the point.
func resume(inst api.Module, snap *snapshot, f *fuelMeter) error {
	mem := inst.Memory()
	if want := uint32(len(snap.memory) / 65536); want > mem.Size()/65536 {
		if _, ok := mem.Grow(want - mem.Size()/65536); !ok {
			return errors.New("sandbox: the memory cap is below the snapshot's memory")
		}
	}
	for i, name := range snap.names {
		inst.ExportedGlobal(name).(api.MutableGlobal).Set(snap.globals[i])
	}
	f.global.(api.MutableGlobal).Set(0)
	f.given = snap.startup // consumed = given - global
	return nil
}
