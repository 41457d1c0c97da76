package sandbox_test

import (
	"context"
	"os"
	"testing"

	"github.com/pyplay/pyplay/sandbox"
	"github.com/pyplay/pyplay/sandbox/sandboxtest"
)

// BenchmarkRunHello is submit→result for print("hi") with the module
// compiled: instantiation plus CPython start-up plus the snippet, metered
// (the default 400M fuel) and plain (--fuel 0).
func BenchmarkRunHello(b *testing.B) {
	engine := sandboxtest.Engine(b)
	for _, fuel := range []uint64{sandbox.DefaultFuel, 0} {
		name := "metered"
		if fuel == 0 {
			name = "plain"
		}
		b.Run(name, func(b *testing.B) {
			limits := sandbox.DefaultLimits()
			limits.Fuel = fuel
			req := sandbox.Request{Code: `print("hi")`, Limits: limits}
			for b.Loop() {
				res, err := engine.Run(context.Background(), req)
				if err != nil || string(res.Stdout) != "hi\n" {
					b.Fatalf("%v %+v", err, res)
				}
			}
		})
	}
}

// BenchmarkCompileFromCache is what a second `pyplay` start pays to get a
// ready engine: read and hash python.wasm, load compiled code from disk.
func BenchmarkCompileFromCache(b *testing.B) {
	sandboxtest.Engine(b) // the caches are warm from here on
	b.Setenv(sandbox.EnvPythonWasm, os.Getenv(sandbox.EnvPythonWasm))
	for b.Loop() {
		engine := sandbox.NewEngine(sandbox.NewConfig())
		if err := engine.Ready(context.Background()); err != nil {
			b.Fatal(err)
		}
		_ = engine.Close(context.Background())
	}
}
