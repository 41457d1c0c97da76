// Package sandbox runs untrusted Python in a fresh CPython-for-WASI instance
// on wazero, under fuel, memory, output, file and time limits.
//
// An Engine is created once per process. It provisions python.wasm (see
// Provision), makes it resumable and fuel-metered (package fuel), compiles
// it once with an on-disk compilation cache, runs CPython's start-up once to
// take a snapshot, and then runs each Request in a brand-new module instance
// that resumes the snapshot and is closed when the run ends. Runs may
// execute concurrently.
//
//	engine := sandbox.NewEngine(sandbox.NewConfig())
//	defer engine.Close(ctx)
//	res, err := engine.Run(ctx, sandbox.Request{Code: `print("hi")`})
//
// # Isolation
//
// The guest sees no host directory (unless Config.WithPythonPath names
// some, read-only), no environment variables and no sockets. Its files are
// the snippet at /snippet/main.py (read-only), the time-zone database
// (read-only), and an in-memory scratch tree of its own at / that is thrown
// away with the instance. The standard library is inside python.wasm; its
// argv is fixed. Clocks and randomness are real unless
// Request.Deterministic is set, in which case a virtual clock and a seeded
// random source make reruns reproducible.
//
// # Lifecycle
//
// The engine goes through its Stages once: provisioning, compiling, taking
// (or reading) the snapshot, ready. A process with warm caches reads one
// snapshot file, which holds the instrumented module too, and wazero's
// compiled code, both checked before use.
//
// An instance lives for one run, on a goroutine of its own, and is in one
// of four states (instanceState), which only move forward:
//
//  1. parked: created ahead of a run (Config.WithPrestart), or for a run at
//     once (cold), which is given its run before its goroutine starts.
//     Its memory starts as the snapshot's image (see memoryMeter.image)
//     and its globals are set to the snapshot's; it calls
//     fuel.ResumeExport. A python.wasm that cannot be cut runs its _start
//     instead, the whole start-up. At the guest's first open of
//     /snippet/main.py, start-up is done: the guest blocks there
//     (instance.waitForRun) until it is given a run.
//  2. given: a run was handed over (instance.give, from the pool or at
//     creation), which arms its timeout and its caller's cancel at once
//     (instance.arm). An instance is given at most one run, and never
//     once it has ended.
//  3. running: the guest, at the snippet, took the run: its code, stdin,
//     output streams, fuel budget and scratch cap. The snippet's fuel
//     account opens at that open and closes at the end-of-snippet marker
//     sitecustomize.py touches at exit; shutdown runs on its own allowance.
//  4. ended: the guest returned, from any of the states before. The
//     instance is closed and its memory unmapped. If it was given a run,
//     also one it never reached the snippet for (a trap in start-up), the
//     pool parks the next instance for the same kind of run (memory cap,
//     clocks), ending any parked for another kind, and then the run gets
//     its Result (Run.Wait).
//
// Host functions find the instance that calls them (its fuel meter, clock
// and, while the snapshot is taken, the snapshot's builder) in the context
// of the call, as one instanceHost.
//
// # Stops
//
// Every stop explains itself in Result.Stop: a run stopped by fuel, its
// timeout, a cancel or a trap says the line and function of the snippet
// running then, read from CPython's frames in the guest's memory once the
// guest has stopped (see cpython); a timeout or cancel says whether the
// program slept or computed; a memory stop says which growth the cap
// refused, at what size. Result.FuelImports samples the same frames at
// each fuel refill. Nothing of it runs in the guest or costs it fuel.
//
// This package knows wazero and the standard library only: it never imports a
// UI library.
package sandbox
