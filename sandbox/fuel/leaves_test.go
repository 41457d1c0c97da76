package fuel

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
)

func TestCallGraphLeaves(t *testing.T) {
	// Two imports; defined functions 0..6 have indices 2..8.
	call := func(idx uint32) instr { return instr{kind: kindCall, imm: idx, cost: 1} }
	plain := instr{kind: kindPlain, cost: 1}
	g := &callGraph{numImported: 2}
	g.add([]instr{plain, plain})                              // 0: leaf, 2
	g.add([]instr{call(2), call(2), plain})                   // 1: leaf, 3 + 2*2 = 7
	g.add([]instr{call(3), {kind: kindLoop}})                 // 2: loop
	g.add([]instr{call(1)})                                   // 3: calls an import
	g.add([]instr{call(7)})                                   // 4: 4 and 5 call each other
	g.add([]instr{call(6), call(3)})                          // 5
	g.add([]instr{call(3), call(3), call(3), call(3), plain}) // 6: 5 + 4*7 = 33
	weight, order := g.leaves(32)
	if want := []int64{2, 7, -1, -1, -1, -1, -1}; !slices.Equal(weight, want) {
		t.Fatalf("weights %v, want %v", weight, want)
	}
	if want := []uint32{0, 1}; !slices.Equal(order, want) {
		t.Fatalf("order %v, want %v", order, want)
	}
	if weight, order = g.leaves(33); weight[6] != 33 || !slices.Equal(order, []uint32{0, 1, 6}) {
		t.Fatalf("limit 33: weights %v, order %v", weight, order)
	}
}

// joinsWat calls leaves inside blocks and ifs, clean ones and ones with a
// branch out, a return, an unreachable or a call to a non-leaf, and calls
// an import, probe, between them.
const joinsWat = `(module
  (import "env" "probe" (func $probe (param i32)))
  (table 1 funcref)
  (elem (i32.const 0) $inc)
  (func $inc (param i32) (result i32) local.get 0 i32.const 1 i32.add)
  (func $twice (param i32) (result i32) local.get 0 call $inc call $inc)
  (func $sel (param i32) (result i32)
    block (result i32)
      i32.const 5
      local.get 0 i32.const 3 i32.gt_s
      br_if 0
      drop
      i32.const 7
    end
    local.get 0
    if (result i32) i32.const 1 else local.get 0 call $inc end
    i32.add)
  (func $rec (param i32) (result i32)
    local.get 0
    if (result i32) local.get 0 i32.const 1 i32.sub call $rec else i32.const 0 end)
  (func (export "run") (param $x i32) (result i32) (local $acc i32)
    local.get $x call $twice local.set $acc
    i32.const 1 call $probe
    block
      local.get $x i32.eqz br_if 0
      local.get $acc call $sel local.set $acc
    end
    i32.const 2 call $probe
    local.get $x
    if
      local.get $acc i32.const 3 call $rec i32.add local.set $acc
    end
    local.get $acc local.get $x call $sel i32.add local.set $acc
    i32.const 3 call $probe
    block
      block
        local.get $x i32.const 2 i32.rem_u br_if 0
        local.get $acc call $inc local.set $acc
        br 1
      end
      local.get $acc call $twice local.set $acc
    end
    local.get $x
    if
      local.get $acc i32.const 0 call_indirect (param i32) (result i32) local.set $acc
    else
      local.get $x i32.const 99 i32.eq
      if
        unreachable
      end
    end
    i32.const 4 call $probe
    local.get $acc
    local.get $x i32.const 1 i32.eq
    if (result i32) local.get $x call $twice else local.get $x return end
    i32.add))
`

func wat2wasm(t testing.TB, src string) []byte {
	t.Helper()
	bin, err := exec.LookPath("wat2wasm")
	if err != nil {
		t.Fatal("wat2wasm not found: apt-get install wabt")
	}
	dir := t.TempDir()
	in, out := filepath.Join(dir, "m.wat"), filepath.Join(dir, "m.wasm")
	if err := os.WriteFile(in, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	if b, err := exec.Command(bin, in, "-o", out).CombinedOutput(); err != nil {
		t.Fatalf("wat2wasm: %v\n%s", err, b)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestInstrument_importFuel runs joinsWat in every configuration: results,
// totals and the fuel used inside each import call must be Version 1's.
func TestInstrument_importFuel(t *testing.T) {
	ctx := context.Background()
	wasm := wat2wasm(t, joinsWat)
	run := func(t *testing.T, cfg config, slice int64, x uint64) string {
		out, err := instrument(wasm, cfg)
		if err != nil {
			t.Fatal(err)
		}
		h := &fuelHost{slice: slice}
		r := newFuelRuntime(t, ctx, wazero.NewRuntimeConfig(), h)
		var probes []int64
		_, err = r.NewHostModuleBuilder("env").NewFunctionBuilder().
			WithGoFunction(api.GoFunc(func(context.Context, []uint64) { probes = append(probes, h.used()) }),
				[]api.ValueType{api.ValueTypeI32}, nil).
			Export("probe").Instantiate(ctx)
		if err != nil {
			t.Fatal(err)
		}
		mod, err := r.Instantiate(ctx, out)
		if err != nil {
			t.Fatal(err)
		}
		h.global = mod.ExportedGlobal(GlobalExport)
		res, err := mod.ExportedFunction("run").Call(ctx, x)
		total := fmt.Sprint(h.used())
		if err != nil {
			// After a trap, the rest of whatever was charged ahead counts.
			res, total = nil, "after trap"
		}
		return fmt.Sprintf("result %v, trapped %v, probes %v, total %s", res, err != nil, probes, total)
	}
	for cname, cfg := range configs {
		out, err := instrument(wasm, cfg)
		if err != nil {
			t.Fatal(err)
		}
		wasmValidate(t, out)
		for _, x := range []uint64{0, 1, 2, 3, 5, 99} {
			want := run(t, config{prepay: true}, 1<<40, x)
			for _, slice := range []int64{1, 3, 1 << 40} {
				if got := run(t, cfg, slice, x); got != want {
					t.Errorf("%s slice=%d run(%d): %s, want %s", cname, slice, x, got, want)
				}
			}
		}
	}
}
