package fuel

import (
	"errors"
	"fmt"
)

// config holds the knobs of the metering pass. They are not exported: the
// engine relies on one fixed ABI and cost model, and tests use the knobs to
// check that each optimisation preserves exact totals.
type config struct {
	// prepay lets direct call sites pay the entry stretch of callees that
	// can only be entered by direct calls.
	prepay bool
	// checkAfterCall places a refill check after each call returns. It
	// bounds the overshoot by a loop-free path of one function (plus one
	// stretch of its caller) even when a deep call stack unwinds after the
	// budget ran out.
	checkAfterCall bool
	// leafLimit, when positive, makes functions whose weight is at most
	// leafLimit leaves (see callGraph.leaves): they run no check, and a
	// direct call to one does not end its caller's stretch.
	leafLimit int64
	// joins charges the stretch after a clean if or block together with
	// the stretch holding it (see meter.plan).
	joins bool
}

// defaultConfig omits checks after calls: on python.wasm they add about a
// fifth to the run time, and the overshoot they bound is already limited by
// the call depth (see the package documentation). Leaves and joins cut the
// charges python.wasm runs by 30% and its checks by half; the leaf limit of
// 1000 units keeps the overshoot they add small.
var defaultConfig = config{prepay: true, leafLimit: 1000, joins: true}

// Instrument returns a copy of the WebAssembly binary wasm with fuel
// metering added, as described in the package documentation.
//
// # Notes
//
//   - The input is not fully validated: compile the output with wazero,
//     which validates it. Malformed input yields an error, never a panic.
//   - Errors wrap ErrUnsupported for features the metering pass does not
//     handle (SIMD, threads, tail calls, exception handling, multi-memory,
//     GC types) and ErrAlreadyInstrumented for inputs that already use the
//     instrumentation ABI.
//   - Output is deterministic: the same input and Version give the same
//     bytes, so it can be cached keyed by the input's hash and Version.
func Instrument(wasm []byte) ([]byte, error) {
	return instrument(wasm, defaultConfig)
}

func instrument(wasm []byte, cfg config) ([]byte, error) {
	secs, err := splitSections(wasm)
	if err != nil {
		return nil, err
	}
	payloadOf := func(id byte) []byte {
		for _, s := range secs {
			if s.id == id {
				return s.payload
			}
		}
		return []byte{0} // an absent vector section is an empty one
	}
	w := &rewriter{}
	newSecs := map[byte][]byte{}
	if newSecs[secType], w.refillType, err = typeSection(payloadOf(secType)); err != nil {
		return nil, fmt.Errorf("fuel: decode type section: %w", err)
	}
	if newSecs[secImport], err = w.importSection(payloadOf(secImport)); err != nil {
		if errors.Is(err, ErrAlreadyInstrumented) {
			return nil, fmt.Errorf("fuel: %w", err)
		}
		return nil, fmt.Errorf("fuel: decode import section: %w", err)
	}
	numDefined, err := functionCount(payloadOf(secFunction))
	if err != nil {
		return nil, fmt.Errorf("fuel: decode function section: %w", err)
	}
	if uint64(w.numImportedFuncs)+uint64(numDefined) >= 1<<32-1 {
		return nil, errors.New("fuel: too many functions")
	}
	w.escapes = make([]bool, 0, min(uint64(w.numImportedFuncs)+uint64(numDefined), uint64(len(wasm))))
	w.escapes = w.escapes[:cap(w.escapes)]
	if newSecs[secGlobal], err = w.globalSection(payloadOf(secGlobal)); err != nil {
		return nil, fmt.Errorf("fuel: decode global section: %w", err)
	}
	if newSecs[secExport], err = w.exportSection(payloadOf(secExport)); err != nil {
		if errors.Is(err, ErrAlreadyInstrumented) {
			return nil, fmt.Errorf("fuel: %w", err)
		}
		return nil, fmt.Errorf("fuel: decode export section: %w", err)
	}
	for _, s := range secs {
		switch s.id {
		case secStart:
			if newSecs[secStart], err = w.startSection(s.payload); err != nil {
				return nil, fmt.Errorf("fuel: decode start section: %w", err)
			}
		case secElement:
			if newSecs[secElement], err = w.elementSection(s.payload); err != nil {
				return nil, fmt.Errorf("fuel: decode element section: %w", err)
			}
		case secCode:
			if newSecs[secCode], err = w.codeSection(s.payload, numDefined, cfg); err != nil {
				return nil, err
			}
		}
	}
	if _, ok := newSecs[secCode]; !ok && numDefined != 0 {
		return nil, errors.New("fuel: function section without code section")
	}
	return assemble(secs, newSecs, w, len(wasm)), nil
}

// assemble writes the output module: rewritten sections replace the
// originals, sections the input lacked are inserted in their canonical
// position, and custom sections are filtered.
//
// Only custom sections known not to refer to code offsets survive:
// "producers" and "target_features" are copied and "name" is rewritten.
// DWARF (.debug_*), relocation and source map sections describe the
// original code layout, which instrumentation changes.
func assemble(secs []section, newSecs map[byte][]byte, w *rewriter, sizeHint int) []byte {
	out := make([]byte, 0, sizeHint/2)
	out = append(out, magicAndVersion...)
	emitted := map[byte]bool{}
	flushBefore := func(order int) {
		for _, id := range []byte{secType, secImport, secGlobal, secExport} {
			if !emitted[id] && sectionOrder[id] < order {
				out = appendSection(out, id, newSecs[id])
				emitted[id] = true
			}
		}
	}
	for _, s := range secs {
		if s.id == secCustom {
			switch s.name {
			case "producers", "target_features":
				out = appendCustom(out, s.name, s.payload)
			case "name":
				if p := w.nameSection(s.payload); p != nil {
					out = appendCustom(out, s.name, p)
				}
			}
			continue
		}
		flushBefore(sectionOrder[s.id])
		payload := s.payload
		if p, ok := newSecs[s.id]; ok {
			payload = p
		}
		out = appendSection(out, s.id, payload)
		emitted[s.id] = true
	}
	flushBefore(len(sectionOrder) + 1)
	return out
}

// codeSection meters every function body in two passes. The first finds the
// functions whose entry stretch direct callers may prepay: that needs every
// ref.func in the module, which can appear in any body. The second plans and
// emits each body.
func (w *rewriter) codeSection(payload []byte, numDefined uint32, cfg config) ([]byte, error) {
	r := &reader{b: payload}
	n, err := r.u32()
	if err != nil {
		return nil, fmt.Errorf("fuel: decode code section: %w", err)
	}
	if n != numDefined {
		return nil, fmt.Errorf("fuel: decode code section: %d bodies for %d functions", n, numDefined)
	}
	bodies := make([][]byte, 0, min(uint64(n), uint64(len(payload))))
	for i := uint32(0); i < n; i++ {
		size, err := r.u32()
		if err != nil {
			return nil, fmt.Errorf("fuel: decode code section: %w", err)
		}
		b, err := r.bytes(size)
		if err != nil {
			return nil, fmt.Errorf("fuel: decode code section: %w", err)
		}
		bodies = append(bodies, b)
	}
	if !r.eof() {
		return nil, fmt.Errorf("fuel: decode code section: %w", errTrailingBytes)
	}

	// First pass: the call graph, and every ref.func.
	var m meter
	g := &callGraph{numImported: w.numImportedFuncs}
	for i, b := range bodies {
		idx := w.numImportedFuncs + uint32(i)
		if err := m.decode(b); err != nil {
			return nil, fmt.Errorf("fuel: decode function %d: %w", idx, err)
		}
		for j := range m.ops {
			if m.ops[j].kind == kindRefFunc {
				w.escape(m.ops[j].imm)
			}
		}
		g.add(m.ops)
	}
	weight, leaves := g.leaves(cfg.leafLimit)
	isLeaf := func(callee uint32) bool {
		return cfg.leafLimit > 0 && callee >= w.numImportedFuncs && callee-w.numImportedFuncs < n &&
			weight[callee-w.numImportedFuncs] >= 0
	}

	// Second pass: entry[i] is the cost direct callers pay for defined
	// function i, or -1 if it pays its own entry stretch. The entry stretch
	// of a function includes the entry costs of the leaves it calls, so
	// leaves go first, callees before callers. Calls to other functions end
	// the entry stretch and disqualify it.
	entry := make([]int64, n)
	for i := range entry {
		entry[i] = -1
	}
	prepaid := func(callee uint32) int64 {
		if callee < w.numImportedFuncs || callee-w.numImportedFuncs >= n {
			return 0
		}
		return max(entry[callee-w.numImportedFuncs], 0)
	}
	planEntry := func(i uint32) {
		idx := int(w.numImportedFuncs) + int(i)
		if !cfg.prepay || idx >= len(w.escapes) || w.escapes[idx] {
			return
		}
		if err := m.decode(bodies[i]); err != nil {
			return // unreachable: the first pass decoded it
		}
		m.plan(prepaid, isLeaf, false, cfg)
		if !m.entryEndsInCall {
			entry[i] = m.charges[0].cost
		}
	}
	if cfg.leafLimit > 0 {
		for _, i := range leaves {
			planEntry(i)
		}
	}
	for i := range n {
		if !isLeaf(w.numImportedFuncs + i) {
			planEntry(i)
		}
	}

	// Third pass: plan and emit every body.
	out := make([]byte, 0, len(payload)+len(payload)/4)
	out = appendU32(out, n)
	var buf []byte
	for i, b := range bodies {
		if err := m.decode(b); err != nil {
			return nil, err // unreachable: the first pass decoded it
		}
		m.plan(prepaid, isLeaf, !isLeaf(w.numImportedFuncs+uint32(i)), cfg)
		buf = m.emit(buf[:0], w, entry[i] >= 0)
		out = appendU32(out, uint32(len(buf)))
		out = append(out, buf...)
	}
	return out, nil
}
