package sandbox_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pyplay/pyplay/sandbox"
	"github.com/pyplay/pyplay/sandbox/sandboxtest"
)

// prestartedEngine is an engine that keeps one instance parked per kind of
// run, on the python.wasm the shared test engine provisioned.
func prestartedEngine(t testing.TB) *sandbox.Engine {
	t.Helper()
	sandboxtest.Engine(t)
	e := sandbox.NewEngine(sandbox.NewConfig().WithPrestart(1))
	t.Cleanup(func() { e.Close(context.Background()) })
	if err := e.Ready(context.Background()); err != nil {
		t.Fatal(err)
	}
	return e
}

func TestPrestartedRunsBehaveLikeColdOnes(t *testing.T) {
	parked := prestartedEngine(t)
	cold := sandboxtest.Engine(t)
	tests := []struct {
		name string
		req  sandbox.Request
	}{
		{"stdin and exit code", sandbox.Request{Code: "import sys\nprint(sys.stdin.read().upper())\nsys.exit(4)", Stdin: []byte("abc"), Limits: sandbox.DefaultLimits(), Deterministic: true}},
		{"deterministic random and fuel", sandbox.Request{Code: "import random\nprint(random.random())", Limits: sandbox.DefaultLimits(), Deterministic: true}},
		{"traceback", sandbox.Request{Code: "1/0", Limits: sandbox.DefaultLimits(), Deterministic: true}},
		{"fuel exhaustion", sandbox.Request{Code: "print('x')\nwhile True: pass", Limits: sandbox.Limits{Fuel: 5_000_000, Memory: 64 << 20}, Deterministic: true}},
		{"memory cap", sandbox.Request{Code: "x = bytearray(100 << 20)", Limits: sandbox.Limits{Fuel: 1 << 40, Memory: 64 << 20}, Deterministic: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Twice: the first may start cold for a new kind, the second is parked.
			var got []sandbox.Result
			for range 3 {
				res, err := parked.Run(context.Background(), tt.req)
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, res)
			}
			want, err := cold.Run(context.Background(), tt.req)
			if err != nil {
				t.Fatal(err)
			}
			for i, res := range got {
				if res.Outcome != want.Outcome || res.ExitCode != want.ExitCode || string(res.Stdout) != string(want.Stdout) ||
					string(res.Stderr) != string(want.Stderr) || res.FuelUsed != want.FuelUsed || res.FuelStartup != want.FuelStartup {
					t.Errorf("run %d: %s exit %d fuel %d+%d %q %q\nwant %s exit %d fuel %d+%d %q %q", i,
						res.Outcome, res.ExitCode, res.FuelUsed, res.FuelStartup, res.Stdout, res.Stderr,
						want.Outcome, want.ExitCode, want.FuelUsed, want.FuelStartup, want.Stdout, want.Stderr)
				}
			}
		})
	}
}

func TestPrestartedTimeoutAndCancel(t *testing.T) {
	e := prestartedEngine(t)
	req := sandbox.Request{Code: "import time\nprint('sleeping', flush=True)\ntime.sleep(3600)", Limits: sandbox.Limits{Fuel: sandbox.DefaultFuel, Memory: sandbox.DefaultMemory, Timeout: time.Second}}
	for range 2 {
		res, err := e.Run(context.Background(), req)
		if err != nil || res.Outcome != sandbox.OutcomeTimeout || string(res.Stdout) != "sleeping\n" {
			t.Fatalf("%v %s %q", err, res.Outcome, res.Stdout)
		}
	}
	req.Limits.Timeout = time.Hour
	out := newSignalWriter("sleeping")
	req.Stdout = out
	run, err := e.Start(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	out.wait(t, run)
	run.Cancel()
	if res := run.Wait(); res.Outcome != sandbox.OutcomeCanceled {
		t.Errorf("outcome %s, want canceled", res.Outcome)
	}
}

func TestPrestartedConcurrentRuns(t *testing.T) {
	e := prestartedEngine(t)
	var wg sync.WaitGroup
	errs := make([]string, 8)
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := e.Run(context.Background(), sandbox.Request{Code: fmt.Sprintf("print(%d * 2)", i), Limits: sandbox.DefaultLimits()})
			if err != nil || strings.TrimSpace(string(res.Stdout)) != fmt.Sprint(i*2) {
				errs[i] = fmt.Sprintf("run %d: %v %s %q", i, err, res.Outcome, res.Stdout)
			}
		}()
	}
	wg.Wait()
	for _, e := range errs {
		if e != "" {
			t.Error(e)
		}
	}
}

// A guest that ends before it reaches the snippet (here, a trap in _start)
// must still deliver its result to the run, however fast it ends, parked or
// cold.
func TestGuestEndingBeforeTheSnippetReportsToItsRun(t *testing.T) {
	for _, prestart := range []int{0, 1} {
		e := sandbox.NewEngine(sandbox.NewConfig().WithPythonWasm("../testdata/wasm/trap.wasm").WithCacheDir(t.TempDir()).WithPrestart(prestart))
		for i := range 50 {
			res, err := e.Run(context.Background(), sandbox.Request{Code: "print(1)", Limits: sandbox.DefaultLimits()})
			if err != nil || res.Outcome != sandbox.OutcomeCrashed {
				t.Fatalf("prestart %d, run %d: %v %s", prestart, i, err, res.Outcome)
			}
		}
		if err := e.Close(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
}

// An instance is given one run at most, and none once its guest has ended:
// pool.take then hands the run to the next parked instance, or Start to a
// new one.
func TestInstanceIsGivenOneRunAndNoneOnceEnded(t *testing.T) {
	sandboxtest.Engine(t) // provisioned: this engine finds python.wasm in the cache
	e := sandbox.NewEngine(sandbox.NewConfig().WithPrestart(1))
	ctx := context.Background()
	req := sandbox.Request{Code: `print("hi")`, Limits: sandbox.DefaultLimits()}
	if _, err := e.Run(ctx, req); err != nil { // the pool now parks for this kind of run
		t.Fatal(err)
	}
	park := func() *sandbox.Parked {
		t.Helper()
		if err := sandbox.WaitParked(ctx, e, req); err != nil {
			t.Fatal(err)
		}
		p := sandbox.TakeParked(e, req)
		if p == nil {
			t.Fatal("no instance parked after a run")
		}
		if got := p.State(); got != "parked" {
			t.Fatalf("an instance waiting at the snippet is %s, want parked", got)
		}
		return p
	}

	p := park()
	run, ok := p.Give(ctx, req)
	if !ok {
		t.Fatal("a parked instance refused its first run")
	}
	if _, ok := p.Give(ctx, req); ok {
		t.Error("an instance was given a second run")
	}
	if res := run.Wait(); res.Outcome != sandbox.OutcomeOK || string(res.Stdout) != "hi\n" {
		t.Errorf("the run it was given: %s %q", res.Outcome, res.Stdout)
	}
	if got := p.State(); got != "ended" {
		t.Errorf("after its run's result is out, the instance is %s, want ended", got)
	}
	if _, ok := p.Give(ctx, req); ok {
		t.Error("an ended instance was given a run")
	}

	// A parked instance whose guest ends before a run is handed over (here
	// the engine, closing, stops it at the snippet) refuses one.
	p = park()
	if err := e.Close(ctx); err != nil { // waits for every instance to end
		t.Fatal(err)
	}
	if got := p.State(); got != "ended" {
		t.Errorf("a parked instance whose guest was stopped is %s, want ended", got)
	}
	if _, ok := p.Give(ctx, req); ok {
		t.Error("an instance whose guest ended was given a run")
	}
}
