package sandbox

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"

	"github.com/pyplay/pyplay/sandbox/fuel"
)

// Stage is where an Engine is on its way to running snippets.
type Stage int32

const (
	StageIdle         Stage = iota // Prepare not called yet
	StageProvisioning              // finding or fetching python.wasm
	StageCompiling                 // compiling (or loading from the disk cache)
	StageSnapshotting              // starting CPython once, to resume every run from
	StageReady                     // runs start at once
	StageFailed                    // Ready returns the reason
)

func (s Stage) String() string {
	switch s {
	case StageIdle:
		return "idle"
	case StageProvisioning:
		return "provisioning python.wasm"
	case StageCompiling:
		return "compiling python.wasm"
	case StageSnapshotting:
		return "preloading the standard library"
	case StageReady:
		return "ready"
	case StageFailed:
		return "failed"
	}
	return fmt.Sprintf("Stage(%d)", int32(s))
}

// Engine runs snippets. Create one per process with NewEngine; it is safe for
// concurrent use.
//
// Provisioning and compiling python.wasm take seconds the first time, so they
// run in the background: call Prepare as early as possible, and Ready (or
// Start, which waits for it) when a run is wanted.
type Engine struct {
	cfg   Config
	stage atomic.Int32

	// closeCtx cancels provisioning (a running npm) when the engine closes.
	closeCtx context.Context
	closeFn  context.CancelFunc

	prepareOnce sync.Once
	ready       chan struct{}
	// Set before ready is closed, read-only after.
	err    error
	python PythonWasm // which python.wasm
	module module     // the fuel-instrumented python.wasm every run uses
	snap   *snapshot  // where every run resumes; nil: runs start cold
	// cpython is python.wasm's memory layout, when pyplay knows it: it
	// tells where a stopped program was.
	cpython *cpython
	// pythonPath serves Config.WithPythonPath's directories to every run.
	pythonPath pathFS

	pool      pool
	instances sync.WaitGroup // every instance's goroutine, so Close can wait
}

// module is a compiled python.wasm, the size of its initial memory and the
// wazero runtime it was compiled in, which its instances run in.
type module struct {
	compiled      wazero.CompiledModule
	minMem        uint64
	wazeroRuntime wazero.Runtime
}

// NewEngine returns an engine that has done nothing yet; it is cheap.
func NewEngine(cfg Config) *Engine {
	ctx, cancel := context.WithCancel(context.Background())
	return &Engine{cfg: cfg, closeCtx: ctx, closeFn: cancel, ready: make(chan struct{}), pool: pool{size: cfg.prestart}}
}

// Prepare starts provisioning and compiling python.wasm in the background and
// returns at once. Calling it again does nothing.
func (e *Engine) Prepare() {
	e.prepareOnce.Do(func() { go e.prepare() })
}

// Ready starts Prepare if needed and waits until the engine can run snippets
// or has failed, or ctx is done.
func (e *Engine) Ready(ctx context.Context) error {
	e.Prepare()
	select {
	case <-e.ready:
		return e.err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Stage reports where the engine is; it never blocks.
func (e *Engine) Stage() Stage { return Stage(e.stage.Load()) }

// PythonWasm describes the python.wasm in use. It is the zero PythonWasm
// until Ready has returned nil.
func (e *Engine) PythonWasm() PythonWasm {
	select {
	case <-e.ready:
		return e.python
	default:
		return PythonWasm{}
	}
}

// Close stops a provisioning in progress and frees the compiled module. Runs
// still in progress are closed too.
func (e *Engine) Close(ctx context.Context) error {
	e.closeFn()
	e.prepareOnce.Do(func() { // never prepared: nothing to wait for
		e.err = errors.New("sandbox: engine closed")
		close(e.ready)
	})
	<-e.ready
	e.instances.Wait() // parked and running instances end with closeCtx
	e.pythonPath.close()
	if r := e.module.wazeroRuntime; r != nil {
		return r.Close(ctx)
	}
	return nil
}

func (e *Engine) setStage(s Stage) {
	e.stage.Store(int32(s))
	if e.cfg.onStage != nil {
		e.cfg.onStage(s)
	}
}

func (e *Engine) prepare() {
	defer close(e.ready)
	e.err = e.load(e.closeCtx)
	if e.err != nil {
		e.setStage(StageFailed)
		return
	}
	e.cpython = cpythonFor(e.python.SHA256)
	// The pool starts with the first run's expected kind, and follows the runs.
	if e.cfg.prestart > 0 {
		e.pool.refill(e, e.module, keyOf(Request{Limits: DefaultLimits()}))
	}
	e.setStage(StageReady)
}

// load provisions, compiles and snapshots python.wasm. A process that
// finds all of it in the cache (the usual case) reads one snapshot file,
// which holds the instrumented module too, and loads the compiled code:
// python.wasm itself is not read, and its digest is the one recorded when
// it was last verified, while its size and modification time are unchanged.
func (e *Engine) load(ctx context.Context) error {
	e.setStage(StageProvisioning)
	var err error
	if e.pythonPath, err = openPythonPath(e.cfg.pythonPath); err != nil {
		return err
	}
	cacheDir, _ := e.cfg.resolvedCacheDir() // "" means no disk cache
	if py, ok := knownPythonWasm(e.cfg, cacheDir); ok {
		path := snapshotPath(cacheDir, py.SHA256)
		pruneOlder(cacheDir, "snapshot", py.SHA256, filepath.Base(path))
		if snap, err := openSnapshot(path); err == nil {
			e.python, e.snap = py, snap
			e.setStage(StageCompiling)
			e.module, err = e.compile(ctx, snap.module, py, cacheDir)
			return err
		}
	}
	py, wasm, err := Provision(ctx, e.cfg)
	if err != nil {
		return err
	}
	rememberPythonWasm(cacheDir, py)
	e.setStage(StageCompiling)
	if wasm, err = stripDebugSections(wasm); err != nil {
		return fmt.Errorf("sandbox: %s: %w", py.Path, err)
	}
	e.python = py
	resumable, rerr := fuel.MakeResumable(wasm, pythonResumePoint)
	if rerr != nil {
		e.cfg.say("%s cannot be snapshotted (%v): every run starts CPython from scratch", py.Path, rerr)
	} else {
		wasm = resumable.Module
	}
	if wasm, err = instrumented(cacheDir, wasm); err != nil {
		return fmt.Errorf("sandbox: %s: %w", py.Path, err)
	}
	if e.module, err = e.compile(ctx, wasm, py, cacheDir); err != nil || resumable == nil {
		return err
	}
	e.setStage(StageSnapshotting)
	e.snap, err = e.buildSnapshot(ctx, wasm, resumable)
	if err == nil && cacheDir != "" {
		path := snapshotPath(cacheDir, py.SHA256)
		saveSnapshot(path, e.snap)
		pruneOlder(cacheDir, "snapshot", py.SHA256, filepath.Base(path))
	}
	return err
}

// compile compiles wasm, the module pyplay makes of py, in a new wazero
// runtime of its own, with wazero's disk cache when it can (see
// compiledCache), and in memory when the cache fails, with a note.
func (e *Engine) compile(ctx context.Context, wasm []byte, py PythonWasm, cacheDir string) (module, error) {
	key := fmt.Sprintf("%s-f%d-s%d", py.SHA256[:min(32, len(py.SHA256))], fuel.Version, snapshotVersion)
	cache := openCompiledCache(cacheDir, key)
	mod, err := e.compileIn(ctx, wasm, py.Path, cacheDir)
	if err == nil {
		if cache.compiled() {
			pruneOlder(cacheDir, "compiled", py.SHA256, key)
		}
		return mod, nil
	}
	if cacheDir == "" || ctx.Err() != nil {
		return module{}, err
	}
	e.cfg.say("the compiled-code cache in %s failed (%v): compiling in memory", filepath.Join(cacheDir, "wazero"), err)
	return e.compileIn(ctx, wasm, py.Path, "")
}

// compileIn compiles wasm with wazero's cache in cacheDir, or none for "".
func (e *Engine) compileIn(ctx context.Context, wasm []byte, path, cacheDir string) (module, error) {
	r, err := newWazeroRuntime(ctx, cacheDir)
	if err != nil {
		return module{}, err
	}
	mod, err := compileModule(ctx, r, wasm, path)
	if err != nil {
		_ = r.Close(ctx)
	}
	return mod, err
}

func compileModule(ctx context.Context, r wazero.Runtime, wasm []byte, path string) (module, error) {
	// Each module runs in the wazero runtime it was compiled in.
	compiled, err := r.CompileModule(ctx, wasm)
	if err != nil {
		return module{}, fmt.Errorf("sandbox: compile %s: %w", path, err)
	}
	minMem, err := checkCommandModule(compiled, path)
	if err != nil {
		return module{}, err
	}
	return module{compiled: compiled, minMem: minMem, wazeroRuntime: r}, nil
}

// newWazeroRuntime makes the wazero runtime that runs share: the compiled
// code is shared, instances are not. The compilation cache lives in the
// cache dir so the next process skips the ~3 s compile.
//
// wazero does not check the context in compiled code (WithCloseOnContextDone
// costs ~60% of run time on python.wasm): every run is fuel-metered, also an
// unlimited one, so a timeout or cancel stops it at its next fuel refill
// (every 10M units, ~10 ms), and a sleep at once.
func newWazeroRuntime(ctx context.Context, cacheDir string) (wazero.Runtime, error) {
	// Without DWARF stack traces: python.wasm carries 20 MB of debug info, and
	// building a trace from it on every exit (even sys.exit) takes seconds.
	rc := wazero.NewRuntimeConfig().WithDebugInfoEnabled(false)
	if cacheDir != "" {
		// An unwritable cache dir only costs speed: compile without it.
		if cache, err := wazero.NewCompilationCacheWithDir(filepath.Join(cacheDir, "wazero")); err == nil {
			rc = rc.WithCompilationCache(cache)
		}
	}
	r := wazero.NewRuntimeWithConfig(ctx, rc)
	if err := instantiateWASI(ctx, r); err != nil {
		_ = r.Close(ctx)
		return nil, fmt.Errorf("sandbox: instantiate WASI: %w", err)
	}
	if err := instantiateFuelHost(ctx, r); err != nil {
		_ = r.Close(ctx)
		return nil, fmt.Errorf("sandbox: instantiate fuel host: %w", err)
	}
	return r, nil
}

// checkCommandModule rejects modules that are not WASI commands and returns
// the initial size of the module's memory.
func checkCommandModule(m wazero.CompiledModule, path string) (uint64, error) {
	if _, ok := m.ExportedFunctions()["_start"]; !ok {
		return 0, fmt.Errorf("sandbox: %s is not a WASI command module (no _start export): give the path of a python.wasm built for WASI", path)
	}
	for _, f := range m.ImportedFunctions() {
		if mod, name, _ := f.Import(); mod != wasi_snapshot_preview1.ModuleName && mod != fuel.ImportModule {
			return 0, fmt.Errorf("sandbox: %s imports %s.%s, which pyplay does not provide: give the path of a python.wasm built for WASI", path, mod, name)
		}
	}
	var mems []api.MemoryDefinition
	for _, d := range m.ExportedMemories() {
		mems = append(mems, d)
	}
	if len(mems) == 0 {
		return 0, fmt.Errorf("sandbox: %s exports no memory: give the path of a python.wasm built for WASI", path)
	}
	return uint64(mems[0].Min()) * 65536, nil
}
