package sandbox_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/pyplay/pyplay/sandbox"
	"github.com/pyplay/pyplay/sandbox/sandboxtest"
)

func TestFuelExhaustion(t *testing.T) {
	engine := sandboxtest.Engine(t)
	const limit = 5_000_000
	res, err := engine.Run(context.Background(), sandbox.Request{
		Code:   "print('before the loop')\nwhile True:\n    pass\n",
		Limits: sandbox.Limits{Fuel: limit, Timeout: time.Minute},
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Outcome != sandbox.OutcomeFuelExhausted || res.ExitCode != sandbox.NoExitCode {
		t.Fatalf("outcome %s exit %d, want fuel_exhausted", res.Outcome, res.ExitCode)
	}
	// The overshoot is one loop-free stretch: a few hundred units at most in
	// CPython's eval loop.
	if res.FuelUsed < limit || res.FuelUsed > limit+10_000 {
		t.Errorf("fuel used %d for a limit of %d", res.FuelUsed, limit)
	}
	if string(res.Stdout) != "before the loop\n" || res.FuelLimit != limit || res.FuelStartup == 0 {
		t.Errorf("stdout %q, limit %d, start-up %d: output and figures must survive exhaustion", res.Stdout, res.FuelLimit, res.FuelStartup)
	}
}

func TestFuelIsDeterministic(t *testing.T) {
	engine := sandboxtest.Engine(t)
	req := sandbox.Request{
		Code:          "import random, json\nprint(json.dumps(sorted({random.random(): i for i in range(200)}.items())[:3]))",
		Limits:        sandbox.DefaultLimits(),
		Deterministic: true,
	}
	first, err := engine.Run(context.Background(), req)
	if err != nil || first.Outcome != sandbox.OutcomeOK {
		t.Fatalf("%v %+v", err, first)
	}
	for range 2 {
		again, err := engine.Run(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		if again.FuelUsed != first.FuelUsed || again.FuelStartup != first.FuelStartup || string(again.Stdout) != string(first.Stdout) {
			t.Errorf("fuel %d+%d then %d+%d: deterministic runs must use identical fuel", first.FuelUsed, first.FuelStartup, again.FuelUsed, again.FuelStartup)
		}
	}
	// Start-up is not the snippet's: a heavier snippet costs more fuel, the
	// same start-up.
	req.Code = "print(sum(range(100_000)))"
	heavier, err := engine.Run(context.Background(), req)
	if err != nil || heavier.FuelStartup != first.FuelStartup || heavier.FuelUsed <= 0 {
		t.Errorf("%v: start-up %d vs %d, used %d", err, heavier.FuelStartup, first.FuelStartup, heavier.FuelUsed)
	}
}

func TestFuelProgressIsLive(t *testing.T) {
	engine := sandboxtest.Engine(t)
	out := newSignalWriter("halfway")
	run, err := engine.Start(context.Background(), sandbox.Request{
		Code:   "sum(range(2_000_000))\nprint('halfway')\nwhile True:\n    pass\n",
		Stdout: out,
		Limits: sandbox.Limits{Fuel: 1 << 50, Timeout: time.Minute},
	})
	if err != nil {
		t.Fatal(err)
	}
	out.wait(t, run)
	// Two million iterations burn far more than one 10M-unit slice, and each
	// slice publishes its progress.
	if used := run.Stats().FuelUsed; used < 10_000_000 {
		t.Errorf("live fuel %d after two million iterations", used)
	}
	run.Cancel()
	if res := run.Wait(); res.Outcome != sandbox.OutcomeCanceled || res.FuelUsed < 10_000_000 {
		t.Errorf("outcome %s fuel %d", res.Outcome, res.FuelUsed)
	}
}

// A run without a fuel limit is still metered: it reports what it used.
func TestUnlimitedRunReportsFuel(t *testing.T) {
	engine := sandboxtest.Engine(t)
	run := func(limits sandbox.Limits) sandbox.Result {
		t.Helper()
		res, err := engine.Run(context.Background(), sandbox.Request{Code: "print(sum(range(1000)))", Limits: limits, Deterministic: true})
		if err != nil || res.Outcome != sandbox.OutcomeOK || string(res.Stdout) != "499500\n" {
			t.Fatalf("%v %+v", err, res)
		}
		return res
	}
	free, limited := run(sandbox.Limits{}), run(sandbox.DefaultLimits())
	if free.FuelLimit != 0 || free.FuelUsed == 0 || free.FuelStartup == 0 || free.FuelShutdown == 0 {
		t.Errorf("unlimited run reports fuel %d (start-up %d, shutdown %d) of %d", free.FuelUsed, free.FuelStartup, free.FuelShutdown, free.FuelLimit)
	}
	if free.FuelUsed != limited.FuelUsed || free.FuelStartup != limited.FuelStartup {
		t.Errorf("unlimited run used %d (start-up %d), limited %d (start-up %d): the limit must not change the count",
			free.FuelUsed, free.FuelStartup, limited.FuelUsed, limited.FuelStartup)
	}
}

// A program that finished within its budget must exit, however much it
// left for CPython's shutdown to free: freeing costs ~530 units an int.
func TestBigHeapExitsWithinItsBudget(t *testing.T) {
	engine := sandboxtest.Engine(t)
	code := "x = list(range(2_000_000))\nd = {i: i for i in range(200_000)}\nprint(len(x), len(d))"
	limits := sandbox.DefaultLimits()
	limits.Fuel = 10_000_000_000
	res, err := engine.Run(context.Background(), sandbox.Request{Code: code, Limits: limits, Deterministic: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Outcome != sandbox.OutcomeOK || string(res.Stdout) != "2000000 200000\n" || res.FuelShutdown < 1_000_000_000 {
		t.Errorf("%s %q %q: shutdown used %d", res.Outcome, res.Stdout, res.Message, res.FuelShutdown)
	}
	// Near the memory cap: 2.9M floats fill ~114 of 128 MiB, and freeing
	// them costs ~2G units (11.5G to build them).
	limits.Fuel = 20_000_000_000
	code = "x = [float(i) for i in range(2_900_000)]\nprint(len(x))"
	res, err = engine.Run(context.Background(), sandbox.Request{Code: code, Limits: limits, Deterministic: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Outcome != sandbox.OutcomeOK || string(res.Stdout) != "2900000\n" {
		t.Errorf("%s %q %q: peak %d MiB, shutdown used %d", res.Outcome, res.Stdout, res.Message, res.MemoryPeak>>20, res.FuelShutdown)
	}
}

func TestFuelAccountsStartupSnippetShutdown(t *testing.T) {
	engine := sandboxtest.Engine(t)
	run := func(code string) sandbox.Result {
		t.Helper()
		res, err := engine.Run(context.Background(), sandbox.Request{Code: code, Limits: sandbox.DefaultLimits(), Deterministic: true})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	empty := run("pass")
	if empty.FuelUsed == 0 || empty.FuelUsed > 5_000_000 || empty.FuelStartup < 100_000_000 || empty.FuelShutdown < 10_000_000 {
		t.Errorf("empty snippet: used %d, start-up %d, shutdown %d: want a small snippet between a large start-up and shutdown",
			empty.FuelUsed, empty.FuelStartup, empty.FuelShutdown)
	}
	// The snippet's own atexit handlers are the snippet's; os._exit skips shutdown.
	if res := run("import atexit\natexit.register(lambda: sum(range(100_000)))"); res.FuelUsed < empty.FuelUsed+1_000_000 {
		t.Errorf("atexit work not charged to the snippet: used %d", res.FuelUsed)
	}
	if res := run("import os\nos._exit(0)"); res.FuelShutdown != 0 || res.Outcome != sandbox.OutcomeOK {
		t.Errorf("os._exit: %s, shutdown %d", res.Outcome, res.FuelShutdown)
	}
	// Code that runs at exit, after the snippet's account closed, has the
	// shutdown allowance, and running out of it says so.
	res := run("class Forever:\n    def __del__(self):\n        while True: pass\nx = Forever()")
	if res.Outcome != sandbox.OutcomeFuelExhausted || !strings.Contains(res.Message, "at exit") ||
		res.FuelUsed >= res.FuelLimit || res.FuelShutdown < 1_000_000_000 {
		t.Errorf("endless __del__: %s %q, used %d of %d, shutdown %d", res.Outcome, res.Message, res.FuelUsed, res.FuelLimit, res.FuelShutdown)
	}
	// Once the snippet runs, sitecustomize.py is out of reach.
	res = run("import os\nprint(os.path.exists('/usr/local/lib/python3.12/site-packages/sitecustomize.py'))")
	if string(res.Stdout) != "False\n" {
		t.Errorf("stdout %q: sitecustomize.py must be gone once the snippet runs", res.Stdout)
	}
}

// The metered runtime does not check the context in compiled code; a
// timeout or cancel must still stop a tight loop, at its next fuel refill.
func TestMeteredLoopStopsOnTimeoutAndCancel(t *testing.T) {
	engine := sandboxtest.Engine(t)
	limits := sandbox.Limits{Fuel: 1 << 50, Timeout: time.Second}
	res, err := engine.Run(context.Background(), sandbox.Request{Code: "while True: pass", Limits: limits})
	if err != nil || res.Outcome != sandbox.OutcomeTimeout || res.Wall > 5*time.Second {
		t.Fatalf("%v: outcome %s after %v, want a timeout after about 1s", err, res.Outcome, res.Wall)
	}
	limits.Timeout = time.Hour
	out := newSignalWriter("looping")
	run, err := engine.Start(context.Background(), sandbox.Request{Code: "print('looping')\nwhile True: pass", Limits: limits, Stdout: out})
	if err != nil {
		t.Fatal(err)
	}
	out.wait(t, run)
	run.Cancel()
	if res := run.Wait(); res.Outcome != sandbox.OutcomeCanceled {
		t.Errorf("outcome %s, want canceled", res.Outcome)
	}
}
