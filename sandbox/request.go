package sandbox

import (
	"io"
	"time"
)

// Defaults used by DefaultLimits. 10G units of fuel let typical LLM
// answers complete (native CPython takes them ~0.1-0.3 s; here they burn
// 0.5-3G units: 20,000 dice rolls 1.1G, a sieve to 10^6 0.5G, a word count
// over 90,000 words 2.3G) while an endless loop still stops in ~2 s. The
// other caps stop a memory bomb or an endless print long before the host
// notices.
const (
	DefaultFuel      = 10_000_000_000
	DefaultMemory    = 128 << 20
	DefaultTimeout   = 10 * time.Second
	DefaultMaxOutput = 1 << 20
	DefaultScratch   = 16 << 20

	// SeedFuel is the seed post's budget, kept as the playground's "seed"
	// preset and its fuel-exhaustion demo.
	SeedFuel = 400_000_000
)

// Limits bound one run. A zero field means "no limit" for that resource.
type Limits struct {
	// Fuel is the instruction budget for the snippet (CPython's start-up is
	// not charged to it). 0 means no limit: the run is still metered, so
	// Result.FuelUsed says what it used.
	Fuel uint64
	// Memory caps the instance's linear memory in bytes. Growth past it is
	// refused and CPython raises MemoryError. 0 means wasm32's 4 GiB.
	Memory int64
	// Timeout is the wall-clock budget of the whole run.
	Timeout time.Duration
	// MaxOutput caps each of stdout and stderr in bytes; the rest is dropped.
	MaxOutput int64
	// Scratch caps the run's writable in-memory files (the working
	// directory and /tmp): their bytes plus 256 per file or directory.
	// Writing past it fails with OSError. 0 means 4 GiB.
	Scratch int64
}

// scratchLimit is the cap a Limits.Scratch value means.
func scratchLimit(n int64) int64 {
	if n <= 0 {
		return wasm32Max
	}
	return n
}

// DefaultLimits returns the limits `pyplay run` uses when no flag is given.
func DefaultLimits() Limits {
	return Limits{Fuel: DefaultFuel, Memory: DefaultMemory, Timeout: DefaultTimeout, MaxOutput: DefaultMaxOutput, Scratch: DefaultScratch}
}

// Request is one snippet to run.
type Request struct {
	// Code is the Python source, run as the script /snippet/main.py.
	Code string
	// Stdin is the program's whole standard input.
	Stdin []byte
	// Limits bound the run.
	Limits Limits
	// Deterministic replaces the real clocks and random source with wazero's
	// fixed clock and seeded random, so reruns print the same thing.
	Deterministic bool
	// Stdout and Stderr, when set, receive the guest's output as it is
	// written (up to Limits.MaxOutput), from the run's goroutine. Result holds
	// the same bytes either way.
	Stdout, Stderr io.Writer
}
