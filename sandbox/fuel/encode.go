package fuel

// appendCharge appends the stack-neutral sequence that subtracts cost from
// the fuel global: global.get g; i64.const cost; i64.sub; global.set g.
func appendCharge(out []byte, global uint32, cost int64) []byte {
	out = append(out, opGlobalGet)
	out = appendU32(out, global)
	out = append(out, opI64Const)
	out = appendS64(out, cost)
	out = append(out, opI64Sub, opGlobalSet)
	return appendU32(out, global)
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
	out = append(out, opGlobalGet)
	out = appendU32(out, global)
	out = append(out, opI64Const, 0x00, opI64LtS, opIf, blockTypeEmpty, opGlobalGet)
	out = appendU32(out, global)
	out = append(out, opCall)
	out = appendU32(out, refill)
	out = append(out, opGlobalSet)
	out = appendU32(out, global)
	return append(out, opEnd)
}

// emit appends the instrumented body of defined function fn: the original
// locals, then every original instruction with the planned charges and
// checks inserted before it and function indices shifted past the refill
// import.
//
// With cacheLocal, the body gets one more i64 local holding the counter;
// see config.cacheLocal.
func (m *meter) emit(out []byte, w *rewriter, fn int, entryPrepaid, cacheLocal bool) []byte {
	global, refill := w.fuelGlobal(), w.numImportedFuncs
	var local uint32
	if cacheLocal {
		local = uint32(uint64(w.funcParams[fn]) + m.nlocals)
		out = appendU32(out, m.groups+1)
		out = append(out, m.body[lenU32(m.groups):m.locals]...)
		out = append(out, 0x01, 0x7e)
	} else {
		out = append(out, m.body[:m.locals]...)
	}
	k, rf := 0, 0
	for i := range m.ops {
		in := &m.ops[i]
		for ; k < len(m.charges) && m.charges[k].at == i; k++ {
			c := m.charges[k]
			if k == 0 && entryPrepaid {
				c.cost = 0
			}
			switch {
			case !cacheLocal:
				if c.cost > 0 {
					out = appendCharge(out, global, c.cost)
				}
				if c.check {
					out = appendCheck(out, global, refill)
				}
			case k == 0:
				out = appendEntry(out, global, local, refill, c.cost)
			case c.check:
				out = appendLocalCheck(out, global, local, refill, c.cost)
			case c.cost > 0:
				out = appendLocalCharge(out, local, c.cost)
			}
		}
		if cacheLocal && (in.exits || in.kind == kindCall || in.kind == kindCallIndirect) {
			out = appendOp(out, opLocalGet, local)
			out = appendOp(out, opGlobalSet, global)
		}
		var back int64
		for ; rf < len(m.refunds) && m.refunds[rf].at <= i; rf++ {
			if r := m.refunds[rf]; r.at == i {
				back = m.charges[r.stretch].cost - r.costAt
			}
		}
		switch {
		case in.kind == kindBrIf && back > 0:
			// br_if l => if; refund; br l+1; end
			out = append(out, opIf, blockTypeEmpty)
			if cacheLocal {
				out = appendOp(out, opLocalGet, local)
				out = append(out, opI64Const)
				out = appendS64(out, back)
				out = append(out, opI64Add)
				out = appendOp(out, opLocalSet, local)
			} else {
				out = appendOp(out, opGlobalGet, global)
				out = append(out, opI64Const)
				out = appendS64(out, back)
				out = append(out, opI64Add)
				out = appendOp(out, opGlobalSet, global)
			}
			out = appendOp(out, opBr, in.imm+1)
			out = append(out, opEnd)
			continue
		}
		switch in.kind {
		case kindCall:
			out = appendOp(out, opCall, w.shift(in.imm))
		case kindRefFunc:
			out = appendOp(out, opRefFunc, w.shift(in.imm))
		default:
			out = append(out, m.body[in.start:in.end]...)
		}
		if cacheLocal && (in.kind == kindCall || in.kind == kindCallIndirect) {
			out = appendOp(out, opGlobalGet, global)
			out = appendOp(out, opLocalSet, local)
		}
	}
	return out
}

func appendOp(out []byte, op byte, imm uint32) []byte {
	return appendU32(append(out, op), imm)
}

// appendEntry loads the counter into the local, charges the entry stretch,
// writes it back and checks:
//
//	global.get g; [i64.const cost; i64.sub; local.tee l; global.set g; local.get l | local.tee l]
//	i64.const 0; i64.lt_s; if; local.get l; call refill; local.tee l; global.set g; end
func appendEntry(out []byte, global, local, refill uint32, cost int64) []byte {
	out = appendOp(out, opGlobalGet, global)
	if cost > 0 {
		out = append(out, opI64Const)
		out = appendS64(out, cost)
		out = append(out, opI64Sub)
		out = appendOp(out, opLocalTee, local)
		out = appendOp(out, opGlobalSet, global)
		out = appendOp(out, opLocalGet, local)
	} else {
		out = appendOp(out, opLocalTee, local)
	}
	return appendLocalRefill(out, global, local, refill)
}

// appendLocalCheck charges the local, writes it back (so the global lags by
// at most one check-free path if a trap ends the run) and checks it.
func appendLocalCheck(out []byte, global, local, refill uint32, cost int64) []byte {
	out = appendOp(out, opLocalGet, local)
	if cost > 0 {
		out = append(out, opI64Const)
		out = appendS64(out, cost)
		out = append(out, opI64Sub)
	}
	out = appendOp(out, opLocalTee, local)
	out = appendOp(out, opGlobalSet, global)
	out = appendOp(out, opLocalGet, local)
	return appendLocalRefill(out, global, local, refill)
}

// appendLocalRefill consumes the counter value on the stack:
//
//	i64.const 0; i64.lt_s; if; local.get l; call refill; local.tee l; global.set g; end
func appendLocalRefill(out []byte, global, local, refill uint32) []byte {
	out = append(out, opI64Const, 0x00, opI64LtS, opIf, blockTypeEmpty)
	out = appendOp(out, opLocalGet, local)
	out = appendOp(out, opCall, refill)
	out = appendOp(out, opLocalTee, local)
	out = appendOp(out, opGlobalSet, global)
	return append(out, opEnd)
}

// appendLocalCharge subtracts cost from the local counter.
func appendLocalCharge(out []byte, local uint32, cost int64) []byte {
	out = appendOp(out, opLocalGet, local)
	out = append(out, opI64Const)
	out = appendS64(out, cost)
	out = append(out, opI64Sub)
	return appendOp(out, opLocalSet, local)
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
