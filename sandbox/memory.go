package sandbox

import (
	"fmt"
	"sync/atomic"

	"github.com/tetratelabs/wazero/experimental"
)

// wasm32Max is the most linear memory a wasm32 module can address.
const wasm32Max = 4 << 30

// memoryMeter backs one instance's linear memory and refuses growth past its
// cap. wazero only has a runtime-wide page limit; an allocator per instance is
// what gives each run a cap of its own. A refused memory.grow returns -1 to
// the guest, so CPython raises MemoryError instead of the host running dry.
type memoryMeter struct {
	limit   uint64
	current atomic.Uint64
	peak    atomic.Uint64
	refused atomic.Bool
	// The first refused growth, set before refused, on the guest's
	// goroutine, and read there after the guest returns: what it asked for
	// (bytes of growth), the memory's size then, and where the snippet was
	// (with py, python.wasm's layout, when pyplay knows it).
	refusedGrowth, refusedAt uint64
	refusedWhere             pyWhere
	py                       *cpython
	// hostErr is set when the host could not reserve the memory (a
	// `ulimit -v`, say): that is pyplay's failure, not the guest's.
	hostErr error

	// image, when set, is the memory's first content: a snapshot's.
	image []byte

	// mem is the instance's memory, unmapped by release, not by wazero's
	// Free: wazero frees a module's memory when it closes it, and it closes
	// a module from another goroutine when the context ends, while the guest
	// may still be in a host function that is about to write to it.
	mem *meteredMemory
}

// bytes is the guest's memory as far as it has grown, for reading
// CPython's state; nil before it is allocated and after release.
func (m *memoryMeter) bytes() guestMemory {
	if m.mem == nil {
		return nil
	}
	return m.mem.buf[:min(m.current.Load(), uint64(len(m.mem.buf)))]
}

// refuse records a growth to size bytes that the cap refused. A refused
// memory.grow returns -1 to the guest, which raises MemoryError and may
// go on: the first refusal is the one that tells what happened.
func (m *memoryMeter) refuse(size uint64) {
	if !m.refused.Load() {
		cur := m.current.Load()
		m.refusedGrowth, m.refusedAt = size-min(size, cur), cur
		m.refusedWhere = m.py.where(m.bytes())
	}
	m.refused.Store(true)
}

// release unmaps the instance's memory once its goroutine is done with it.
func (m *memoryMeter) release() {
	if m.mem != nil && m.mem.free != nil {
		m.mem.free()
		m.mem.buf, m.mem.free = nil, nil
	}
}

func newMemoryMeter(limit int64) *memoryMeter {
	// One page short of wasm32's end: wazero refuses the last page itself,
	// before asking the allocator, and the refusal must be seen here.
	if limit <= 0 || limit >= wasm32Max {
		limit = wasm32Max - 65536
	}
	return &memoryMeter{limit: uint64(limit)}
}

// Allocate implements experimental.MemoryAllocator.
func (m *memoryMeter) Allocate(_, maxBytes uint64) experimental.LinearMemory {
	m.mem = &meteredMemory{meter: m, reserve: min(maxBytes, m.limit)}
	return m.mem
}

func (m *memoryMeter) grew(size uint64) {
	m.current.Store(size)
	if size > m.peak.Load() {
		m.peak.Store(size) // only the run's goroutine grows memory
	}
}

// meteredMemory reserves address space for the whole cap once (see
// reserve_*.go), so growing never copies and untouched pages cost no RAM.
type meteredMemory struct {
	meter   *memoryMeter
	reserve uint64
	buf     []byte
	free    func()
}

// Reallocate implements experimental.LinearMemory.
func (mm *meteredMemory) Reallocate(size uint64) []byte {
	if size > mm.reserve {
		mm.meter.refuse(size)
		return nil
	}
	if mm.buf == nil {
		buf, free, err := reserve(mm.reserve)
		if err != nil {
			mm.meter.hostErr = fmt.Errorf("could not reserve %d MiB of address space for the guest's memory (%w): lower --memory, or raise the process's address-space limit (ulimit -v)", mm.reserve>>20, err)
			return nil
		}
		mm.buf, mm.free = buf, free
		copy(buf, mm.meter.image)
	}
	mm.meter.grew(size)
	return mm.buf[:size:size]
}

// Free implements experimental.LinearMemory. It does nothing: see
// memoryMeter.release.
func (mm *meteredMemory) Free() {}
