// Package sandboxtest gives tests a real engine running the real python.wasm,
// provisioned exactly as a user's first run provisions it (npm, hash check,
// cache dir), so `go test ./...` works on a fresh machine with Go and npm.
package sandboxtest

import (
	"context"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/pyplay/pyplay/sandbox"
)

// shared is one engine per test binary: compiling python.wasm is the slow
// part, and every test may share the compiled module.
var shared struct {
	once   sync.Once
	engine *sandbox.Engine
	err    error
}

// Engine returns the test binary's ready engine, failing the test (not
// skipping it) when python.wasm cannot be provisioned.
func Engine(tb testing.TB) *sandbox.Engine {
	tb.Helper()
	shared.once.Do(func() {
		shared.engine = sandbox.NewEngine(sandbox.NewConfig().WithProgress(os.Stderr))
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
		defer cancel()
		shared.err = shared.engine.Ready(ctx)
	})
	if shared.err != nil {
		tb.Fatalf("python.wasm is needed for this test: %v", shared.err)
	}
	return shared.engine
}

// NewEngine returns an engine of the test's own, ready, for a test that
// hands it to an owner that closes it (a session.Service). It starts from
// the caches the shared engine filled, so it is ready in well under a second.
func NewEngine(tb testing.TB, cfg sandbox.Config) *sandbox.Engine {
	tb.Helper()
	Engine(tb) // provisioned, compiled and snapshotted once
	e := sandbox.NewEngine(cfg)
	tb.Cleanup(func() { _ = e.Close(context.Background()) })
	if err := e.Ready(context.Background()); err != nil {
		tb.Fatalf("engine: %v", err)
	}
	return e
}
