package fuel

import (
	"os"
	"testing"
)

func TestZZDyn(t *testing.T) {
	wasm, _ := os.ReadFile(pythonWasmForTest(t))
	p := newPythonRunner(t)
	defer func() { debugCount = 0 }()
	for _, lim := range []int64{0, 1000} {
		for _, mode := range []int{0, 1, 2} {
			debugCount = mode
			out, err := instrument(wasm, config{prepay: true, leafLimit: lim})
			if err != nil {
				t.Fatal(err)
			}
			cm := p.compile(t, out)
			for _, wl := range overheadWorkloads {
				_, fuel := p.run(t, cm, &fuelHost{slice: 1 << 50}, "-c", wl.code)
				t.Logf("limit %d mode %d %s: %d", lim, mode, wl.name, fuel)
			}
			cm.Close(nil)
		}
	}
}
