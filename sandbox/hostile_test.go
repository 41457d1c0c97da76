package sandbox_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/pyplay/pyplay/sandbox"
	"github.com/pyplay/pyplay/sandbox/sandboxtest"
)

// hostileFiles are what the hostile snippets try to create on the host.
var hostileFiles = []string{
	"/tmp/pyplay-hostile-write.txt",
	"/tmp/pyplay-hostile-dir",
	"/tmp/pyplay-hostile-spawn",
	"/tmp/pyplay-hostile-ctypes",
	"pyplay-hostile-write.txt",
}

func TestHostileSnippets(t *testing.T) {
	engine := sandboxtest.Engine(t)
	t.Setenv("PYPLAY_TEST_SECRET", "s3cret-host-value")
	for _, f := range hostileFiles {
		_ = os.RemoveAll(f)
	}
	tests := []struct {
		name    string
		limits  sandbox.Limits
		outcome sandbox.Outcome
		// stdout and stderr must contain these; stdout must not contain
		// "READ ", "WROTE ", "LISTED ", "CHANGED", "CONNECTED", "LISTENING",
		// "SPAWNED" or the secret, whatever the snippet.
		stdout, stderr []string
		check          func(t *testing.T, res sandbox.Result)
	}{
		{name: "read_host_files", outcome: sandbox.OutcomeOK, stdout: []string{"blocked: FileNotFoundError", "scratch root\nscratch root\n", "visible: ['main.py']"}},
		{name: "write_host_files", outcome: sandbox.OutcomeOK, stdout: []string{"scratch wrote /tmp/pyplay-hostile-write.txt\nscratch wrote pyplay-hostile-write.txt\nscratch mkdir\nblocked write: OSError\nblocked write: OSError\nblocked: OSError\nblocked: OSError\nblocked: OSError\n"}},
		{
			name: "scratch_escape",
			// Bounded by fuel and the cap, not the clock: under -race the
			// host's side of thousands of file calls is slow.
			limits:  sandbox.Limits{Scratch: 1 << 20, Fuel: sandbox.DefaultFuel, Memory: sandbox.DefaultMemory},
			outcome: sandbox.OutcomeOK,
			stdout:  []string{"huge file stopped: OSError", "many files stopped: OSError True", "deep dirs stopped: OSError True"},
			check: func(t *testing.T, res sandbox.Result) {
				if out := string(res.Stdout); strings.Count(out, "blocked read:") != 3 || strings.Count(out, "blocked link:") != 2 {
					t.Errorf("every read outside the tree and every link must be refused:\n%s", out)
				}
				if res.ScratchPeak > 1<<20 || res.ScratchLimit != 1<<20 {
					t.Errorf("scratch peak %d, limit %d: want the peak within the 1 MiB cap", res.ScratchPeak, res.ScratchLimit)
				}
			},
		},
		{name: "env_leak", outcome: sandbox.OutcomeOK, stdout: []string{"{}\nno secret\n"}},
		{name: "sockets", outcome: sandbox.OutcomeOK, stdout: []string{"blocked:", "blocked bind:"}},
		{name: "subprocess_spawn", outcome: sandbox.OutcomeOK, stdout: []string{"blocked: OSError", "has os.system: False has os.fork: False"}},
		{name: "ctypes_escape", outcome: sandbox.OutcomeError, stderr: []string{"No module named 'ctypes'"}},
		{
			name:    "memory_bomb",
			limits:  sandbox.Limits{Memory: 64 << 20, Timeout: time.Minute},
			outcome: sandbox.OutcomeMemoryExceeded,
			stderr:  []string{"MemoryError"},
			check: func(t *testing.T, res sandbox.Result) {
				if res.MemoryPeak > 64<<20 || res.MemoryLimit != 64<<20 {
					t.Errorf("peak %d, limit %d: want peak within the 64 MiB cap", res.MemoryPeak, res.MemoryLimit)
				}
			},
		},
		{
			name:    "sleep_forever",
			limits:  sandbox.Limits{Timeout: 2 * time.Second},
			outcome: sandbox.OutcomeTimeout,
			stdout:  []string{"going to sleep\n"},
			check: func(t *testing.T, res sandbox.Result) {
				if res.Wall > 30*time.Second || strings.Contains(string(res.Stdout), "woke up") {
					t.Errorf("wall %v, stdout %q: the timeout did not interrupt the sleep", res.Wall, res.Stdout)
				}
			},
		},
		{
			name: "endless_print",
			// Bounded by fuel, not the clock: the subject is the output cap,
			// and under -race on 2 cores a 2 s timeout could come first.
			limits:  sandbox.Limits{Fuel: 2_000_000_000, MaxOutput: 64 << 10},
			outcome: sandbox.OutcomeFuelExhausted,
			stdout:  []string{"all work and no play 0\n", "[pyplay: stdout truncated at 65536 bytes"},
			check: func(t *testing.T, res sandbox.Result) {
				if !res.StdoutTruncated || len(res.Stdout) > 64<<10+200 {
					t.Errorf("truncated %v, %d bytes kept: want the cap to hold", res.StdoutTruncated, len(res.Stdout))
				}
			},
		},
		{
			// A million frames deep: fuel stops it long before the host stack
			// or memory notices (unmetered, CPython's C recursion guard ends
			// it with RecursionError after ~10 s).
			name:    "deep_recursion",
			limits:  seedLimits(),
			outcome: sandbox.OutcomeFuelExhausted,
		},
		{name: "escape_sequences", outcome: sandbox.OutcomeOK, stdout: []string{"\x1b[2J", "visible text"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code := readFile(t, filepath.Join("../testdata/hostile", tt.name+".py"))
			limits := tt.limits
			if limits == (sandbox.Limits{}) {
				// Importing subprocess or socket alone costs ~400M units.
				limits = sandbox.DefaultLimits()
				limits.Fuel = 5_000_000_000
			}
			goroutines := runtime.NumGoroutine()
			res, err := engine.Run(context.Background(), sandbox.Request{Code: code, Limits: limits})
			if err != nil {
				t.Fatal(err)
			}
			if res.Outcome != tt.outcome {
				t.Fatalf("outcome %s (exit %d, %s), want %s; stderr:\n%s", res.Outcome, res.ExitCode, res.Message, tt.outcome, tail(res.Stderr))
			}
			for _, want := range tt.stdout {
				if !strings.Contains(string(res.Stdout), want) {
					t.Errorf("stdout does not contain %q:\n%s", want, tail(res.Stdout))
				}
			}
			for _, want := range tt.stderr {
				if !strings.Contains(string(res.Stderr), want) {
					t.Errorf("stderr does not contain %q:\n%s", want, tail(res.Stderr))
				}
			}
			for _, breach := range []string{"READ ", "WROTE ", "LISTED ", "CHANGED", "CONNECTED", "LISTENING", "SPAWNED", "s3cret"} {
				if strings.Contains(string(res.Stdout), breach) {
					t.Errorf("sandbox breach: stdout contains %q:\n%s", breach, res.Stdout)
				}
			}
			if tt.check != nil {
				tt.check(t, res)
			}
			if after := runtime.NumGoroutine(); after > goroutines+2 {
				t.Errorf("goroutines grew from %d to %d", goroutines, after)
			}
		})
	}
	for _, f := range hostileFiles {
		if _, err := os.Stat(f); err == nil {
			t.Errorf("host file %s exists after the hostile snippets ran", f)
		}
	}
}

// tail keeps the end of a long output for failure messages.
func tail(b []byte) string {
	if len(b) > 2000 {
		b = b[len(b)-2000:]
	}
	return string(b)
}

// seedLimits are the defaults with the seed post's 400M fuel: with the
// default 10G, deep recursion reaches the memory cap before the fuel runs
// out, and these tests are about fuel.
func seedLimits() sandbox.Limits {
	l := sandbox.DefaultLimits()
	l.Fuel = sandbox.SeedFuel
	return l
}
