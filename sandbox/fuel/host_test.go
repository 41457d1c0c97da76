package fuel

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
)

// errOutOfFuel is what the test refill panics with once the limit is spent.
var errOutOfFuel = errors.New("out of fuel")

// fuelHost is the host side of the instrumentation ABI, as the engine is
// expected to implement it: it hands out slices of at most slice units until
// limit (0: unlimited) is spent.
type fuelHost struct {
	slice, limit int64

	accounted int64 // fuel of the finished slices
	budget    int64 // budget of the current slice
	refills   int
	exhausted bool // the run was stopped; accounted is the final total
	global    api.Global
}

func (h *fuelHost) refill(_ context.Context, stack []uint64) {
	cur := int64(stack[0])
	if cur >= 0 {
		panic(errors.New("refill called with non-negative fuel"))
	}
	h.refills++
	h.accounted += h.budget - cur
	next := h.slice
	if h.limit > 0 {
		if h.accounted >= h.limit {
			h.exhausted = true
			panic(errOutOfFuel)
		}
		next = min(next, h.limit-h.accounted)
	}
	h.budget = next
	stack[0] = uint64(next)
}

// used is the fuel consumed so far: finished slices plus what the current
// slice has spent.
func (h *fuelHost) used() int64 {
	if h.exhausted {
		return h.accounted
	}
	return h.accounted + h.budget - int64(h.global.Get())
}

// newFuelRuntime returns a runtime with the host module providing refill.
func newFuelRuntime(t testing.TB, ctx context.Context, rc wazero.RuntimeConfig, h *fuelHost) wazero.Runtime {
	t.Helper()
	r := wazero.NewRuntimeWithConfig(ctx, rc)
	t.Cleanup(func() { r.Close(ctx) })
	_, err := r.NewHostModuleBuilder(ImportModule).
		NewFunctionBuilder().
		WithGoFunction(api.GoFunc(h.refill), []api.ValueType{api.ValueTypeI64}, []api.ValueType{api.ValueTypeI64}).
		Export(ImportName).
		Instantiate(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// readTestdata returns a module from testdata/fuel at the repository root.
func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "fuel", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// wasmValidate runs wabt's validator, which is independent of wazero.
func wasmValidate(t testing.TB, wasm []byte) {
	t.Helper()
	bin, err := exec.LookPath("wasm-validate")
	if err != nil {
		t.Fatal("wasm-validate not found: apt-get install wabt")
	}
	f := filepath.Join(t.TempDir(), "m.wasm")
	if err := os.WriteFile(f, wasm, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(bin, f).CombinedOutput(); err != nil {
		t.Fatalf("wasm-validate: %v\n%s", err, out)
	}
}
