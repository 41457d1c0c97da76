package sandbox

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/pyplay/pyplay/sandbox/fuel"
)

// snapshotVersion changes whenever what a snapshot holds, or how it is
// built (the resume point, the file's layout), changes.
const snapshotVersion = 2

const snapshotMagic = "pyplay-snapshot\n"

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// snapshotPath is where the snapshot of the python.wasm with digest sha
// lives. The key holds all its snapshot is made from: python.wasm, the
// instrumenter, this code, the start-up code (what it runs is in it) and
// the mounts (wasi-libc lists the preopened directories during start-up,
// so a resumed instance must have exactly the same ones).
func snapshotPath(cacheDir, sha string) string {
	if cacheDir == "" {
		return ""
	}
	name := fmt.Sprintf("%s-s%d-f%d-%s.snap", sha[:min(32, len(sha))], snapshotVersion, fuel.Version, digest([]byte(siteCustomize + preloadSource() + strings.Join(guestMounts, ":")))[:8])
	return filepath.Join(cacheDir, "snapshot", name)
}

// openSnapshot reads and checks the snapshot at path. A damaged one is
// removed, to be built again.
func openSnapshot(path string) (*snapshot, error) {
	if path == "" {
		return nil, os.ErrNotExist
	}
	// Mapped for the process's lifetime: every instance copies its memory
	// image from there.
	data, unmap, err := readMapped(path)
	if err != nil {
		return nil, err
	}
	s, err := decodeSnapshot(data)
	if err != nil {
		unmap()
		_ = os.Remove(path)
	}
	return s, err
}

// saveSnapshot writes s for the next process; a cache that cannot be
// written only costs the next start the build.
func saveSnapshot(path string, s *snapshot) {
	if path == "" {
		return
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err == nil {
		_ = writeFileAtomic(filepath.Dir(path), path, encodeSnapshot(s))
	}
}

// encodeSnapshot lays a snapshot out as: magic; start-up fuel and the two
// clocks; the number of globals, then each global's name and value; the
// module; the memory; a CRC-32C of all that. Lengths and numbers are
// little-endian uint64s.
func encodeSnapshot(s *snapshot) []byte {
	out := make([]byte, 0, len(snapshotMagic)+64*len(s.names)+len(s.module)+len(s.memory)+64)
	out = append(out, snapshotMagic...)
	u64 := func(v uint64) { out = binary.LittleEndian.AppendUint64(out, v) }
	u64(uint64(s.startup))
	u64(uint64(s.wall))
	u64(uint64(s.mono))
	u64(uint64(len(s.names)))
	for i, name := range s.names {
		u64(uint64(len(name)))
		out = append(out, name...)
		u64(s.globals[i])
	}
	u64(uint64(len(s.module)))
	out = append(out, s.module...)
	u64(uint64(len(s.memory)))
	out = append(out, s.memory...)
	return binary.LittleEndian.AppendUint32(out, crc32.Checksum(out, castagnoli))
}

var errBadSnapshot = errors.New("sandbox: damaged snapshot")

func decodeSnapshot(data []byte) (*snapshot, error) {
	if len(data) < len(snapshotMagic)+4 || !bytes.HasPrefix(data, []byte(snapshotMagic)) {
		return nil, errBadSnapshot
	}
	body, sum := data[:len(data)-4], binary.LittleEndian.Uint32(data[len(data)-4:])
	if crc32.Checksum(body, castagnoli) != sum {
		return nil, errBadSnapshot
	}
	r := body[len(snapshotMagic):]
	bad := false
	u64 := func() uint64 {
		if len(r) < 8 {
			bad = true
			return 0
		}
		v := binary.LittleEndian.Uint64(r)
		r = r[8:]
		return v
	}
	bytesOf := func(n uint64) []byte {
		if bad || n > uint64(len(r)) {
			bad = true
			return nil
		}
		b := r[:n:n]
		r = r[n:]
		return b
	}
	s := &snapshot{startup: int64(u64()), wall: int64(u64()), mono: int64(u64())}
	n := u64()
	if n > 1<<16 {
		return nil, errBadSnapshot
	}
	for range n {
		s.names = append(s.names, string(bytesOf(u64())))
		s.globals = append(s.globals, u64())
	}
	s.module = bytesOf(u64())
	s.memory = bytesOf(u64())
	if bad || len(r) != 0 || len(s.memory)%65536 != 0 || len(s.memory) > wasm32Max {
		return nil, errBadSnapshot
	}
	return s, nil
}

// A python.wasm memo records a python.wasm's digest with its size and
// modification time when it was read and verified, so that later processes
// can skip reading and hashing 26 MB while the file is unchanged.
func memoPath(cacheDir, path string) string {
	abs, err := filepath.Abs(path)
	if cacheDir == "" || err != nil {
		return ""
	}
	return filepath.Join(cacheDir, "verified", digest([]byte(abs))[:32])
}

// knownPythonWasm finds the python.wasm Provision would use, in the same
// order, and its memo; false when there is none that matches the file.
func knownPythonWasm(cfg Config, cacheDir string) (PythonWasm, bool) {
	path, source := cfg.pythonWasm, SourceFlag
	if path == "" {
		path, source = os.Getenv(EnvPythonWasm), SourceEnv
	}
	if path == "" {
		path, source = filepath.Join(cacheDir, cachedWasmName), SourceCache
	}
	info, err := os.Stat(path)
	memo := memoPath(cacheDir, path)
	if err != nil || memo == "" || !info.Mode().IsRegular() {
		return PythonWasm{}, false
	}
	data, err := os.ReadFile(memo)
	fields := strings.Fields(string(data))
	if err != nil || len(fields) != 3 || fields[0] != strconv.FormatInt(info.Size(), 10) || fields[1] != strconv.FormatInt(info.ModTime().UnixNano(), 10) {
		return PythonWasm{}, false
	}
	if source == SourceCache && fields[2] != PythonWasmSHA256 {
		return PythonWasm{}, false
	}
	return PythonWasm{Path: path, Source: source, SHA256: fields[2]}, true
}

// rememberPythonWasm writes the memo of a python.wasm Provision just verified.
func rememberPythonWasm(cacheDir string, py PythonWasm) {
	memo := memoPath(cacheDir, py.Path)
	info, err := os.Stat(py.Path)
	if memo == "" || err != nil {
		return
	}
	if err := os.MkdirAll(filepath.Dir(memo), 0o755); err == nil {
		line := fmt.Sprintf("%d %d %s\n", info.Size(), info.ModTime().UnixNano(), py.SHA256)
		_ = writeFileAtomic(filepath.Dir(memo), memo, []byte(line))
	}
}
