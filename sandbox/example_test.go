package sandbox_test

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/pyplay/pyplay/sandbox"
)

// Run a snippet under the default limits and look at what it did.
func ExampleEngine_Run() {
	ctx := context.Background()
	engine := sandbox.NewEngine(sandbox.NewConfig())
	defer engine.Close(ctx)
	engine.Prepare() // start provisioning and compiling early

	res, err := engine.Run(ctx, sandbox.Request{
		Code:   "import sys\nprint('hello from', sys.platform)\nsys.exit(3)",
		Limits: sandbox.DefaultLimits(),
	})
	if err != nil {
		fmt.Println("engine:", err)
		return
	}
	fmt.Print(string(res.Stdout))
	fmt.Println(res.Outcome, res.ExitCode)
	// Output:
	// hello from wasi
	// error 3
}

// Stream output while the run is going, and watch its memory.
func ExampleEngine_Start() {
	ctx := context.Background()
	engine := sandbox.NewEngine(sandbox.NewConfig())
	defer engine.Close(ctx)

	run, err := engine.Start(ctx, sandbox.Request{
		Code:   "import time\nprint('tick', flush=True)\ntime.sleep(60)",
		Stdout: os.Stdout, // lines arrive as they are printed
		Limits: sandbox.Limits{Timeout: time.Second, Memory: 64 << 20},
	})
	if err != nil {
		fmt.Println("engine:", err)
		return
	}
	_ = run.Stats() // live figures, safe from any goroutine
	res := run.Wait()
	fmt.Println(res.Outcome, res.MemoryLimit>>20, "MiB cap")
	// Output:
	// tick
	// timeout 64 MiB cap
}
