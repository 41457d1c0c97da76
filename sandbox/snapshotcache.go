package sandbox

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
)

// snapshotVersion changes whenever what a snapshot holds, or how it is
// built (the resume point, sitecustomize.py, the preloads), changes.
const snapshotVersion = 1

const snapshotMagic = "pyplay-snapshot\n"

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// loadSnapshot returns the snapshot of the compiled module wasm: from the
// disk cache when a whole, matching one is there, else built now (~2 s) and
// written for the next process. A damaged file is removed and rebuilt.
func (e *Engine) loadSnapshot(ctx context.Context, cacheDir string, wasm []byte) (*snapshot, error) {
	// The start-up code is in the key: what it runs is in the snapshot.
	name := fmt.Sprintf("%s-s%d-%s.snap", digest(wasm)[:32], snapshotVersion, digest([]byte(siteCustomize + preloadSource()))[:8])
	path := filepath.Join(cacheDir, "snapshot", name)
	if cacheDir != "" {
		if data, err := os.ReadFile(path); err == nil {
			if s, err := decodeSnapshot(data, len(e.module.resumable.Globals)); err == nil {
				return s, nil
			}
			_ = os.Remove(path)
		}
	}
	s, err := e.buildSnapshot(ctx)
	if err != nil {
		return nil, err
	}
	if cacheDir != "" {
		// A cache that cannot be written only costs the next start the build.
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err == nil {
			_ = writeFileAtomic(filepath.Dir(path), path, encodeSnapshot(s))
		}
	}
	return s, nil
}

// encodeSnapshot lays a snapshot out as: magic, start-up fuel, the two
// clocks, the globals, the memory's length and bytes, and a CRC-32C of all
// that.
func encodeSnapshot(s *snapshot) []byte {
	out := make([]byte, 0, len(snapshotMagic)+8*(4+len(s.globals))+len(s.memory)+4)
	out = append(out, snapshotMagic...)
	for _, v := range []int64{s.startup, s.wall, s.mono, int64(len(s.globals))} {
		out = binary.LittleEndian.AppendUint64(out, uint64(v))
	}
	for _, g := range s.globals {
		out = binary.LittleEndian.AppendUint64(out, g)
	}
	out = binary.LittleEndian.AppendUint64(out, uint64(len(s.memory)))
	out = append(out, s.memory...)
	return binary.LittleEndian.AppendUint32(out, crc32.Checksum(out, castagnoli))
}

var errBadSnapshot = errors.New("sandbox: damaged snapshot")

func decodeSnapshot(data []byte, numGlobals int) (*snapshot, error) {
	if len(data) < len(snapshotMagic)+4 || !bytes.HasPrefix(data, []byte(snapshotMagic)) {
		return nil, errBadSnapshot
	}
	body, sum := data[:len(data)-4], binary.LittleEndian.Uint32(data[len(data)-4:])
	if crc32.Checksum(body, castagnoli) != sum {
		return nil, errBadSnapshot
	}
	r := body[len(snapshotMagic):]
	next := func() (uint64, bool) {
		if len(r) < 8 {
			return 0, false
		}
		v := binary.LittleEndian.Uint64(r)
		r = r[8:]
		return v, true
	}
	var head [4]uint64
	for i := range head {
		v, ok := next()
		if !ok {
			return nil, errBadSnapshot
		}
		head[i] = v
	}
	if head[3] != uint64(numGlobals) {
		return nil, errBadSnapshot
	}
	s := &snapshot{startup: int64(head[0]), wall: int64(head[1]), mono: int64(head[2])}
	for range numGlobals {
		g, ok := next()
		if !ok {
			return nil, errBadSnapshot
		}
		s.globals = append(s.globals, g)
	}
	size, ok := next()
	if !ok || size != uint64(len(r)) || size%65536 != 0 || size > wasm32Max {
		return nil, errBadSnapshot
	}
	s.memory = r
	return s, nil
}
