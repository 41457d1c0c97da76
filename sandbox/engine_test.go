package sandbox_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pyplay/pyplay/sandbox"
	"github.com/pyplay/pyplay/sandbox/sandboxtest"
)

// signalWriter closes seen the first time the guest's output contains want.
type signalWriter struct {
	want string
	seen chan struct{}
	mu   sync.Mutex
	buf  bytes.Buffer
	once sync.Once
}

func newSignalWriter(want string) *signalWriter {
	return &signalWriter{want: want, seen: make(chan struct{})}
}

func (w *signalWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	if strings.Contains(w.buf.String(), w.want) {
		w.once.Do(func() { close(w.seen) })
	}
	return len(p), nil
}

func (w *signalWriter) wait(t *testing.T, run *sandbox.Run) {
	t.Helper()
	select {
	case <-w.seen:
	case <-run.Done():
		t.Fatalf("run ended before printing %q: %+v", w.want, run.Wait())
	}
}

func TestStreamingStatsAndCancel(t *testing.T) {
	engine := sandboxtest.Engine(t)
	out := newSignalWriter("allocated\n")
	code := "import time\nblob = bytearray(48 << 20)\nprint('allocated')\ntime.sleep(3600)\n"
	run, err := engine.Start(context.Background(), sandbox.Request{Code: code, Stdout: out, Limits: sandbox.Limits{Memory: 128 << 20}})
	if err != nil {
		t.Fatal(err)
	}
	out.wait(t, run) // the line arrived while the guest is still running

	stats := run.Stats()
	if stats.Done || stats.MemoryCurrent < 48<<20 || stats.MemoryPeak < stats.MemoryCurrent || stats.Elapsed <= 0 {
		t.Errorf("live stats %+v: want a running instance holding over 48 MiB", stats)
	}
	run.Cancel()
	res := run.Wait()
	if res.Outcome != sandbox.OutcomeCanceled || res.ExitCode != sandbox.NoExitCode {
		t.Errorf("outcome %s exit %d, want canceled", res.Outcome, res.ExitCode)
	}
	if string(res.Stdout) != "allocated\n" {
		t.Errorf("stdout %q: output before the cancel must be kept", res.Stdout)
	}
	if final := run.Stats(); !final.Done || final.MemoryPeak != res.MemoryPeak {
		t.Errorf("final stats %+v, result peak %d", final, res.MemoryPeak)
	}
}

func TestCallerContextCancelIsNotATimeout(t *testing.T) {
	engine := sandboxtest.Engine(t)
	ctx, cancel := context.WithCancel(context.Background())
	out := newSignalWriter("looping")
	run, err := engine.Start(ctx, sandbox.Request{Code: "print('looping')\nwhile True: pass", Stdout: out, Limits: sandbox.Limits{Timeout: time.Hour}})
	if err != nil {
		t.Fatal(err)
	}
	out.wait(t, run)
	cancel()
	if res := run.Wait(); res.Outcome != sandbox.OutcomeCanceled {
		t.Errorf("outcome %s, want canceled", res.Outcome)
	}
}

func TestDeterministic(t *testing.T) {
	engine := sandboxtest.Engine(t)
	code := "import random, time, os\nprint(random.random(), time.gmtime().tm_year, os.urandom(4).hex(), hash('x'))"
	run := func(det bool) string {
		res, err := engine.Run(context.Background(), sandbox.Request{Code: code, Deterministic: det})
		if err != nil || res.Outcome != sandbox.OutcomeOK {
			t.Fatalf("%v %+v", err, res)
		}
		return string(res.Stdout)
	}
	if a, b := run(true), run(true); a != b {
		t.Errorf("deterministic runs differ:\n%s%s", a, b)
	}
	if a, b := run(false), run(false); a == b {
		t.Errorf("real clocks and random gave the same output twice: %s", a)
	}
	// wazero's fake clock says 2022; the real one says the host's year.
	if year := strings.Fields(run(true))[1]; year != "2022" {
		t.Errorf("deterministic year %s, want wazero's fixed 2022", year)
	}
	if year := strings.Fields(run(false))[1]; year != fmt.Sprint(time.Now().UTC().Year()) {
		t.Errorf("real clock year %s, want %d", year, time.Now().UTC().Year())
	}
}

// TestExitStatus checks the status a POSIX shell would see for the same
// program, and that wazero's own codes for a closed context, which are also
// exit(-1) and exit(-0x10000001) from a guest, are not taken for a cancel.
func TestExitStatus(t *testing.T) {
	engine := sandboxtest.Engine(t)
	tests := []struct {
		code    string
		outcome sandbox.Outcome
		status  int
	}{
		{"import sys; sys.exit(-1)", sandbox.OutcomeError, 255},
		{"import os; os._exit(-1)", sandbox.OutcomeError, 255},
		{"import os; os._exit(-0x10000001)", sandbox.OutcomeError, 255},
		{"import os; os._exit(-17)", sandbox.OutcomeError, 239},
		{"import sys; sys.exit(-2)", sandbox.OutcomeError, 254},
		{"import sys; sys.exit(300)", sandbox.OutcomeError, 44},
		{"import sys; sys.exit(256)", sandbox.OutcomeOK, 0},
		{"import sys; sys.exit('bye')", sandbox.OutcomeError, 1},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			res, err := engine.Run(context.Background(), sandbox.Request{Code: tt.code, Limits: sandbox.DefaultLimits()})
			if err != nil || res.Outcome != tt.outcome || res.ExitCode != tt.status {
				t.Errorf("%v: outcome %s exit %d, want %s exit %d", err, res.Outcome, res.ExitCode, tt.outcome, tt.status)
			}
		})
	}
}

// TestSleepIsReal: a sleep waits, and the guest sees the time pass, on the
// real clocks and on the deterministic ones, where a timeout also ends it.
func TestSleepIsReal(t *testing.T) {
	engine := sandboxtest.Engine(t)
	code := "import time\nt, w = time.monotonic(), time.time()\ntime.sleep(0.2)\nprint(round(time.monotonic() - t, 1), round(time.time() - w, 1))"
	for _, deterministic := range []bool{false, true} {
		res, err := engine.Run(context.Background(), sandbox.Request{Code: code, Deterministic: deterministic})
		if err != nil || res.Outcome != sandbox.OutcomeOK || string(res.Stdout) != "0.2 0.2\n" || res.Wall < 200*time.Millisecond {
			t.Fatalf("deterministic %v: %v outcome %s after %v, stdout %q stderr %s", deterministic, err, res.Outcome, res.Wall, res.Stdout, res.Stderr)
		}
	}
	limits := sandbox.DefaultLimits()
	limits.Timeout = 300 * time.Millisecond
	res, err := engine.Run(context.Background(), sandbox.Request{Code: "import time\ntime.sleep(60)", Limits: limits, Deterministic: true})
	if err != nil || res.Outcome != sandbox.OutcomeTimeout {
		t.Errorf("deterministic sleep past the timeout: %v outcome %s", err, res.Outcome)
	}
}

func TestConcurrentRuns(t *testing.T) {
	engine := sandboxtest.Engine(t)
	const n = 8
	var wg sync.WaitGroup
	results := make([]sandbox.Result, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			code := "import sys\nn = int(sys.stdin.read())\nprint(n, sum(range(n * 1000)))"
			res, err := engine.Run(context.Background(), sandbox.Request{Code: code, Stdin: []byte(fmt.Sprint(i)), Limits: sandbox.DefaultLimits()})
			if err != nil {
				t.Error(err)
			}
			results[i] = res
		}()
	}
	wg.Wait()
	for i, res := range results {
		want := fmt.Sprintf("%d %d\n", i, (i*1000)*(i*1000-1)/2)
		if res.Outcome != sandbox.OutcomeOK || string(res.Stdout) != want {
			t.Errorf("run %d: %s %q, want %q", i, res.Outcome, res.Stdout, want)
		}
	}
}

func TestRequestErrors(t *testing.T) {
	engine := sandboxtest.Engine(t)
	tests := []struct {
		name   string
		limits sandbox.Limits
		want   string
	}{
		{"memory below the initial memory", sandbox.Limits{Memory: 1 << 20}, "MiB python.wasm starts with: use at least "},
		{"negative timeout", sandbox.Limits{Timeout: -time.Second}, "must not be negative"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := engine.Run(context.Background(), sandbox.Request{Code: "print(1)", Limits: tt.limits})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestUserSuppliedModules(t *testing.T) {
	tests := []struct {
		name    string
		path    string
		wantErr string
		outcome sandbox.Outcome
	}{
		{name: "trap becomes crashed", path: "../testdata/wasm/trap.wasm", outcome: sandbox.OutcomeCrashed},
		{name: "no _start", path: "../testdata/wasm/no_start.wasm", wantErr: "not a WASI command module (no _start export)"},
		{name: "not wasm", path: "../testdata/wasm/README.md", wantErr: "is not a WebAssembly module"},
		{name: "missing", path: "../testdata/wasm/nope.wasm", wantErr: "no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			engine := sandbox.NewEngine(sandbox.NewConfig().WithPythonWasm(tt.path).WithCacheDir(t.TempDir()))
			defer engine.Close(context.Background())
			res, err := engine.Run(context.Background(), sandbox.Request{Code: "print(1)"})
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || strings.Contains(err.Error(), "\n") {
					t.Fatalf("err %v, want one line containing %q", err, tt.wantErr)
				}
				if engine.Stage() != sandbox.StageFailed {
					t.Errorf("stage %s, want failed", engine.Stage())
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if res.Outcome != tt.outcome || res.Message != "wasm error: unreachable" {
				t.Errorf("outcome %s message %q, want %s with the trap", res.Outcome, res.Message, tt.outcome)
			}
			if py := engine.PythonWasm(); py.Source != sandbox.SourceFlag || len(py.SHA256) != 64 {
				t.Errorf("python.wasm %+v", py)
			}
		})
	}
}

func TestEngineStagesAndPythonWasm(t *testing.T) {
	var mu sync.Mutex
	var stages []sandbox.Stage
	cfg := sandbox.NewConfig().WithStageListener(func(s sandbox.Stage) {
		mu.Lock()
		stages = append(stages, s)
		mu.Unlock()
	})
	engine := sandbox.NewEngine(cfg)
	defer engine.Close(context.Background())
	if engine.Stage() != sandbox.StageIdle {
		t.Errorf("new engine stage %s", engine.Stage())
	}
	sandboxtest.Engine(t) // provisioned: this engine finds python.wasm in the cache
	if err := engine.Ready(context.Background()); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	// Warm caches: the snapshot is read, not built (StageSnapshotting).
	want := []sandbox.Stage{sandbox.StageProvisioning, sandbox.StageCompiling, sandbox.StageReady}
	if fmt.Sprint(stages) != fmt.Sprint(want) {
		t.Errorf("stages %v, want %v", stages, want)
	}
	if py := engine.PythonWasm(); py.SHA256 != sandbox.PythonWasmSHA256 {
		t.Errorf("python.wasm %+v, want the pinned one", py)
	}
}
