package fuel

// callGraph holds what the leaf analysis needs of the defined functions:
// their direct callees (original indices, possibly repeated), the cost of
// all their instructions, and whether they contain a loop or call_indirect.
type callGraph struct {
	numImported uint32
	first       []int // callees of defined function i are callees[first[i]:first[i+1]]
	callees     []uint32
	cost        []int64
	looping     []bool // has a loop or a call_indirect
}

// add records the decoded body of the next defined function.
func (g *callGraph) add(ops []instr) {
	if len(g.first) == 0 {
		g.first = append(g.first, 0)
	}
	var cost int64
	looping := false
	for i := range ops {
		cost += int64(ops[i].cost)
		switch ops[i].kind {
		case kindLoop, kindCallIndirect:
			looping = true
		case kindCall:
			g.callees = append(g.callees, ops[i].imm)
		}
	}
	g.cost = append(g.cost, cost)
	g.looping = append(g.looping, looping)
	g.first = append(g.first, len(g.callees))
}

// leaves finds the leaf functions: those without loops or call_indirect
// that call only other leaf functions (no imports, no recursion) and whose
// weight is at most limit. The weight of a function is the cost of all its
// instructions plus the weights of its direct callees, once per call site:
// since a leaf runs each of its instructions at most once per call, it
// bounds the fuel of one call, callees included.
//
// It returns weight[i] for defined function i, -1 for non-leaves, and the
// leaves in an order where every leaf comes after its callees.
func (g *callGraph) leaves(limit int64) (weight []int64, order []uint32) {
	n := len(g.cost)
	weight = make([]int64, n)
	const (
		unseen = iota
		open   // on the current path of the depth-first search
		done
	)
	state := make([]uint8, n)
	var stack []uint32
	for root := range n {
		if state[root] != unseen {
			continue
		}
		stack = append(stack[:0], uint32(root))
		for len(stack) > 0 {
			f := stack[len(stack)-1]
			callees := g.callees[g.first[f]:g.first[f+1]]
			switch state[f] {
			case done:
				stack = stack[:len(stack)-1]
			case unseen:
				state[f] = open
				if g.looping[f] {
					weight[f], state[f] = -1, done
					stack = stack[:len(stack)-1]
					continue
				}
				for _, c := range callees {
					if d := c - g.numImported; c >= g.numImported && d < uint32(n) && state[d] == unseen {
						stack = append(stack, d)
					}
				}
			case open:
				// Every callee pushed above f is done; a callee still open
				// is on the path to f, so the call is recursive.
				w := g.cost[f]
				for _, c := range callees {
					d := c - g.numImported
					if c < g.numImported || d >= uint32(n) || state[d] != done || weight[d] < 0 {
						w = -1
						break
					}
					if w += weight[d]; w > limit {
						break
					}
				}
				if w > limit {
					w = -1
				}
				weight[f], state[f] = w, done
				if w >= 0 {
					order = append(order, f)
				}
				stack = stack[:len(stack)-1]
			}
		}
	}
	return weight, order
}
