package sandbox_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pyplay/pyplay/sandbox"
	"github.com/pyplay/pyplay/sandbox/sandboxtest"
)

// corpusExpect lists the corpus snippets that do not end "ok, exit 0".
// Every snippet's expected stdout is in testdata/corpus/NAME.out, produced by
// native CPython: the sandbox must print exactly what a real Python prints.
var corpusExpect = map[string]struct {
	outcome        sandbox.Outcome
	exitCode       int
	stderrContains string
}{
	"exit_code":               {sandbox.OutcomeError, 3, "no input file given"},
	"syntax_error":            {sandbox.OutcomeError, 1, "SyntaxError: invalid syntax"},
	"traceback_zero_division": {sandbox.OutcomeError, 1, "ZeroDivisionError: division by zero"},
}

func TestCorpus(t *testing.T) {
	engine := sandboxtest.Engine(t)
	snippets, err := filepath.Glob("../testdata/corpus/*.py")
	if err != nil || len(snippets) < 10 {
		t.Fatalf("corpus: found %d snippets, err %v", len(snippets), err)
	}
	for _, path := range snippets {
		name := strings.TrimSuffix(filepath.Base(path), ".py")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			code := readFile(t, path)
			wantOut := readFile(t, strings.TrimSuffix(path, ".py")+".out")
			stdin, err := os.ReadFile(strings.TrimSuffix(path, ".py") + ".in")
			if err != nil && !os.IsNotExist(err) {
				t.Fatal(err)
			}
			// Importing dataclasses or statistics alone costs 300-600M units:
			// each run inflates and unmarshals them from python.wasm's zip.
			// Bounded by fuel alone: a timeout would make the outcome depend
			// on the machine's speed (under -race, on 2 cores).
			limits := sandbox.DefaultLimits()
			limits.Fuel, limits.Timeout = 20_000_000_000, 0
			res, err := engine.Run(context.Background(), sandbox.Request{Code: code, Stdin: stdin, Limits: limits})
			if err != nil {
				t.Fatal(err)
			}
			// An unlimited run prints the same, and still reports its fuel.
			unlimited := limits
			unlimited.Fuel = 0
			free, err := engine.Run(context.Background(), sandbox.Request{Code: code, Stdin: stdin, Limits: unlimited})
			if err != nil {
				t.Fatal(err)
			}
			if string(free.Stdout) != string(res.Stdout) || string(free.Stderr) != string(res.Stderr) || free.ExitCode != res.ExitCode || free.FuelUsed == 0 {
				t.Errorf("limited and unlimited runs differ:\nlimited   %s %q %q\nunlimited %s %q %q fuel %d", res.Outcome, res.Stdout, res.Stderr, free.Outcome, free.Stdout, free.Stderr, free.FuelUsed)
			}
			if res.FuelUsed == 0 || res.FuelUsed > res.FuelLimit {
				t.Errorf("fuel used %d of %d", res.FuelUsed, res.FuelLimit)
			}
			want, ok := corpusExpect[name]
			if !ok {
				want.outcome = sandbox.OutcomeOK
			}
			if res.Outcome != want.outcome || res.ExitCode != want.exitCode {
				t.Fatalf("outcome %s exit %d, want %s exit %d; stderr:\n%s", res.Outcome, res.ExitCode, want.outcome, want.exitCode, res.Stderr)
			}
			if got := string(res.Stdout); got != wantOut {
				t.Errorf("stdout:\n%s\nwant:\n%s", got, wantOut)
			}
			if !strings.Contains(string(res.Stderr), want.stderrContains) {
				t.Errorf("stderr %q does not contain %q", res.Stderr, want.stderrContains)
			}
			if want.stderrContains == "" && len(res.Stderr) != 0 {
				t.Errorf("unexpected stderr: %s", res.Stderr)
			}
		})
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
