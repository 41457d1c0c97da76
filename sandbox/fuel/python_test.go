package fuel

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
	"github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"
	"github.com/tetratelabs/wazero/sys"
)

// pythonWasmForTest returns the path of CPython 3.12.0 for WASI. When it is
// not provisioned yet, it runs pyplay once, as a user's first run would:
// this package cannot import the sandbox (which imports it) to do so.
func pythonWasmForTest(t testing.TB) string {
	t.Helper()
	if p := os.Getenv("PYPLAY_PYTHON_WASM"); p != "" {
		return p
	}
	if p := cachedPythonWasm(); p != "" {
		return p
	}
	cmd := exec.Command("go", "run", "github.com/pyplay/pyplay", "run", "--fuel", "0", "-")
	cmd.Stdin = strings.NewReader("pass")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("provisioning python.wasm with pyplay: %v\n%s", err, out)
	}
	if p := cachedPythonWasm(); p != "" {
		return p
	}
	t.Fatal("python.wasm is still not in the cache after pyplay ran")
	return ""
}

// cachedPythonWasm is where pyplay caches python.wasm, if it is there.
func cachedPythonWasm() string {
	dir := os.Getenv("XDG_CACHE_HOME")
	if !filepath.IsAbs(dir) {
		d, err := os.UserCacheDir()
		if err != nil {
			return ""
		}
		dir = d
	}
	p := filepath.Join(dir, "pyplay", "python-3.12.0.wasm")
	if _, err := os.Stat(p); err != nil {
		return ""
	}
	return p
}

// pythonModules holds plain and instrumented python.wasm, instrumented once
// per test binary.
var pythonModules struct {
	once                sync.Once
	plain, instrumented []byte
	err                 error
}

func pythonForTest(t testing.TB) (plain, instrumented []byte) {
	t.Helper()
	path := pythonWasmForTest(t)
	pythonModules.once.Do(func() {
		p := &pythonModules
		if p.plain, p.err = os.ReadFile(path); p.err == nil {
			p.instrumented, p.err = Instrument(p.plain)
		}
	})
	if pythonModules.err != nil {
		t.Fatal(pythonModules.err)
	}
	return pythonModules.plain, pythonModules.instrumented
}

// compileCtx compiles with all CPUs: python.wasm has 11k functions.
func compileCtx() context.Context {
	return experimental.WithCompilationWorkers(context.Background(), runtime.GOMAXPROCS(0))
}

// testCompilationCache persists compiled python.wasm across test runs, which
// otherwise spend minutes in the compiler (far more under -race).
func testCompilationCache(t testing.TB) wazero.CompilationCache {
	t.Helper()
	dir, err := os.UserCacheDir()
	if err != nil {
		dir = os.TempDir()
	}
	c, err := wazero.NewCompilationCacheWithDir(filepath.Join(dir, "pyplay", "fuel-test-wazero"))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// pythonRunner runs python.wasm modules compiled once in one runtime.
type pythonRunner struct {
	r    wazero.Runtime
	host *fuelHost
}

func newPythonRunner(t testing.TB) *pythonRunner {
	t.Helper()
	return newPythonRunnerWASI(t, context.Background())
}

// newPythonRunnerWASI instantiates WASI with wasiCtx, which may carry an
// experimental function listener factory.
func newPythonRunnerWASI(t testing.TB, wasiCtx context.Context) *pythonRunner {
	t.Helper()
	h := &fuelHost{}
	r := newFuelRuntime(t, context.Background(), wazero.NewRuntimeConfig().WithCompilationCache(testCompilationCache(t)), h)
	wasi_snapshot_preview1.MustInstantiate(wasiCtx, r)
	return &pythonRunner{r: r, host: h}
}

func (p *pythonRunner) compile(t testing.TB, wasm []byte) wazero.CompiledModule {
	t.Helper()
	cm, err := p.r.CompileModule(compileCtx(), wasm)
	if err != nil {
		t.Fatal(err)
	}
	return cm
}

// run executes python with args and returns its output and, for an
// instrumented module, the fuel used.
func (p *pythonRunner) run(t testing.TB, cm wazero.CompiledModule, h *fuelHost, args ...string) (string, int64) {
	t.Helper()
	ctx := context.Background()
	*p.host = *h
	var out bytes.Buffer
	cfg := wazero.NewModuleConfig().WithName("").WithStartFunctions().
		WithArgs(append([]string{"python"}, args...)...).WithStdout(&out).WithStderr(&out)
	mod, err := p.r.InstantiateModule(ctx, cm, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer mod.Close(ctx)
	p.host.global = mod.ExportedGlobal(GlobalExport)
	if g, ok := p.host.global.(api.MutableGlobal); ok && p.host.budget > 0 {
		g.Set(uint64(p.host.budget))
	}
	_, err = mod.ExportedFunction("_start").Call(ctx)
	var exit *sys.ExitError
	if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == 0) {
		t.Fatalf("python %q: %v\n%s", args, err, out.String())
	}
	*h = *p.host
	if h.global == nil {
		return out.String(), 0
	}
	return out.String(), h.used()
}

func TestInstrument_python(t *testing.T) {
	plain, instrumented := pythonForTest(t)
	wasmValidate(t, instrumented)
	t.Logf("python.wasm: %d bytes, instrumented: %d bytes", len(plain), len(instrumented))

	p := newPythonRunner(t)
	plainMod, instMod := p.compile(t, plain), p.compile(t, instrumented)

	const code = "print(sum(range(10)))"
	want, _ := p.run(t, plainMod, &fuelHost{}, "-c", code)
	if want != "45\n" {
		t.Fatalf("plain python printed %q", want)
	}
	var fuel [2]int64
	for i := range fuel {
		var got string
		got, fuel[i] = p.run(t, instMod, &fuelHost{slice: 10_000_000}, "-c", code)
		if got != want {
			t.Fatalf("instrumented python printed %q, want %q", got, want)
		}
	}
	if fuel[0] != fuel[1] || fuel[0] <= 0 {
		t.Fatalf("fuel differs across runs or is not positive: %d", fuel)
	}
	t.Logf("fuel for %q: %d", code, fuel[0])

	// Slice sizes must not change the total.
	_, small := p.run(t, instMod, &fuelHost{slice: 1000}, "-c", code)
	if small != fuel[0] {
		t.Fatalf("fuel with 1000-unit slices: %d, want %d", small, fuel[0])
	}

	_, pass := p.run(t, instMod, &fuelHost{slice: 10_000_000}, "-c", "pass")
	t.Logf("fuel for CPython start-up (-c pass): %d", pass)
	if pass <= 0 || pass >= fuel[0] {
		t.Fatalf("start-up fuel %d not in (0, %d)", pass, fuel[0])
	}
}

// wasiFuelListener records the fuel used when each WASI function is called.
type wasiFuelListener struct {
	host  *fuelHost
	calls []string
}

func (l *wasiFuelListener) NewFunctionListener(api.FunctionDefinition) experimental.FunctionListener {
	return l
}

func (l *wasiFuelListener) Before(_ context.Context, _ api.Module, def api.FunctionDefinition, _ []uint64, _ experimental.StackIterator) {
	if l.host.global != nil {
		l.calls = append(l.calls, fmt.Sprintf("%s@%d", def.Name(), l.host.used()))
	}
}

func (l *wasiFuelListener) After(context.Context, api.Module, api.FunctionDefinition, []uint64) {}

func (l *wasiFuelListener) Abort(context.Context, api.Module, api.FunctionDefinition, error) {}

// TestInstrument_pythonImportFuel checks that inside every WASI call the
// fuel used is the same as with the instrumentation of Version 1, which
// charged every call separately: leaves and joins only move charges where
// no import can see them.
func TestInstrument_pythonImportFuel(t *testing.T) {
	plain, instrumented := pythonForTest(t)
	v1, err := instrument(plain, config{prepay: true})
	if err != nil {
		t.Fatal(err)
	}
	l := &wasiFuelListener{}
	p := newPythonRunnerWASI(t, experimental.WithFunctionListenerFactory(context.Background(), l))
	l.host = p.host
	var calls [2][]string
	var fuel [2]int64
	for i, wasm := range [][]byte{v1, instrumented} {
		cm := p.compile(t, wasm)
		l.calls = nil
		p.host.global = nil
		_, fuel[i] = p.run(t, cm, &fuelHost{slice: 1000}, "-c", llmSnippet)
		calls[i] = l.calls
	}
	if fuel[0] != fuel[1] {
		t.Fatalf("fuel: v1 %d, now %d", fuel[0], fuel[1])
	}
	if len(calls[0]) < 10 {
		t.Fatalf("only %d WASI calls seen", len(calls[0]))
	}
	if !slices.Equal(calls[0], calls[1]) {
		for i := range min(len(calls[0]), len(calls[1])) {
			if calls[0][i] != calls[1][i] {
				t.Fatalf("WASI call %d: v1 %s, now %s", i, calls[0][i], calls[1][i])
			}
		}
		t.Fatalf("WASI calls: v1 %d, now %d", len(calls[0]), len(calls[1]))
	}
	t.Logf("%d WASI calls, same fuel in each", len(calls[0]))
}
