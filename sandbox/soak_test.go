package sandbox_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pyplay/pyplay/sandbox"
)

// TestSoak runs 1,000 snippets one after another in one process, the corpus
// and hostile ones mixed, and checks the host keeps its memory and
// goroutines. It takes minutes: go test -short skips it.
func TestSoak(t *testing.T) {
	if testing.Short() {
		t.Skip("soak test: skipped with -short")
	}
	e := prestartedEngine(t)
	corpus, _ := filepath.Glob("../testdata/corpus/*.py")
	type job struct {
		code    string
		limits  sandbox.Limits
		outcome sandbox.Outcome
	}
	generous := sandbox.DefaultLimits()
	generous.Fuel = 20_000_000_000
	var jobs []job
	for _, path := range corpus {
		name := strings.TrimSuffix(filepath.Base(path), ".py")
		want := sandbox.OutcomeOK
		if _, bad := corpusExpect[name]; bad {
			want = sandbox.OutcomeError
		}
		jobs = append(jobs, job{readFile(t, path), generous, want})
	}
	hostile := func(name string, limits sandbox.Limits, outcome sandbox.Outcome) {
		jobs = append(jobs, job{readFile(t, "../testdata/hostile/"+name+".py"), limits, outcome})
	}
	short := sandbox.Limits{Fuel: sandbox.SeedFuel, Memory: 32 << 20, Timeout: 300 * time.Millisecond, MaxOutput: 4 << 10}
	hostile("memory_bomb", sandbox.Limits{Fuel: 1 << 40, Memory: 32 << 20, Timeout: time.Minute}, sandbox.OutcomeMemoryExceeded)
	hostile("sleep_forever", short, sandbox.OutcomeTimeout)
	hostile("endless_print", sandbox.Limits{Fuel: 50_000_000, Memory: 32 << 20, MaxOutput: 4 << 10}, sandbox.OutcomeFuelExhausted)
	hostile("deep_recursion", seedLimits(), sandbox.OutcomeFuelExhausted)
	hostile("read_host_files", generous, sandbox.OutcomeOK)
	hostile("escape_sequences", generous, sandbox.OutcomeOK)

	baseRSS, baseG := settle(t)
	runs := 1000
	if n, err := strconv.Atoi(os.Getenv("PYPLAY_SOAK_RUNS")); err == nil {
		runs = n // a quicker soak while developing
	}
	for i := range runs {
		j := jobs[i%len(jobs)]
		res, err := e.Run(context.Background(), sandbox.Request{Code: j.code, Limits: j.limits})
		if err != nil {
			t.Fatal(err)
		}
		if res.Outcome != j.outcome {
			t.Fatalf("run %d: outcome %s, want %s; stderr %s", i, res.Outcome, j.outcome, tail(res.Stderr))
		}
	}
	rss, _ := settle(t)
	t.Logf("host RSS %d MiB before, %d MiB after %d runs", baseRSS>>20, rss>>20, runs)
	if baseRSS > 0 && rss-baseRSS > 50<<20 {
		t.Errorf("host RSS grew by %d MiB over %d runs, want < 50 MiB", (rss-baseRSS)>>20, runs)
	}
	if err := e.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	if g := runtime.NumGoroutine(); g > baseG {
		t.Errorf("%d goroutines after closing the engine, %d before the runs", g, baseG)
	}
}

// settle collects garbage and returns the process's RSS (0 where /proc is
// missing) and goroutine count.
func settle(t *testing.T) (rss int64, goroutines int) {
	runtime.GC()
	debug.FreeOSMemory()
	status, err := os.ReadFile("/proc/self/status")
	if err == nil {
		for _, line := range strings.Split(string(status), "\n") {
			if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
				kb, _ := strconv.ParseInt(f[1], 10, 64)
				rss = kb << 10
			}
		}
	}
	return rss, runtime.NumGoroutine()
}
