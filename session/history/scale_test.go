package history

import (
	"bytes"
	"context"
	"path/filepath"
	"runtime"
	"testing"
)

// bigHistory records n runs, each with 1 MiB of stdout and of stderr, the
// default output caps.
func bigHistory(t testing.TB, n int) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "h.db"), 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	big := bytes.Repeat([]byte("x"), 1<<20)
	for i := range n {
		r := record(i)
		r.Result.Stdout, r.Result.Stderr = big, big
		if _, err := s.Add(context.Background(), r); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

// allocated is how many bytes fn allocates.
func allocated(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// Listing reads only what a listing shows, and a full pass holds one run at
// a time: with 1,000 runs at both 1 MiB caps, pyplay history took 2.76 GB
// and history --json passed 12.7 GB.
func TestHistoryScales(t *testing.T) {
	const runs = 48 // 96 MiB of output
	s := bigHistory(t, runs)
	var recs []Record
	brief := allocated(func() {
		var err error
		recs, err = s.List(context.Background(), Filter{Limit: 1000, Brief: true})
		if err != nil {
			t.Fatal(err)
		}
	})
	if len(recs) != runs || !recs[0].Brief || len(recs[0].Result.Stdout) != 0 || recs[0].Code != "print(47)" {
		t.Fatalf("brief list: %d runs, first %+v", len(recs), recs[0])
	}
	if brief > 4<<20 {
		t.Errorf("a brief list of %d runs allocated %d MiB: it must not read their output", runs, brief>>20)
	}
	seen := 0
	var peak uint64
	err := s.Each(context.Background(), Filter{Limit: 1000}, func(r Record) error {
		if len(r.Result.Stdout) != 1<<20 {
			t.Errorf("run %d: %d bytes of stdout", r.ID, len(r.Result.Stdout))
		}
		seen++
		if seen%8 == 0 {
			var m runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&m)
			peak = max(peak, m.HeapAlloc)
		}
		return nil
	})
	if err != nil || seen != runs {
		t.Fatalf("each: %d runs, %v", seen, err)
	}
	if peak > 32<<20 {
		t.Errorf("a full pass held %d MiB of heap at once: it must hold one run at a time", peak>>20)
	}
	full, err := s.Get(context.Background(), recs[0].ID)
	if err != nil || full.Brief || len(full.Result.Stderr) != 1<<20 {
		t.Errorf("get: %v, brief %v, %d bytes of stderr", err, full.Brief, len(full.Result.Stderr))
	}
}

// BenchmarkHistoryList is `pyplay history -n 1000` over runs at both caps,
// reported as MB allocated per listing.
func BenchmarkHistoryList(b *testing.B) {
	s := bigHistory(b, 100)
	for b.Loop() {
		n := allocated(func() {
			if _, err := s.List(context.Background(), Filter{Limit: 1000, Brief: true}); err != nil {
				b.Fatal(err)
			}
		})
		b.ReportMetric(float64(n)/1e6, "MB/list")
	}
}

// The history keeps the newest runs within its byte budget, and always the
// newest one.
func TestHistoryByteBudget(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "h.db"), 0)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.maxBytes = 3 << 20
	big := bytes.Repeat([]byte("y"), 1<<20)
	for i := range 6 {
		r := record(i)
		r.Result.Stdout = big
		if _, err := s.Add(context.Background(), r); err != nil {
			t.Fatal(err)
		}
	}
	recs, err := s.List(context.Background(), Filter{Limit: 100, Brief: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 || recs[0].Code != "print(5)" || recs[1].Code != "print(4)" {
		t.Errorf("kept %d runs (newest %v): want the 2 newest within 3 MiB", len(recs), recs)
	}
	huge := record(6)
	huge.Result.Stdout = bytes.Repeat([]byte("z"), 4<<20)
	if _, err := s.Add(context.Background(), huge); err != nil {
		t.Fatal(err)
	}
	if recs, _ := s.List(context.Background(), Filter{Limit: 100, Brief: true}); len(recs) != 1 || recs[0].Code != "print(6)" {
		t.Errorf("kept %d runs: want just the newest, over the budget by itself", len(recs))
	}
}
