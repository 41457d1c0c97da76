package sandbox_test

import (
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/pyplay/pyplay/sandbox"
	"github.com/pyplay/pyplay/sandbox/sandboxtest"
)

func runCode(t *testing.T, engine *sandbox.Engine, code string, deterministic bool) sandbox.Result {
	t.Helper()
	res, err := engine.Run(context.Background(), sandbox.Request{Code: code, Limits: sandbox.DefaultLimits(), Deterministic: deterministic})
	if err != nil {
		t.Fatal(err)
	}
	if res.Outcome != sandbox.OutcomeOK {
		t.Fatalf("%s: %s %s", res.Outcome, res.Stdout, res.Stderr)
	}
	return res
}

// The preloaded standard library costs a snippet a sys.modules look-up: the
// issue's target is 10M units for these nine (598.6M before snapshots).
func TestSnapshotImportsAreCheap(t *testing.T) {
	engine := sandboxtest.Engine(t)
	empty := runCode(t, engine, "pass", true)
	res := runCode(t, engine, "import json, re, collections, dataclasses, typing, itertools, functools, datetime, math", true)
	if !res.Resumed || res.FuelUsed-empty.FuelUsed > 10_000_000 {
		t.Errorf("resumed %v: the imports cost %d units", res.Resumed, res.FuelUsed-empty.FuelUsed)
	}
	if res.FuelStartup < 200_000_000 {
		t.Errorf("start-up %d: it must include what the snapshot's start-up cost", res.FuelStartup)
	}
}

// A resumed run is a run of the script as CPython starts it.
func TestSnapshotRunLooksCold(t *testing.T) {
	engine := sandboxtest.Engine(t)
	code := `import sys, __main__
print(sys.argv, sys.path.count("/snippet"), sys.path[0], __name__, __main__.__file__)
print("random" in sys.modules, len(sys.path_hooks))
`
	res := runCode(t, engine, code, true)
	want := "['/snippet/main.py'] 1 /snippet __main__ /snippet/main.py\nTrue 2\n"
	if string(res.Stdout) != want {
		t.Errorf("stdout %q, want %q", res.Stdout, want)
	}
}

// Randomness seeded at import differs between runs, unless deterministic;
// deterministic runs repeat their output and their fuel exactly.
func TestSnapshotReseedsRandom(t *testing.T) {
	engine := sandboxtest.Engine(t)
	code := "import random\nprint(random.random(), random.randrange(10**9))"
	a, b := runCode(t, engine, code, false), runCode(t, engine, code, false)
	if string(a.Stdout) == string(b.Stdout) {
		t.Errorf("two runs printed the same random numbers: %s", a.Stdout)
	}
	c, d := runCode(t, engine, code, true), runCode(t, engine, code, true)
	if string(c.Stdout) != string(d.Stdout) || c.FuelUsed != d.FuelUsed || c.FuelStartup != d.FuelStartup {
		t.Errorf("deterministic runs differ: %q fuel %d/%d, %q fuel %d/%d", c.Stdout, c.FuelUsed, c.FuelStartup, d.Stdout, d.FuelUsed, d.FuelStartup)
	}
}

// Parked and un-parked runs of the same code use the same fuel.
func TestSnapshotParkedFuelParity(t *testing.T) {
	cold := sandboxtest.Engine(t)
	parked := prestartedEngine(t)
	code := "import json\nprint(json.dumps({'a': [1, 2]}))"
	req := sandbox.Request{Code: code, Limits: sandbox.DefaultLimits(), Deterministic: true}
	_, _ = parked.Run(context.Background(), req) // park for this kind of run
	if err := sandbox.WaitParked(context.Background(), parked, req); err != nil {
		t.Fatal(err)
	}
	p, err := parked.Run(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	c := runCode(t, cold, code, true)
	if p.FuelUsed != c.FuelUsed || p.FuelStartup != c.FuelStartup || string(p.Stdout) != string(c.Stdout) {
		t.Errorf("parked %q fuel %d (start-up %d), un-parked %q fuel %d (start-up %d)", p.Stdout, p.FuelUsed, p.FuelStartup, c.Stdout, c.FuelUsed, c.FuelStartup)
	}
}

// A damaged snapshot in the cache is noticed, removed and built again.
func TestDamagedSnapshotIsRebuilt(t *testing.T) {
	sandboxtest.Engine(t) // provisioned
	cache := t.TempDir()
	wasm, err := sandbox.DefaultCacheDir()
	if err != nil {
		t.Fatal(err)
	}
	cfg := sandbox.NewConfig().WithCacheDir(cache).WithPythonWasm(filepath.Join(wasm, "python-3.12.0.wasm"))
	run := func() sandbox.Result {
		engine := sandbox.NewEngine(cfg)
		defer engine.Close(context.Background())
		if err := engine.Ready(context.Background()); err != nil {
			t.Fatal(err)
		}
		return runCode(t, engine, "import json\nprint(json.dumps([1]))", true)
	}
	first := run()
	snaps, _ := filepath.Glob(filepath.Join(cache, "snapshot", "*.snap"))
	if len(snaps) != 1 {
		t.Fatalf("snapshots in the cache: %v", snaps)
	}
	data, err := os.ReadFile(snaps[0])
	if err != nil {
		t.Fatal(err)
	}
	data[len(data)/2] ^= 0xff
	if err := os.WriteFile(snaps[0], data, 0o600); err != nil {
		t.Fatal(err)
	}
	second := run()
	if string(second.Stdout) != "[1]\n" || !second.Resumed || second.FuelUsed != first.FuelUsed {
		t.Errorf("after damage: %q resumed %v fuel %d, want %q fuel %d", second.Stdout, second.Resumed, second.FuelUsed, first.Stdout, first.FuelUsed)
	}
	if again, _ := os.ReadFile(snaps[0]); string(again) == string(data) {
		t.Error("the damaged snapshot was not replaced")
	}
}

// A module whose start-up pyplay cannot cut runs from _start, as before.
func TestUnknownModuleRunsCold(t *testing.T) {
	var notes strings.Builder
	engine := sandbox.NewEngine(sandbox.NewConfig().WithPythonWasm("../testdata/wasm/trap.wasm").WithCacheDir(t.TempDir()).WithProgress(&notes))
	defer engine.Close(context.Background())
	res, err := engine.Run(context.Background(), sandbox.Request{Code: "print(1)", Limits: sandbox.DefaultLimits()})
	if err != nil {
		t.Fatal(err)
	}
	if res.Resumed || res.Outcome != sandbox.OutcomeCrashed {
		t.Errorf("resumed %v, outcome %s: want a cold run that traps", res.Resumed, res.Outcome)
	}
	if !strings.Contains(notes.String(), "cannot be snapshotted") || strings.Count(notes.String(), "\n") > 3 {
		t.Errorf("notes %q: want one line saying the module runs cold", notes.String())
	}
}

// A python.wasm that changed since its snapshot was made is never run from
// that snapshot: the memo of its digest holds only while its size and
// modification time do.
func TestChangedPythonWasmIsNotTrusted(t *testing.T) {
	sandboxtest.Engine(t) // provisioned
	cached, err := sandbox.DefaultCacheDir()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "python.wasm")
	python, err := os.ReadFile(filepath.Join(cached, "python-3.12.0.wasm"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, python, 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := sandbox.NewConfig().WithCacheDir(filepath.Join(dir, "cache")).WithPythonWasm(path)
	run := func() sandbox.Result {
		engine := sandbox.NewEngine(cfg)
		defer engine.Close(context.Background())
		res, err := engine.Run(context.Background(), sandbox.Request{Code: "print(1)", Limits: sandbox.DefaultLimits()})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	if res := run(); string(res.Stdout) != "1\n" || !res.Resumed {
		t.Fatalf("%s %q resumed %v", res.Outcome, res.Stdout, res.Resumed)
	}
	trap, err := os.ReadFile("../testdata/wasm/trap.wasm")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, trap, 0o600); err != nil {
		t.Fatal(err)
	}
	if res := run(); res.Outcome != sandbox.OutcomeCrashed || res.Resumed {
		t.Errorf("after python.wasm was replaced: %s resumed %v, want the new module's trap", res.Outcome, res.Resumed)
	}
}

// time.process_time() counts seconds, not 10^7 times as many (this build
// reads wasi-libc's nanoseconds as 1/100 s ticks): a busy loop's CPU time
// is positive and no more than the wall-clock time it took.
func TestProcessTimeIsInSeconds(t *testing.T) {
	engine := sandboxtest.Engine(t)
	code := `import time
c, w = time.process_time(), time.perf_counter()
sum(range(20_000))
c, w = time.process_time() - c, time.perf_counter() - w
print(0 < c <= w + 0.01, 0 < time.process_time_ns() < 10**12)
`
	if res := runCode(t, engine, code, false); string(res.Stdout) != "True True\n" {
		t.Errorf("stdout %q", res.Stdout)
	}
}

// A program that fails at one of the sandbox's walls is told so in one line.
func TestWallsAreExplained(t *testing.T) {
	engine := sandboxtest.Engine(t)
	tests := []struct{ code, want string }{
		{"import threading\nthreading.Thread(target=print).start()", "the sandbox runs one thread: it cannot start another"},
		{"import subprocess\nsubprocess.run(['ls'])", "the sandbox cannot start processes"},
		{"import socket\nsocket.socket()", "the sandbox has no network"},
		{"import urllib.request\nurllib.request.urlopen('http://example.com')", "the sandbox has no network"},
		{"import numpy as np", "numpy is a third-party package: the sandbox has CPython's standard library only"},
		{"import ctypes", "the sandbox has no ctypes: WebAssembly code cannot load native libraries"},
		{"import multiprocessing\nmultiprocessing.Pool(2)", "the sandbox cannot start processes, so it has no multiprocessing"},
		{"import concurrent.futures as cf\ncf.ThreadPoolExecutor()", "the sandbox runs one thread: concurrent.futures has no thread or process pool"},
		{"import nosuchmodule", ""},
		{"1/0", ""},
		{"print('Traceback (most recent call last):\\nModuleNotFoundError: No module named \\'numpy\\'')", ""},
	}
	for _, tt := range tests {
		res, err := engine.Run(context.Background(), sandbox.Request{Code: tt.code, Limits: sandbox.DefaultLimits()})
		if err != nil {
			t.Fatal(err)
		}
		if res.Message != tt.want {
			t.Errorf("%q: %s, message %q, want %q", tt.code, res.Outcome, res.Message, tt.want)
		}
	}
}

// The time-zone database is there to read, not to write.
func TestZoneinfoIsReadOnly(t *testing.T) {
	engine := sandboxtest.Engine(t)
	code := `import os
try:
    open("/usr/share/zoneinfo/UTC", "w")
except OSError:
    print("refused")
print(len(open("/usr/share/zoneinfo/UTC", "rb").read()) > 0, os.path.isdir("/usr/share/zoneinfo/Europe"))
`
	if res := runCode(t, engine, code, false); string(res.Stdout) != "refused\nTrue True\n" {
		t.Errorf("stdout %q", res.Stdout)
	}
}

// The embedded database is the one the README names.
func TestEmbeddedTZDataDigest(t *testing.T) {
	data, err := os.ReadFile("tzdata/zoneinfo.zip")
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprintf("%x", sha256.Sum256(data)); got != "8f55634d05f8bca1f7bc7c69c5933428c69357e0bdf565e5ba224e3f88ff12e8" {
		t.Errorf("tzdata/zoneinfo.zip has SHA-256 %s: update tzdata/README.md and this test with it", got)
	}
}

// Directories given with WithPythonPath are importable, read-only, and no
// symbolic link in them leads out.
func TestPythonPath(t *testing.T) {
	sandboxtest.Engine(t) // provisioned
	dir, outside := t.TempDir(), t.TempDir()
	files := map[string]string{
		"greet/__init__.py": "from .words import hello\n",
		"greet/words.py":    "def hello(name):\n    return f'hello, {name}'\n",
		"single.py":         "VALUE = 42\n",
	}
	for name, text := range files {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(outside, "secret.py"), []byte("SECRET = 'host'\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(outside, "secret.py"), filepath.Join(dir, "escape.py")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "escapedir")); err != nil {
		t.Fatal(err)
	}
	engine := sandbox.NewEngine(sandbox.NewConfig().WithPythonPath(dir))
	defer engine.Close(context.Background())
	code := `import sys
from greet import hello
import single
print(hello("wasm"), single.VALUE, [p for p in sys.path if p.startswith("/pyplay")])
for name in ("escape", "escapedir.secret"):
    try:
        __import__(name)
        print("ESCAPED", name)
    except ImportError as e:
        print("blocked", name)
try:
    open("/pyplay/path/0/single.py", "a")
except OSError:
    print("read-only")
`
	res, err := engine.Run(context.Background(), sandbox.Request{Code: code, Limits: sandbox.DefaultLimits()})
	if err != nil {
		t.Fatal(err)
	}
	want := "hello, wasm 42 ['/pyplay/path/0']\nblocked escape\nblocked escapedir.secret\nread-only\n"
	if string(res.Stdout) != want {
		t.Errorf("%s: stdout %q, want %q; stderr %s", res.Outcome, res.Stdout, want, res.Stderr)
	}
	// A directory that is not there is an engine error naming the flag.
	bad := sandbox.NewEngine(sandbox.NewConfig().WithPythonPath(filepath.Join(dir, "missing")))
	defer bad.Close(context.Background())
	if err := bad.Ready(context.Background()); err == nil || !strings.Contains(err.Error(), "--path") {
		t.Errorf("missing directory: %v", err)
	}
}

// Standard-library frames are named <stdlib>/…, not by the build's paths.
func TestStdlibFramesAreShort(t *testing.T) {
	engine := sandboxtest.Engine(t)
	res, err := engine.Run(context.Background(), sandbox.Request{Code: "import json\njson.loads('{')", Limits: sandbox.DefaultLimits()})
	if err != nil {
		t.Fatal(err)
	}
	stderr := string(res.Stderr)
	if !strings.Contains(stderr, `File "<stdlib>/json/decoder.py", line `) || strings.Contains(stderr, "/wlr/") ||
		!strings.Contains(stderr, `File "/snippet/main.py", line 2, in <module>`) || !strings.HasSuffix(stderr, "(char 1)\n") {
		t.Errorf("stderr:\n%s", stderr)
	}
}

// A real package from Debian's repository (python3-tabulate, which .ci/run
// installs) imports from its dist-packages directory and prints what the
// host's Python prints with it.
func TestDebianPackageOnPath(t *testing.T) {
	const dist = "/usr/lib/python3/dist-packages"
	if _, err := os.Stat(filepath.Join(dist, "tabulate.py")); err != nil {
		t.Skip("python3-tabulate is not installed: apt-get install python3-tabulate (.ci/run does)")
	}
	sandboxtest.Engine(t) // provisioned
	engine := sandbox.NewEngine(sandbox.NewConfig().WithPythonPath(dist))
	defer engine.Close(context.Background())
	limits := sandbox.DefaultLimits()
	limits.Fuel = 3_000_000_000 // tabulate compiles from source: ~650M units
	code := "from tabulate import tabulate\nprint(tabulate([[1, 'a'], [22, 'bb']], headers=['n', 's'], tablefmt='github'))"
	res, err := engine.Run(context.Background(), sandbox.Request{Code: code, Limits: limits})
	if err != nil {
		t.Fatal(err)
	}
	want := "|   n | s   |\n|-----|-----|\n|   1 | a   |\n|  22 | bb  |\n"
	if res.Outcome != sandbox.OutcomeOK || string(res.Stdout) != want {
		t.Errorf("%s: stdout %q, want %q; stderr %s", res.Outcome, res.Stdout, want, res.Stderr)
	}
}

// A damaged compiled-code cache is noticed and the module compiled again:
// wazero's own checksum does not cover all of a cached module, and a
// damaged one ran the wrong code, crashed, or failed every later run.
func TestDamagedCompiledCodeIsRecompiled(t *testing.T) {
	sandboxtest.Engine(t) // provisioned
	cached, err := sandbox.DefaultCacheDir()
	if err != nil {
		t.Fatal(err)
	}
	cache := t.TempDir()
	cfg := sandbox.NewConfig().WithCacheDir(cache).WithPythonWasm(filepath.Join(cached, "python-3.12.0.wasm"))
	run := func() {
		t.Helper()
		engine := sandbox.NewEngine(cfg)
		defer engine.Close(context.Background())
		if res := runCode(t, engine, "print('hi')", true); string(res.Stdout) != "hi\n" {
			t.Fatalf("stdout %q", res.Stdout)
		}
	}
	run()
	compiled, _ := filepath.Glob(filepath.Join(cache, "wazero", "*", "*"))
	if len(compiled) != 1 {
		t.Fatalf("compiled code in the cache: %v", compiled)
	}
	data, err := os.ReadFile(compiled[0])
	if err != nil {
		t.Fatal(err)
	}
	data[len(data)/2] ^= 0x55
	if err := os.WriteFile(compiled[0], data, 0o600); err != nil {
		t.Fatal(err)
	}
	run()
	if again, _ := os.ReadFile(compiled[0]); string(again) == string(data) {
		t.Error("the damaged compiled code is still in the cache")
	}
}

// A compiled-code cache that cannot be written costs speed, not the run.
func TestUnwritableCompiledCacheFallsBack(t *testing.T) {
	sandboxtest.Engine(t) // provisioned
	cached, err := sandbox.DefaultCacheDir()
	if err != nil {
		t.Fatal(err)
	}
	cache := t.TempDir()
	// wazero keeps its files in a directory named after its version: make
	// every name it could use a plain file, so that it cannot write there.
	if err := os.MkdirAll(filepath.Join(cache, "wazero"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{"dev", "v1.12.0"} {
		if err := os.WriteFile(filepath.Join(cache, "wazero", "wazero-"+v+"-"+runtime.GOARCH+"-"+runtime.GOOS), nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	engine := sandbox.NewEngine(sandbox.NewConfig().WithCacheDir(cache).WithPythonWasm(filepath.Join(cached, "python-3.12.0.wasm")))
	defer engine.Close(context.Background())
	if res := runCode(t, engine, "print('hi')", true); string(res.Stdout) != "hi\n" {
		t.Fatalf("stdout %q", res.Stdout)
	}
}

// A module that never reaches the snippet still stops at the timeout, and
// at a cancel: both are armed when the run is handed over.
func TestTimeoutArmedBeforeTheSnippet(t *testing.T) {
	engine := sandbox.NewEngine(sandbox.NewConfig().WithPythonWasm("../testdata/wasm/spin.wasm").WithCacheDir(t.TempDir()))
	defer engine.Close(context.Background())
	res, err := engine.Run(context.Background(), sandbox.Request{Code: "print(1)", Limits: sandbox.Limits{Timeout: 500 * time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Outcome != sandbox.OutcomeTimeout {
		t.Errorf("outcome %s, want timeout", res.Outcome)
	}
	ctx, cancel := context.WithCancel(context.Background())
	run, err := engine.Start(ctx, sandbox.Request{Code: "print(1)"})
	if err != nil {
		t.Fatal(err)
	}
	cancel()
	if res := run.Wait(); res.Outcome != sandbox.OutcomeCanceled {
		t.Errorf("outcome %s, want canceled", res.Outcome)
	}
}

// Only the last kind of run keeps an instance parked.
func TestPoolParksOneKind(t *testing.T) {
	engine := prestartedEngine(t)
	for _, memory := range []int64{64 << 20, 96 << 20, 128 << 20} {
		limits := sandbox.DefaultLimits()
		limits.Memory = memory
		req := sandbox.Request{Code: "pass", Limits: limits}
		if _, err := engine.Run(context.Background(), req); err != nil {
			t.Fatal(err)
		}
		if err := sandbox.WaitParked(context.Background(), engine, req); err != nil {
			t.Fatal(err)
		}
	}
	if n := sandbox.ParkedKinds(engine); n != 1 {
		t.Errorf("%d kinds of run parked, want 1", n)
	}
}
