// The tests here run the built binary: what only a process shows (signals,
// kills, its address-space limit). The commands themselves are tested
// in-process in internal/cli.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/pyplay/pyplay/internal/cli"
	"github.com/pyplay/pyplay/sandbox/sandboxtest"
)

// pyplayBinary builds the real command once per test binary.
func pyplayBinary(t *testing.T) string {
	t.Helper()
	sandboxtest.Engine(t) // python.wasm provisioned before the CLI looks for it
	bin := filepath.Join(binDir, "pyplay")
	buildOnce.Do(func() {
		out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
		if err != nil {
			buildErr = errors.New(string(out))
		}
	})
	if buildErr != nil {
		t.Fatalf("go build: %v", buildErr)
	}
	return bin
}

type cliResult struct {
	status      int
	stdout, err string
}

func pyplay(t *testing.T, stdin string, args ...string) cliResult {
	t.Helper()
	cmd := exec.Command(pyplayBinary(t), args...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatal(err)
	}
	return cliResult{cmd.ProcessState.ExitCode(), out.String(), errb.String()}
}

var (
	binDir    string
	buildOnce sync.Once
	buildErr  error
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "pyplay-bin-")
	if err != nil {
		panic(err)
	}
	binDir = dir
	// Runs the tests make are recorded in a history of their own.
	if err := os.Setenv("XDG_STATE_HOME", filepath.Join(dir, "state")); err != nil {
		panic(err)
	}
	// And no config file of the machine's user.
	if err := os.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config")); err != nil {
		panic(err)
	}
	code := m.Run()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

func TestKillDuringARunLosesOnlyThatRun(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	if got := pyplay(t, "print('kept')", "run", "-"); got.status != 0 {
		t.Fatalf("first run: %+v", got)
	}
	cmd := exec.Command(pyplayBinary(t), "run", "--fuel", "0", "--timeout", "0", "-")
	cmd.Stdin = strings.NewReader("print('looping', flush=True)\nwhile True: pass\n")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line := make([]byte, len("looping\n"))
	if _, err := io.ReadFull(out, line); err != nil || string(line) != "looping\n" {
		t.Fatalf("read %q, %v", line, err)
	}
	_ = cmd.Process.Kill() // SIGKILL mid-run
	_ = cmd.Wait()

	got := pyplay(t, "", "history", "--json")
	var entries []map[string]any
	if err := json.Unmarshal([]byte(got.stdout), &entries); err != nil || len(entries) != 1 || entries[0]["stdout"] != "kept\n" {
		t.Errorf("after kill -9: %v, history %s", err, got.stdout)
	}
	if again := pyplay(t, "print(2)", "run", "-"); again.status != 0 || !strings.Contains(again.err, "· run 2") {
		t.Errorf("the history must keep working after a kill: %+v", again)
	}
}

// When the host cannot reserve the guest's memory (an address-space limit),
// the run is pyplay's failure: exit 3 and the reason, not a "crashed" run
// blamed on the guest, and nothing recorded.
func TestHostMemoryFailureIsAnEngineError(t *testing.T) {
	bin := pyplayBinary(t)
	cmd := exec.Command("sh", "-c", `ulimit -v 4194304 && exec "$0" run --no-history --memory 0 -`, bin)
	cmd.Stdin = strings.NewReader("print(1)")
	var errb bytes.Buffer
	cmd.Stderr = &errb
	err := cmd.Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != cli.ExitEngine || !strings.Contains(errb.String(), "could not reserve") {
		t.Errorf("%v, stderr %q: want exit %d saying the memory could not be reserved", err, errb.String(), cli.ExitEngine)
	}
}

// TestInterruptCancelsTheRun: SIGINT to `pyplay run` cancels the run, which
// is still summed up and recorded, and the exit status is 130.
func TestInterruptCancelsTheRun(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	cmd := exec.Command(pyplayBinary(t), "run", "--fuel", "0", "--timeout", "0", "-")
	cmd.Stdin = strings.NewReader("print('looping', flush=True)\nwhile True: pass\n")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var errb bytes.Buffer
	cmd.Stderr = &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line := make([]byte, len("looping\n"))
	if _, err := io.ReadFull(out, line); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Process.Signal(os.Interrupt)
	_ = cmd.Wait()
	if status := cmd.ProcessState.ExitCode(); status != cli.ExitCanceled || !strings.Contains(errb.String(), "pyplay: canceled") || !strings.Contains(errb.String(), "· run 1") {
		t.Errorf("exit %d, stderr %q: want 130, the run canceled and recorded", status, errb.String())
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
