package fuel

import (
	"os"
	"testing"
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

// BenchmarkPythonOverhead compares run time of plain and instrumented
// python.wasm on cpuHeavy; compilation is excluded.
func BenchmarkPythonOverhead(b *testing.B) {
	plain, instrumented := pythonForTest(b)
	p := newPythonRunner(b)
	for _, bc := range []struct {
		name string
		wasm []byte
	}{{"plain", plain}, {"instrumented", instrumented}} {
		cm := p.compile(b, bc.wasm)
		b.Run(bc.name, func(b *testing.B) {
			var fuel int64
			for b.Loop() {
				var out string
				out, fuel = p.run(b, cm, &fuelHost{slice: 10_000_000}, "-c", cpuHeavy)
				if out != "75025\n499999500000\n" {
					b.Fatalf("output %q", out)
				}
			}
			if fuel > 0 {
				b.ReportMetric(float64(fuel), "fuel")
			}
		})
	}
}
