package mcp

import (
	"fmt"
	"strings"

	"github.com/google/jsonschema-go/jsonschema"
	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/pyplay/pyplay/internal/units"
	"github.com/pyplay/pyplay/sandbox"
)

// instructions is what the server tells a client about itself.
const instructions = `pyplay runs Python 3.12 (standard library only) in a WebAssembly sandbox with
no network, no host files and no processes, under fuel, memory and time
limits. Use run_python to try code; every run is recorded, and a person may
be watching them in pyplay's playground. get_run, list_runs and diff_runs
read the record, so you can compare an attempt with an earlier one.`

// tool is one tool and its handler.
type tool struct {
	tool    *sdk.Tool
	handler sdk.ToolHandler
}

func (s *Server) tools() []tool {
	readOnly := &sdk.ToolAnnotations{ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: new(false)}
	return []tool{
		{&sdk.Tool{
			Name: "run_python", Title: "Run Python in a sandbox", Description: s.runPythonDescription(),
			InputSchema: object([]string{"code"},
				prop{"code", "string", "the Python source to run; a Markdown answer has its ```python blocks run, joined in order"},
				prop{"stdin", "string", "what the program reads on standard input (default: nothing)"},
				prop{"fuel", "string", "instruction budget, e.g. \"400M\", \"2G\" (default " + fuelText(s.cfg.Defaults.Fuel) + s.atMost(s.cfg.Max.Fuel != 0, units.FormatCount(s.cfg.Max.Fuel)) + ")"},
				prop{"memory", "string", "memory cap, e.g. \"64MiB\", \"512MiB\" (default " + units.FormatSize(memory(s.cfg.Defaults.Memory)) + s.atMost(s.cfg.Max.Memory != 0, units.FormatSize(s.cfg.Max.Memory)) + ")"},
				prop{"timeout", "string", "wall-clock limit, e.g. \"10s\", \"1m\" (default " + durationText(s.cfg.Defaults.Timeout) + s.atMost(s.cfg.Max.Timeout != 0, s.cfg.Max.Timeout.String()) + ")"},
				prop{"deterministic", "boolean", "fixed clock and seeded random, so that a rerun prints the same (default false)"},
			),
			OutputSchema: schemaFor[runOutput](),
			Annotations:  &sdk.ToolAnnotations{Title: "Run Python in a sandbox", OpenWorldHint: new(false), DestructiveHint: new(false)},
		}, s.runPython},
		{&sdk.Tool{
			Name: "get_run", Title: "Get a recorded run",
			Description:  "A recorded run by id, as run_python returned it: code, stdin, limits, outcome, output and figures, with who asked for it (source: cli, playground or mcp).",
			InputSchema:  object([]string{"id"}, prop{"id", "integer", "the run's id, from run_python or list_runs"}),
			OutputSchema: schemaFor[runRecord](),
			Annotations:  readOnly,
		}, s.getRun},
		{&sdk.Tool{
			Name: "list_runs", Title: "List recorded runs",
			Description: "The newest recorded runs, newest first: id, time, source, outcome, fuel, wall time and the code's first line. Every run is listed, the person's own (source cli or playground) and every agent's (mcp).",
			InputSchema: object(nil,
				prop{"limit", "integer", fmt.Sprintf("how many runs (default %d, at most %d)", defaultListed, maxListed)},
				prop{"outcome", "string", "only runs that ended so: " + outcomeNames()},
				prop{"source", "string", "only runs asked for from there: cli, playground or mcp"},
				prop{"code_contains", "string", "only runs whose code contains this text"},
			),
			OutputSchema: schemaFor[runList](),
			Annotations:  readOnly,
		}, s.listRuns},
		{&sdk.Tool{
			Name: "diff_runs", Title: "Compare two recorded runs",
			Description: "Compares run old with run new: outcome, exit code, fuel, peak memory and wall time with their changes, and unified diffs of the code, stdout and stderr. outputs_identical tells whether a change altered what the program printed.",
			InputSchema: object([]string{"old", "new"},
				prop{"old", "integer", "the earlier run's id"},
				prop{"new", "integer", "the later run's id"},
			),
			OutputSchema: schemaFor[runDiff](),
			Annotations:  readOnly,
		}, s.diffRuns},
	}
}

// runPythonDescription teaches a model the sandbox's walls and limits in a
// few lines.
func (s *Server) runPythonDescription() string {
	d, max := s.cfg.Defaults, s.cfg.Max
	maxima := "no maximum"
	var parts []string
	if max.Fuel != 0 {
		parts = append(parts, "fuel "+units.FormatCount(max.Fuel))
	}
	if max.Memory != 0 {
		parts = append(parts, "memory "+units.FormatSize(max.Memory))
	}
	if max.Timeout != 0 {
		parts = append(parts, "timeout "+max.Timeout.String())
	}
	if len(parts) > 0 {
		maxima = "at most " + strings.Join(parts, ", ")
	}
	return fmt.Sprintf(`Runs Python 3.12 (CPython for WASI, standard library only) in a fresh WebAssembly sandbox and returns its stdout, stderr, exit status and figures. Each call is a new interpreter: nothing carries over between calls.
Walls: no network, no subprocesses, no threads, no host files (the working directory and /tmp are an empty in-memory scratch space of %s), no third-party packages such as numpy, pandas or requests; stdin is only what the stdin argument gives.
Limits: fuel counts WebAssembly instructions (typical scripts use 0.5-3G units; an endless loop stops when it runs out), memory caps the heap (MemoryError past it), timeout is wall-clock. Defaults: fuel %s, memory %s, timeout %s; %s.
A program's failure (an exception, a limit reached) is a normal result: read stderr and the summary line. Long output is cut in the middle in the text; structuredContent has it whole. Every run is recorded: get_run, list_runs and diff_runs read the record.`,
		units.FormatSize(scratch(d.Scratch)), fuelText(d.Fuel), units.FormatSize(memory(d.Memory)), durationText(d.Timeout), maxima)
}

func (s *Server) atMost(capped bool, max string) string {
	if !capped {
		return ""
	}
	return ", at most " + max
}

func scratch(n int64) int64 {
	if n <= 0 {
		return wasm32Memory
	}
	return n
}

func outcomeNames() string {
	var names []string
	for _, o := range sandbox.Outcomes() {
		names = append(names, string(o))
	}
	return strings.Join(names, ", ")
}

// prop is one property of an input schema.
type prop struct{ name, typ, description string }

// object is an input schema: an object of props, no others.
func object(required []string, props ...prop) *jsonschema.Schema {
	s := &jsonschema.Schema{Type: "object", Properties: map[string]*jsonschema.Schema{}, Required: required, AdditionalProperties: &jsonschema.Schema{Not: &jsonschema.Schema{}}}
	for _, p := range props {
		s.Properties[p.name] = &jsonschema.Schema{Type: p.typ, Description: p.description}
	}
	return s
}

// schemaFor is the output schema of T, made from its JSON form.
func schemaFor[T any]() *jsonschema.Schema {
	s, err := jsonschema.For[T](nil)
	if err != nil {
		panic(fmt.Sprintf("mcp: output schema of %T: %v", *new(T), err)) // a programming error, found by every test
	}
	return s
}
