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
//   - Code is cut into stretches that are only entered at their first
//     instruction (see below). Entering a stretch subtracts its cost from
//     the global. At the entry of each function that is not a leaf (see
//     below) and at each loop header, right after that charge, the module
//     runs `if global < 0 { global = refill(global) }`.
//   - refill receives the (negative) global value. The host accounts the
//     finished slice, which consumed its budget minus that value, and
//     returns the budget of the next slice, or ends the run, e.g. by
//     panicking. Since the global starts at 0, the first check that sees a
//     charge calls refill; the host may instead set the global to a first
//     budget before running any code.
//
// Fuel consumed is then the sum, over finished slices, of budget minus the
// value passed to refill, plus the current slice's budget minus the current
// global value. On normal completion this equals the cost-model sum of the
// executed operators exactly. Inside any imported function (a WASI call,
// say), it equals exactly the cost of everything executed so far, the call
// included: code is only ever paid for ahead of time when it is certain to
// run before the next check or call to a function that is not a leaf, and
// imports are not leaves. At every check it equals the cost of everything
// executed so far plus such code: the stretch just entered, with the leaves
// it calls and the joins it pays for. When a trap or a host exit (like WASI
// proc_exit) stops execution, the code paid for ahead has been charged too.
//
// # Stretches
//
// A new stretch starts at function entry, after loop, if and else, after the
// end of an if or of a block that some branch targets, after br_if, and
// after every call except to a leaf, so that a callee's checks never see
// charges for its caller's instructions after the call. Blocks only left by
// falling through do not split a stretch.
//
// A leaf is a function without loops and call_indirect that directly calls
// only other leaves (so no import, no recursion), and whose weight, the
// cost of all its instructions plus the weights of its callees once per
// call site, is at most 1000. A leaf has no check, and a direct call to one
// does not end the caller's stretch: the stretch pays for the instructions
// after the call too, and the leaf pays for its own (its entry, when it can
// only be entered by direct calls, is paid by its callers, see below). No
// check or import runs in between, so nothing can tell the difference.
//
// The stretch after the end of an if, or of a block some branch targets, is
// a join. When the code of the if or block has no loop, no call other than
// to leaves, no branch out of it, no return and no unreachable, every run of
// the stretch holding the if or block reaches the join before any check or
// import call, so that stretch pays for the join too and no charge is made
// at the join. The arms still pay for themselves.
//
// The entry stretch of a function that can only be entered by direct calls
// (not exported, not the start function, not in an element segment or
// ref.func) is paid by each caller in the stretch holding the call, unless
// that entry stretch itself ends with a call to a function that is not a
// leaf; the callee still checks on entry, unless it is a leaf.
//
// # Overshoot bound
//
// Once the global is negative, execution continues until the next check,
// that is the next entry of a function that is not a leaf, or loop header.
// Every back edge goes through a loop header, so within one function that
// is a loop-free path, where a call to a leaf runs at most its weight (at
// most 1000). Returns are not checked, though: if the budget runs out in a
// callee, each frame on the call stack may run the loop-free rest of its
// code after the call site, up to its next call to a function that is not
// a leaf, loop or return, before a check happens. Code paid for ahead of
// time (joins) lies on these same paths. The overshoot in fuel units is
// thus at most the longest loop-free path of the current function plus,
// for each frame on the stack, the longest loop-free path from its call
// site, counting each call to a leaf as its weight. Without returns in
// between, it is at most one loop-free path of one function. The engine
// also sees any remaining debt in the global when the run returns.
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
	Version = 2
)

var (
	// ErrUnsupported is wrapped by errors about WebAssembly features the
	// instrumenter does not meter.
	ErrUnsupported = errors.New("unsupported feature")
	// ErrAlreadyInstrumented is wrapped by the error for inputs that already
	// import pyplay_fuel.refill or export pyplay_fuel.
	ErrAlreadyInstrumented = errors.New("already instrumented")
)
