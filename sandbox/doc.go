// Package sandbox runs untrusted Python in a fresh CPython-for-WASI instance
// on wazero, under fuel, memory, output and time limits.
//
// An Engine is created once per process. It provisions python.wasm (see
// Provision), compiles it once with an on-disk compilation cache, and then
// runs each Request in a brand-new module instance that is closed when the run
// ends. Runs may execute concurrently.
//
//	engine := sandbox.NewEngine(sandbox.NewConfig())
//	defer engine.Close(ctx)
//	res, err := engine.Run(ctx, sandbox.Request{Code: `print("hi")`})
//
// # Isolation
//
// The guest sees no host directory, no environment variables and no sockets.
// Its only file is the snippet itself, at /snippet/main.py on a read-only
// in-memory mount; its argv is fixed. The standard library is inside
// python.wasm. Clocks and randomness are real unless Request.Deterministic is
// set, in which case wazero's fixed clock and seeded random source make reruns
// reproducible.
//
// This package knows wazero and the standard library only: it never imports a
// UI library.
package sandbox
