// Package fuel adds deterministic fuel metering to a WebAssembly module by
// rewriting its binary, so that a runtime without metering (wazero) can bound
// how much guest code runs.
//
// # Cost model
//
// The cost model is wasmtime's consume_fuel: every executed operator costs
// one unit, except nop, drop, block, loop, unreachable, return, else and
// end, which cost zero. Instructions injected by this package cost nothing.
//
// # Instrumentation ABI
//
// The engine running an instrumented module relies on exactly this:
//
//   - The module imports (import "pyplay_fuel" "refill" (func (param i64)
//     (result i64))) as its last function import, so every defined function
//     index is one higher than in the input. Calls, ref.func, element
//     segments, exports, the start function and the name section are
//     adjusted accordingly.
//   - The module defines and exports as "pyplay_fuel" a (mut i64) global,
//     initially 0: the remaining budget of the current fuel slice.
//   - Code is cut into stretches that are only entered at their start (see
//     below). Each stretch subtracts its whole cost from the global when
//     entered. At each function entry, each loop header and after each call
//     returns, right after that charge, the module runs
//     `if global < 0 { global = refill(global) }`.
//   - refill receives the (negative) global value. The host accounts the
//     finished slice (slice budget minus that value) and returns the budget
//     of the next slice, or ends the run, e.g. by panicking. Since the
//     initial value is 0, the first check calls refill.
//
// Consequently, fuel consumed = sum of slice budgets handed out (including
// the initial 0) - current global value. On normal completion this equals
// the cost-model sum of executed operators exactly. At every check it equals
// the cost of everything executed so far plus the stretch just entered.
// When a trap or a host exit (like WASI proc_exit) stops execution inside a
// stretch, the rest of that stretch has been charged too.
//
// # Stretches
//
// A new stretch starts at function entry, after loop, if and else, after the
// end of an if or of a block that some branch targets, after br_if and after
// every call. Blocks only left by falling through do not split a stretch.
// As an optimisation, the entry stretch of a function that can only be
// entered by direct calls (not exported, not the start function, not in any
// element segment or ref.func) is paid by its callers, in the stretch that
// ends with the call; the callee still checks on entry.
//
// # Overshoot bound
//
// Between two checks, execution follows a loop-free, call-free path within
// one function body: every back edge goes through a loop header check, and
// every call is followed by a check in the callee and after it returns. So
// once a slice is exhausted, at most the cost of the longest such path
// (never more than the cost of all operators of the largest function body)
// is charged before refill runs.
//
// # Supported features
//
// WebAssembly 2.0 without SIMD: MVP, sign-extension, saturating
// float-to-int, bulk memory, reference types, multi-value and mutable
// globals. SIMD, threads, tail calls, exceptions, multi-memory and GC are
// rejected with an error wrapping ErrUnsupported that names the opcode and
// function index, never silently left unmetered.
package fuel

import "errors"

const (
	// ImportModule is the module name of the refill import.
	ImportModule = "pyplay_fuel"
	// ImportName is the field name of the refill import, typed
	// (func (param i64) (result i64)).
	ImportName = "refill"
	// GlobalExport is the export name of the mutable i64 fuel global.
	GlobalExport = "pyplay_fuel"
	// Version changes whenever Instrument's output for a given input may
	// change. Use it in cache keys of instrumented or compiled modules.
	Version = 1
)

var (
	// ErrUnsupported is wrapped by errors about WebAssembly features the
	// instrumenter does not meter.
	ErrUnsupported = errors.New("unsupported feature")
	// ErrAlreadyInstrumented is wrapped by the error for inputs that already
	// import pyplay_fuel.refill or export pyplay_fuel.
	ErrAlreadyInstrumented = errors.New("already instrumented")
)
