package fuel

import (
	"runtime"

	"golang.org/x/sys/unix"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tetratelabs/wazero"
)

func TestExp(t *testing.T) {
	if os.Getenv("FUELEXP") == "" {
		t.Skip()
	}
	plain, _ := pythonForTest(t)
	cfgs := map[string]config{"default": defaultConfig, "hoist": {prepay: true, hoistBrIf: true}, "local": {prepay: true, cacheLocal: true}, "localhoist": {prepay: true, cacheLocal: true, hoistBrIf: true}, "plain": {}}
	names := strings.Split(os.Getenv("FUELEXP"), ",")
	p := newPythonRunner(t)
	cms := map[string]wazero.CompiledModule{}
	for _, n := range names {
		w := plain
		if n != "orig" {
			var err error
			if w, err = instrument(plain, cfgs[n]); err != nil {
				t.Fatal(err)
			}
		}
		cms[n] = p.compile(t, w)
	}
	for _, n := range names {
		_, f1 := p.run(t, cms[n], &fuelHost{slice: 1000}, "-c", "print(sum(range(10)))")
		t.Logf("%s fuel %d", n, f1)
	}
	times := map[string][]time.Duration{}
	for round := 0; round < 15; round++ {
		for _, n := range names {
			runtime.LockOSThread()
			var r0, r1 unix.Rusage
			unix.Getrusage(unix.RUSAGE_THREAD, &r0)
			p.run(t, cms[n], &fuelHost{slice: 1 << 60, budget: 1 << 60}, "-c", cpuHeavy)
			unix.Getrusage(unix.RUSAGE_THREAD, &r1)
			runtime.UnlockOSThread()
			times[n] = append(times[n], time.Duration(r1.Utime.Nano()+r1.Stime.Nano()-r0.Utime.Nano()-r0.Stime.Nano()))
		}
	}
	for _, n := range names {
		slices.Sort(times[n])
		t.Logf("%-14s min %v median %v", n, times[n][0], times[n][7])
	}
}
