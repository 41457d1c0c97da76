package fuel

// appendCharge appends the stack-neutral sequence that subtracts cost from
// the fuel global: global.get g; i64.const cost; i64.sub; global.set g.
func appendCharge(out []byte, global uint32, cost int64) []byte {
	out = appendOp(out, opGlobalGet, global)
	out = append(out, opI64Const)
	out = appendS64(out, cost)
	out = append(out, opI64Sub)
	return appendOp(out, opGlobalSet, global)
}

// appendCheck appends the refill check:
//
//	global.get g; i64.const 0; i64.lt_s
//	if
//	  global.get g; call refill; global.set g
//	end
//
// The if block has the empty block type and encloses no original code, so
// it neither changes the stack nor shifts any original branch depth.
func appendCheck(out []byte, global, refill uint32) []byte {
	out = appendOp(out, opGlobalGet, global)
	out = append(out, opI64Const, 0x00, opI64LtS, opIf, blockTypeEmpty)
	out = appendOp(out, opGlobalGet, global)
	out = appendOp(out, opCall, refill)
	out = appendOp(out, opGlobalSet, global)
	return append(out, opEnd)
}

// emit appends the instrumented body: the original locals, then every
// original instruction with the planned charges and checks inserted before
// it and function indices shifted past the refill import. If entryPrepaid,
// direct callers have paid the entry stretch, so only its check is emitted.
func (m *meter) emit(out []byte, w *rewriter, entryPrepaid bool) []byte {
	global, refill := w.fuelGlobal(), w.numImportedFuncs
	out = append(out, m.body[:m.locals]...)
	k := 0
	for i := range m.ops {
		in := &m.ops[i]
		for ; k < len(m.charges) && m.charges[k].at == i; k++ {
			c := m.charges[k]
			if c.cost > 0 && !(k == 0 && entryPrepaid) {
				out = appendCharge(out, global, c.cost)
			}
			if c.check {
				out = appendCheck(out, global, refill)
			}
		}
		switch in.kind {
		case kindCall:
			out = appendOp(out, opCall, w.shift(in.imm))
		case kindRefFunc:
			out = appendOp(out, opRefFunc, w.shift(in.imm))
		default:
			out = append(out, m.body[in.start:in.end]...)
		}
	}
	return out
}

func appendOp(out []byte, op byte, imm uint32) []byte {
	return appendU32(append(out, op), imm)
}

// appendSection appends a non-custom section.
func appendSection(out []byte, id byte, payload []byte) []byte {
	out = append(out, id)
	out = appendU32(out, uint32(len(payload)))
	return append(out, payload...)
}

// appendCustom appends a custom section.
func appendCustom(out []byte, name string, payload []byte) []byte {
	out = append(out, secCustom)
	out = appendU32(out, uint32(lenU32(uint32(len(name)))+len(name)+len(payload)))
	out = appendName(out, name)
	return append(out, payload...)
}
