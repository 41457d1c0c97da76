package sandbox_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pyplay/pyplay/sandbox"
	"github.com/pyplay/pyplay/sandbox/sandboxtest"
)

// run runs code on the shared engine with the default limits changed by
// set.
func run(t *testing.T, code, stdin string, set func(*sandbox.Limits)) sandbox.Result {
	t.Helper()
	limits := sandbox.DefaultLimits()
	if set != nil {
		set(&limits)
	}
	res, err := sandboxtest.Engine(t).Run(context.Background(), sandbox.Request{Code: code, Stdin: []byte(stdin), Limits: limits})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func fuel(n uint64) func(*sandbox.Limits) { return func(l *sandbox.Limits) { l.Fuel = n } }

// A fuel stop names the snippet's line and function running when the
// budget ran out, wherever the interpreter was below it.
func TestFuelStopSaysWhere(t *testing.T) {
	tests := []struct {
		name, code string
		want       sandbox.Stop
	}{
		{"top level", "n = 0\nwhile True:\n    n += 1\n", sandbox.Stop{Line: 3, Function: "<module>"}},
		{"function", "def spin():\n    n = 0\n    while True:\n        n += 1\n\nspin()\n", sandbox.Stop{Line: 4, Function: "spin"}},
		// The budget runs out in sorted's C code or in the lambda: the
		// lambda's line is the method's.
		{"method, in C code", "class Grid:\n    def step(self):\n        return sorted(range(100_000), key=lambda x: -x)\n\nwhile True:\n    Grid().step()\n",
			sandbox.Stop{Line: 3}},
		// A line far from its function's first: the location table's long
		// forms.
		{"far line", "def far():\n    n = 0\n" + strings.Repeat("    # padding\n", 300) + "    while True:\n        n += 1\n\nfar()\n",
			sandbox.Stop{Line: 304, Function: "far"}},
		{"generator", "def gen():\n    while True:\n        yield 1\n\nfor _ in gen():\n    pass\n", sandbox.Stop{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := run(t, tt.code, "", fuel(50_000_000))
			if res.Outcome != sandbox.OutcomeFuelExhausted {
				t.Fatalf("outcome %s, stderr %s", res.Outcome, res.Stderr)
			}
			got := res.Stop
			switch tt.name {
			case "method, in C code":
				if got.Line != 3 || (got.Function != "Grid.step" && got.Function != "Grid.step.<locals>.<lambda>") {
					t.Errorf("stop %+v, want line 3 in Grid.step or its lambda", got)
				}
				return
			case "generator": // the generator's line or the loop's
				if !(got.Line == 3 && got.Function == "gen") && !(got.Line == 5 || got.Line == 6) {
					t.Errorf("stop %+v, want line 3 in gen or line 5-6", got)
				}
				return
			}
			if got != tt.want {
				t.Errorf("stop %+v, want %+v", got, tt.want)
			}
		})
	}
}

// A fuel stop in the middle of an import says so, and the fuel that went
// to imports is counted, within a fuel slice of what the import costs.
func TestFuelStopDuringAnImportReportsImportFuel(t *testing.T) {
	// tomllib is not preloaded: importing it costs ~54M units.
	whole := run(t, "import tomllib\n", "", nil)
	if whole.Outcome != sandbox.OutcomeOK {
		t.Fatalf("import tomllib: %s %s", whole.Outcome, whole.Stderr)
	}
	const slice = 10_000_000
	cost := whole.FuelUsed
	if whole.FuelImports+slice < cost-2_000_000 || whole.FuelImports > cost {
		t.Errorf("import tomllib: %d units, %d of them importing", cost, whole.FuelImports)
	}

	res := run(t, "import tomllib\nprint('imported')\n", "", fuel(cost/2))
	if res.Outcome != sandbox.OutcomeFuelExhausted || len(res.Stdout) > 0 {
		t.Fatalf("outcome %s, stdout %q", res.Outcome, res.Stdout)
	}
	if want := (sandbox.Stop{Line: 1, Function: "<module>", Importing: "tomllib"}); res.Stop != want {
		t.Errorf("stop %+v, want %+v", res.Stop, want)
	}
	if res.FuelImports+slice < res.FuelUsed || res.FuelImports > res.FuelUsed {
		t.Errorf("%d units used, %d of them importing: want nearly all", res.FuelUsed, res.FuelImports)
	}

	// Then the snippet's own loop: the import's share stays the import's.
	res = run(t, "import tomllib\nn = 0\nwhile True:\n    n += 1\n", "", fuel(4*cost))
	if res.Outcome != sandbox.OutcomeFuelExhausted || res.Stop.Line != 4 || res.Stop.Importing != "" {
		t.Fatalf("outcome %s, stop %+v", res.Outcome, res.Stop)
	}
	if res.FuelImports+slice < cost || res.FuelImports > cost+slice {
		t.Errorf("%d units used, %d of them importing: want %d ± %d", res.FuelUsed, res.FuelImports, cost, slice)
	}
}

// A memory stop says what was refused: the growth asked for, the size then
// and the cap. Here the refused growth is bigger than what is left, so the
// peak stays well below the cap, and the message says why.
func TestMemoryStopSaysWhatWasRefused(t *testing.T) {
	const limit = 32 << 20
	capped := func(l *sandbox.Limits) { l.Memory = limit }
	res := run(t, "a = bytearray(4 << 20)\nb = bytearray(24 << 20)\n", "", capped)
	if res.Outcome != sandbox.OutcomeMemoryExceeded {
		t.Fatalf("outcome %s, stderr %s", res.Outcome, res.Stderr)
	}
	s := res.Stop
	if s.Refused < 20<<20 || s.RefusedAt+s.Refused <= limit || s.RefusedAt != res.MemoryPeak || res.MemoryPeak >= limit-(8<<20) {
		t.Errorf("refused %d at %d of %d, peak %d", s.Refused, s.RefusedAt, limit, res.MemoryPeak)
	}
	if s.Line != 2 || s.Function != "<module>" {
		t.Errorf("stop %+v, want line 2", s)
	}
	if !regexp.MustCompile(`^a 2\d(\.\d+)? MiB growth was refused at \d+(\.\d+)? MiB of 32 MiB$`).MatchString(res.Message) {
		t.Errorf("message %q", res.Message)
	}

	// A bomb that grows bit by bit is refused at the cap.
	res = run(t, "x = []\nwhile True:\n    x.append(bytearray(1 << 20))\n", "", capped)
	if s := res.Stop; res.Outcome != sandbox.OutcomeMemoryExceeded || s.Refused == 0 || s.RefusedAt+s.Refused <= limit || s.RefusedAt > limit || s.Line != 3 {
		t.Errorf("outcome %s, stop %+v", res.Outcome, s)
	}
}

// A timeout says whether the program was sleeping or computing, and where.
func TestTimeoutSaysSleepingOrComputing(t *testing.T) {
	timeout := func(l *sandbox.Limits) {
		l.Timeout = 200 * time.Millisecond
		l.Fuel = 100_000_000_000 // ~100 s: the timeout stops it first
	}
	tests := []struct {
		name, code string
		want       sandbox.Stop
	}{
		{"sleeping", "import time\ntime.sleep(60)\n", sandbox.Stop{Line: 2, Function: "<module>", Activity: sandbox.ActivitySleeping}},
		{"computing", "def busy():\n    n = 0\n    while True:\n        n += 1\n\nbusy()\n", sandbox.Stop{Line: 4, Function: "busy", Activity: sandbox.ActivityComputing}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := run(t, tt.code, "", timeout)
			if res.Outcome != sandbox.OutcomeTimeout || res.Stop != tt.want {
				t.Errorf("outcome %s, stop %+v; want timeout, %+v", res.Outcome, res.Stop, tt.want)
			}
		})
	}
}

// A program that ends by itself has no stop to explain.
func TestExitHasNoStop(t *testing.T) {
	for _, code := range []string{"print('hi')\n", "import sys\nsys.exit(3)\n", "1/0\n"} {
		if res := run(t, code, "", nil); res.Stop != (sandbox.Stop{}) || res.FuelImports != 0 {
			t.Errorf("%q: stop %+v, %d units importing", code, res.Stop, res.FuelImports)
		}
	}
}

// A name the snippet gave its code reaches the summary line: it is read
// with its escapes made harmless.
func TestStopFunctionNameIsPrintable(t *testing.T) {
	code := "def spin():\n    n = 0\n    while True:\n        n += 1\n\nspin.__code__ = spin.__code__.replace(co_qualname='\\x1b[2J\\u202eevil')\nspin()\n"
	res := run(t, code, "", fuel(20_000_000))
	if res.Stop.Line != 4 || res.Stop.Function != "\uFFFD[2J\uFFFDevil" {
		t.Errorf("stop %+v", res.Stop)
	}
}

// input() on an empty stdin gets a hint where to give it input; with
// stdin, or reading past the end of a stdin that had lines, it does not.
func TestEmptyStdinHint(t *testing.T) {
	const code = "name = input('Name: ')\nprint('hello', name)\n"
	res := run(t, code, "", nil)
	if res.Outcome != sandbox.OutcomeError || !strings.Contains(string(res.Stderr), "EOFError") {
		t.Fatalf("outcome %s, stderr %s", res.Outcome, res.Stderr)
	}
	if want := "stdin was empty: give the program input in the stdin pane or with --stdin FILE"; res.Message != want {
		t.Errorf("message %q, want %q", res.Message, want)
	}
	if res := run(t, code, "Ada\n", nil); res.Outcome != sandbox.OutcomeOK || res.Message != "" || string(res.Stdout) != "Name: hello Ada\n" {
		t.Errorf("with stdin: %s %q %q", res.Outcome, res.Message, res.Stdout)
	}
	if res := run(t, code+"input()\n", "Ada\n", nil); res.Outcome != sandbox.OutcomeError || res.Message != "" {
		t.Errorf("past the end of stdin: %s %q", res.Outcome, res.Message)
	}
	if res := run(t, "raise EOFError('mine')\n", "", nil); res.Message != "" {
		t.Errorf("the program's own EOFError: %q", res.Message)
	}
}
