package fuel

import (
	"os"
	"slices"
	"testing"
	"time"

	"github.com/tetratelabs/wazero"
)

func BenchmarkInstrumentPython(b *testing.B) {
	wasm, err := os.ReadFile(pythonWasmForTest(b))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(wasm)))
	var out []byte
	for b.Loop() {
		if out, err = Instrument(wasm); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(out)), "out-bytes")
}

// cpuHeavy is the workload for comparing instrumented and plain run time.
const cpuHeavy = `def fib(n): return n if n<2 else fib(n-1)+fib(n-2)
print(fib(25))
s = 0
for i in range(1000000):
    s += i
print(s)
`

// llmSnippet is typical of the code an LLM writes: imports, a dataclass, a
// comprehension, json and regular expressions. Most of its time is spent
// importing modules, so it weighs start-up heavily.
const llmSnippet = `from dataclasses import dataclass
import json, re
from collections import Counter
@dataclass
class Item:
    name: str
    qty: int
items = [Item(f"w{i}", i % 7) for i in range(2000)]
c = Counter(re.findall(r"[a-z]+", json.dumps([i.__dict__ for i in items])))
print(c.most_common(3))
`

// overheadWorkloads are the snippets BenchmarkPythonOverhead runs, with
// their expected output.
var overheadWorkloads = []struct{ name, code, out string }{
	{"cpu", cpuHeavy, "75025\n499999500000\n"},
	{"llm", llmSnippet, "[('name', 2000), ('w', 2000), ('qty', 2000)]\n"},
	{"pass", "pass", ""},
}

// BenchmarkPythonOverhead compares run time of plain and instrumented
// python.wasm, both in wazero's compiler without WithCloseOnContextDone;
// compilation is excluded. Each iteration runs every module once, in
// rotating order, so that load on a shared machine hits them alike; the
// metrics are per-run medians in ms, and ratio is metered over plain.
// "v1" is the instrumentation of Version 1, without leaves and joins.
//
//	go test ./sandbox/fuel -run '^$' -bench PythonOverhead -benchtime 15x -count 3
func BenchmarkPythonOverhead(b *testing.B) {
	plain, instrumented := pythonForTest(b)
	v1, err := instrument(plain, config{prepay: true})
	if err != nil {
		b.Fatal(err)
	}
	p := newPythonRunner(b)
	mods := []struct {
		name string
		cm   wazero.CompiledModule
	}{
		{"plain", p.compile(b, plain)},
		{"metered", p.compile(b, instrumented)},
		{"v1", p.compile(b, v1)},
	}
	for _, wl := range overheadWorkloads {
		b.Run(wl.name, func(b *testing.B) {
			times := make([][]float64, len(mods))
			fuel := make([]int64, len(mods))
			for i := 0; b.Loop(); i++ {
				for j := range mods {
					k := (i + j) % len(mods)
					start := time.Now()
					out, f := p.run(b, mods[k].cm, &fuelHost{slice: 10_000_000}, "-c", wl.code)
					times[k] = append(times[k], float64(time.Since(start))/1e6)
					if out != wl.out {
						b.Fatalf("%s: output %q", mods[k].name, out)
					}
					fuel[k] = f
				}
			}
			if fuel[1] != fuel[2] {
				b.Fatalf("fuel: metered %d, v1 %d", fuel[1], fuel[2])
			}
			med := make([]float64, len(mods))
			for k, m := range mods {
				med[k] = median(times[k])
				b.ReportMetric(med[k], m.name+"-ms")
			}
			b.ReportMetric(med[1]/med[0], "ratio")
			b.ReportMetric(med[2]/med[0], "v1-ratio")
			b.ReportMetric(float64(fuel[1]), "fuel")
		})
	}
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}
