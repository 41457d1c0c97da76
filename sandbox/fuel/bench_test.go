package fuel

import (
	"os"
	"testing"

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
// compilation is excluded. The ratio of the instrumented to the plain
// time of each workload is the overhead of metering:
//
//	go test ./sandbox/fuel -run '^$' -bench PythonOverhead -count 10 -benchtime 5x
func BenchmarkPythonOverhead(b *testing.B) {
	plain, instrumented := pythonForTest(b)
	p := newPythonRunner(b)
	mods := []struct {
		name string
		cm   wazero.CompiledModule
	}{{"plain", p.compile(b, plain)}, {"instrumented", p.compile(b, instrumented)}}
	for _, wl := range overheadWorkloads {
		for _, m := range mods {
			b.Run(wl.name+"/"+m.name, func(b *testing.B) {
				var fuel int64
				for b.Loop() {
					var out string
					out, fuel = p.run(b, m.cm, &fuelHost{slice: 10_000_000}, "-c", wl.code)
					if out != wl.out {
						b.Fatalf("output %q", out)
					}
				}
				if fuel > 0 {
					b.ReportMetric(float64(fuel), "fuel")
				}
			})
		}
	}
}
