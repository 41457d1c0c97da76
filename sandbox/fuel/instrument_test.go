package fuel

// The modules in testdata/fuel are built from their .wat sources with wabt.
//go:generate sh ../../testdata/fuel/generate.sh

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/tetratelabs/wazero"
)

// configs are all combinations of the optimisations; each must give the
// same totals.
var configs = map[string]config{
	"default":       defaultConfig,
	"noprepay":      {prepay: false, checkAfterCall: true},
	"nocheckafter":  {prepay: true, checkAfterCall: false},
	"plainperblock": {},
	"strict":        {prepay: true, checkAfterCall: true},
	"v1":            {prepay: true},
	"leaves":        {prepay: true, leafLimit: 1000},
	"joins":         {prepay: true, joins: true},
	"strictall":     {prepay: true, checkAfterCall: true, leafLimit: 1000, joins: true},
	"noprepayall":   {leafLimit: 1000, joins: true},
	"tinyleaves":    {prepay: true, leafLimit: 3, joins: true},
}

var runtimes = map[string]func() wazero.RuntimeConfig{
	"compiler":    wazero.NewRuntimeConfigCompiler,
	"interpreter": wazero.NewRuntimeConfigInterpreter,
}

// fuelCases have fuel totals computed by hand; the .wat files explain them.
var fuelCases = []struct {
	file, fn string
	args     []uint64
	want     []int32 // nil when the call traps
	fuel     int64
}{
	{"straight.wasm", "run", []uint64{2}, []int32{21}, 6},
	{"loop.wasm", "run", []uint64{0}, []int32{0}, 4},
	{"loop.wasm", "run", []uint64{1}, []int32{1}, 16},
	{"loop.wasm", "run", []uint64{10}, []int32{55}, 124},
	{"loop.wasm", "run", []uint64{1000}, []int32{500500}, 12004},
	{"brtable.wasm", "run", []uint64{0}, []int32{100}, 3},
	{"brtable.wasm", "run", []uint64{1}, []int32{201}, 5},
	{"brtable.wasm", "run", []uint64{2}, []int32{599}, 7},
	{"brtable.wasm", "run", []uint64{77}, []int32{599}, 7},
	{"brtable.wasm", "dispatch", []uint64{10}, []int32{43}, 122},
	{"ifelse.wasm", "run", []uint64{0}, []int32{40}, 5},
	{"ifelse.wasm", "run", []uint64{1}, []int32{22}, 7},
	{"ifelse.wasm", "noelse", []uint64{0}, []int32{1}, 5},
	{"ifelse.wasm", "noelse", []uint64{1}, []int32{5}, 7},
	{"nested.wasm", "run", []uint64{1}, []int32{1}, 7},
	{"nested.wasm", "run", []uint64{2}, []int32{2}, 13},
	{"nested.wasm", "run", []uint64{0}, []int32{3}, 14},
	{"fib.wasm", "run", []uint64{1}, []int32{1}, 2 + 5},
	{"fib.wasm", "run", []uint64{10}, []int32{55}, 2 + 1589},
	{"fib.wasm", "fib", []uint64{10}, []int32{55}, 1589},
	{"fib.wasm", "run", []uint64{20}, []int32{6765}, 2 + 197015},
	{"calls.wasm", "run", []uint64{5}, []int32{37}, 64},
	{"reftypes.wasm", "refs", nil, []int32{44}, 11},
	{"reftypes.wasm", "misc", nil, []int32{-116}, 21},
	{"trap.wasm", "run", []uint64{5}, []int32{26}, 7},
	{"trap.wasm", "run", []uint64{0}, nil, 7},
	{"trap.wasm", "boom", nil, nil, 0},
	{"multivalue.wasm", "run", []uint64{0}, []int32{4}, 10},
	{"multivalue.wasm", "run", []uint64{5}, []int32{-2}, 8},
	{"unwind.wasm", "f", []uint64{100}, []int32{500}, 1603},
	// Includes 2 for the start function, run during instantiation.
	{"elems.wasm", "run", nil, []int32{11}, 27},
}

func TestInstrument_exactFuel(t *testing.T) {
	ctx := context.Background()
	for cname, cfg := range configs {
		instrumented := map[string][]byte{}
		for _, tc := range fuelCases {
			if _, ok := instrumented[tc.file]; ok {
				continue
			}
			out, err := instrument(readTestdata(t, tc.file), cfg)
			if err != nil {
				t.Fatalf("%s %s: %v", cname, tc.file, err)
			}
			wasmValidate(t, out)
			instrumented[tc.file] = out
		}
		for rname, rc := range runtimes {
			for _, slice := range []int64{1, 2, 5, 1 << 40} {
				for _, tc := range fuelCases {
					name := fmt.Sprintf("%s/%s/slice=%d/%s.%s%v", cname, rname, slice, tc.file, tc.fn, tc.args)
					t.Run(name, func(t *testing.T) {
						h := &fuelHost{slice: slice}
						r := newFuelRuntime(t, ctx, rc(), h)
						mod, err := r.Instantiate(ctx, instrumented[tc.file])
						if err != nil {
							t.Fatal(err)
						}
						h.global = mod.ExportedGlobal(GlobalExport)
						res, err := mod.ExportedFunction(tc.fn).Call(ctx, tc.args...)
						if tc.want == nil {
							if err == nil {
								t.Fatal("want trap, got none")
							}
						} else if err != nil {
							t.Fatal(err)
						} else if got := toInt32s(res); fmt.Sprint(got) != fmt.Sprint(tc.want) {
							t.Fatalf("results: got %v, want %v", got, tc.want)
						}
						if got := h.used(); got != tc.fuel {
							t.Fatalf("fuel: got %d, want %d", got, tc.fuel)
						}
					})
				}
			}
		}
	}
}

// TestInstrument_resultsUnchanged runs each case uninstrumented, checking
// that the expected results in fuelCases are those of the original module.
func TestInstrument_resultsUnchanged(t *testing.T) {
	ctx := context.Background()
	for _, tc := range fuelCases {
		r := wazero.NewRuntime(ctx)
		defer r.Close(ctx)
		mod, err := r.Instantiate(ctx, readTestdata(t, tc.file))
		if err != nil {
			t.Fatal(err)
		}
		res, err := mod.ExportedFunction(tc.fn).Call(ctx, tc.args...)
		if (err != nil) != (tc.want == nil) {
			t.Fatalf("%s.%s: err %v, want trap %v", tc.file, tc.fn, err, tc.want == nil)
		}
		if got := toInt32s(res); err == nil && fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Fatalf("%s.%s: got %v, want %v", tc.file, tc.fn, got, tc.want)
		}
	}
}

func toInt32s(res []uint64) []int32 {
	out := make([]int32, len(res))
	for i, v := range res {
		out[i] = int32(uint32(v))
	}
	return out
}

// TestInstrument_exhaustion checks that a run stops once the limit is spent
// and that the overshoot stays within the documented bound.
func TestInstrument_exhaustion(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		file, fn string
		arg      uint64
		limit    int64
		// Longest check-free path for the default configuration and with
		// checks after calls.
		overshoot, strict int64
	}{
		// From a loop header check: 9 for the rest of the iteration, 3 for
		// the next header.
		{"loop.wasm", "run", 1000, 1, 12, 12},
		{"loop.wasm", "run", 1000, 10, 12, 12},
		{"loop.wasm", "run", 1000, 5000, 12, 12},
		{"brtable.wasm", "dispatch", 1000, 10, 14, 14},
		{"brtable.wasm", "dispatch", 1000, 5000, 14, 14},
		// From the entry check of $fib(1): 1, return, the caller's next 4
		// and the prepaid 4 of the next $fib. When unwinding without checks
		// after calls, each frame adds its 1-unit tail, up to the depth (20).
		{"fib.wasm", "run", 20, 10, 9 + 20, 9},
		{"fib.wasm", "run", 20, 5000, 9 + 20, 9},
		// Limits hit while unwinding: in the default configuration, nothing
		// checks until the outermost call returns, so every frame's 10-unit
		// tail runs: 100 frames, 1603 in all. With checks after calls, the
		// first tail is the last.
		{"unwind.wasm", "f", 100, 608, 1603 - 608, 10},
		{"unwind.wasm", "f", 100, 1000, 1603 - 1000, 10},
		// Limits hit while descending are caught at the next entry check.
		{"unwind.wasm", "f", 100, 300, 6, 6},
	}
	for _, tc := range tests {
		for cname, cfg := range configs {
			bound := tc.overshoot
			if cfg.checkAfterCall {
				bound = tc.strict
			}
			for _, slice := range []int64{3, 1 << 40} {
				t.Run(fmt.Sprintf("%s.%s/%s/limit=%d/slice=%d", tc.file, tc.fn, cname, tc.limit, slice), func(t *testing.T) {
					out, err := instrument(readTestdata(t, tc.file), cfg)
					if err != nil {
						t.Fatal(err)
					}
					h := &fuelHost{slice: slice, limit: tc.limit}
					r := newFuelRuntime(t, ctx, wazero.NewRuntimeConfig(), h)
					mod, err := r.Instantiate(ctx, out)
					if err != nil {
						t.Fatal(err)
					}
					h.global = mod.ExportedGlobal(GlobalExport)
					_, err = mod.ExportedFunction(tc.fn).Call(ctx, tc.arg)
					if err == nil {
						// The run finished before any check saw the debt;
						// the engine detects this from the final total.
						if h.used() <= tc.limit {
							t.Fatalf("run within limit %d: used %d", tc.limit, h.used())
						}
					} else if !errors.Is(err, errOutOfFuel) {
						t.Fatalf("want out of fuel, got %v", err)
					}
					if over := h.used() - tc.limit; over < 0 || over > bound {
						t.Fatalf("used %d for limit %d: overshoot %d not in [0, %d]", h.used(), tc.limit, over, bound)
					}
				})
			}
		}
	}
}

// TestInstrument_names checks that the name section follows the index shift.
func TestInstrument_names(t *testing.T) {
	ctx := context.Background()
	out, err := Instrument(readTestdata(t, "fib.names.wasm"))
	if err != nil {
		t.Fatal(err)
	}
	wasmValidate(t, out)
	r := wazero.NewRuntime(ctx)
	defer r.Close(ctx)
	cm, err := r.CompileModule(ctx, out)
	if err != nil {
		t.Fatal(err)
	}
	if got := cm.ExportedFunctions()["fib"].Name(); got != "fibx" {
		t.Fatalf("name of exported fib: %q", got)
	}
	imports := cm.ImportedFunctions()
	if len(imports) != 1 || imports[0].Index() != 0 {
		t.Fatalf("imports: %v", imports)
	}
	if mod, name, _ := imports[0].Import(); mod != ImportModule || name != ImportName {
		t.Fatalf("import %s.%s", mod, name)
	}
}

func TestInstrument_errors(t *testing.T) {
	once, err := Instrument(readTestdata(t, "fib.wasm"))
	if err != nil {
		t.Fatal(err)
	}
	simd := readTestdata(t, "simd.wasm")
	tests := []struct {
		name   string
		in     []byte
		target error
		msg    string
	}{
		{"twice", once, ErrAlreadyInstrumented, "already instrumented"},
		{"simd", simd, ErrUnsupported, "function 1: offset 1: unsupported opcode 0xfd (simd)"},
		{"empty", nil, nil, "bad magic"},
		{"truncated", simd[:len(simd)-3], errUnexpectedEOF, "unexpected end of input"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Instrument(tc.in)
			if err == nil {
				t.Fatal("no error")
			}
			if tc.target != nil && !errors.Is(err, tc.target) {
				t.Fatalf("error %v does not wrap %v", err, tc.target)
			}
			if !strings.Contains(err.Error(), tc.msg) {
				t.Fatalf("error %q does not contain %q", err, tc.msg)
			}
		})
	}
}

// oneFunction is a module with one () -> () function of body.
func oneFunction(body []byte) []byte {
	section := func(id byte, payload []byte) []byte {
		return append(appendU32([]byte{id}, uint32(len(payload))), payload...)
	}
	code := appendU32(appendU32(nil, 1), uint32(len(body)))
	out := append([]byte(nil), magicAndVersion...)
	out = append(out, section(secType, []byte{0x01, 0x60, 0x00, 0x00})...)
	out = append(out, section(secFunction, []byte{0x01, 0x00})...)
	return append(out, section(secCode, append(code, body...))...)
}

// Hostile modules are refused before they cost the host its memory.
func TestInstrument_hostileSizes(t *testing.T) {
	manyLocals := append(appendU32([]byte{0x01}, 1<<32-1), 0x7f, opEnd)
	deep := []byte{0x00}
	for range maxNesting + 1 {
		deep = append(deep, opBlock, blockTypeEmpty)
	}
	for range maxNesting + 2 {
		deep = append(deep, opEnd)
	}
	for name, body := range map[string][]byte{"locals": manyLocals, "nesting": deep} {
		_, err := Instrument(oneFunction(body))
		if !errors.Is(err, errTooLarge) {
			t.Errorf("%s: %v, want an error wrapping %v", name, err, errTooLarge)
		}
	}
	// A function within the bounds still instruments.
	if _, err := Instrument(oneFunction([]byte{0x01, 0x10, 0x7f, opEnd})); err != nil {
		t.Errorf("16 locals: %v", err)
	}
}
