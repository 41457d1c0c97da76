// Command pyplay runs untrusted Python in a WebAssembly sandbox.
//
//	pyplay [FILE]              open the playground
//	pyplay run [flags] FILE    run FILE (or - for stdin) headless
//
// The commands are in internal/cli; this file gives them the process.
package main

import (
	"context"
	"embed"
	iofs "io/fs"
	"os"
	"os/signal"
	"syscall"

	"github.com/pyplay/pyplay/internal/cli"
)

//go:embed testdata/examples
var examplesFS embed.FS

func main() {
	// An interrupt cancels the run in flight, which is then recorded and
	// summed up, rather than killing the process mid-write.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	// Piped into head, a run must still finish and be recorded: a closed
	// stdout gives EPIPE, which the commands handle, instead of killing us.
	signal.Ignore(syscall.SIGPIPE)
	examples, _ := iofs.Sub(examplesFS, "testdata/examples")
	status := cli.Main(ctx, cli.System(), os.Args[1:], cli.Assets{Examples: examples})
	stop()
	os.Exit(status)
}
