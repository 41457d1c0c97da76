package mcp_test

import (
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/pyplay/pyplay/internal/units"
)

// TestMemoryStaysFlat: 100 sequential calls, then 8 at once (queued one
// per core), leave the server's memory where a warm-up left it: the Go
// heap, the process's resident set and its goroutines. Each program is
// bounded by its fuel, not by a clock.
func TestMemoryStaysFlat(t *testing.T) {
	ts := start(t, testConfig(), nil)
	code := "import json\ndata = [{'n': i, 's': str(i) * 10} for i in range(2000)]\nprint(len(json.dumps(data)))"
	round := func(sequential, concurrent int) {
		for range sequential {
			if out := structured(t, ts.call(t, "run_python", map[string]any{"code": code})); out["outcome"] != "ok" {
				t.Fatalf("run: %v", out)
			}
		}
		var wg sync.WaitGroup
		for range concurrent {
			wg.Go(func() {
				if out := structured(t, ts.call(t, "run_python", map[string]any{"code": code})); out["outcome"] != "ok" {
					t.Errorf("concurrent run: %v", out)
				}
			})
		}
		wg.Wait()
	}
	round(10, 8) // caches, the pool, the history's connections
	before := measure(t)
	round(100, 8)
	after := measure(t)
	t.Logf("after a warm-up of 18 calls: heap %s, resident %s, %d goroutines", units.FormatSize(before.heap), units.FormatSize(before.rss), before.goroutines)
	t.Logf("after 108 more:              heap %s, resident %s, %d goroutines", units.FormatSize(after.heap), units.FormatSize(after.rss), after.goroutines)
	if grew := after.heap - before.heap; grew > 4<<20 {
		t.Errorf("the heap grew %s over 108 calls", units.FormatSize(grew))
	}
	if grew := after.rss - before.rss; before.rss > 0 && grew > 32<<20 {
		t.Errorf("the resident set grew %s over 108 calls", units.FormatSize(grew))
	}
	if after.goroutines > before.goroutines+2 {
		t.Errorf("%d goroutines, %d before: some leak", after.goroutines, before.goroutines)
	}
}

type footprint struct {
	heap, rss  int64
	goroutines int
}

// measure is the process's footprint after a collection that returned
// what it freed to the system (earlier tests' garbage too); rss is 0
// where /proc is not.
func measure(t *testing.T) footprint {
	t.Helper()
	debug.FreeOSMemory()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	f := footprint{heap: int64(ms.HeapAlloc), goroutines: runtime.NumGoroutine()}
	if b, err := os.ReadFile("/proc/self/statm"); err == nil {
		if fields := strings.Fields(string(b)); len(fields) > 1 {
			pages, _ := strconv.ParseInt(fields[1], 10, 64)
			f.rss = pages * int64(os.Getpagesize())
		}
	}
	return f
}
