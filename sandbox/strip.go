package sandbox

import (
	"encoding/binary"
	"errors"
	"strings"
)

// stripDebugSections drops the DWARF custom sections (".debug_*") from a wasm
// binary. python.wasm carries 13 MB of them; without them wazero decodes the
// module faster and never builds (or caches) a source map, which made loading
// compiled code from the disk cache take seconds.
func stripDebugSections(wasm []byte) ([]byte, error) {
	const headerLen = 8
	if len(wasm) < headerLen {
		return nil, errors.New("sandbox: module too short")
	}
	out := make([]byte, 0, len(wasm))
	out = append(out, wasm[:headerLen]...)
	for rest := wasm[headerLen:]; len(rest) > 0; {
		id := rest[0]
		size, n := binary.Uvarint(rest[1:])
		if n <= 0 || size > uint64(len(rest)-1-n) {
			return nil, errors.New("sandbox: malformed section header")
		}
		end := 1 + n + int(size)
		if id != 0 || !strings.HasPrefix(customName(rest[1+n:end]), ".debug") {
			out = append(out, rest[:end]...)
		}
		rest = rest[end:]
	}
	return out, nil
}

// customName reads the name at the start of a custom section's payload.
func customName(payload []byte) string {
	size, n := binary.Uvarint(payload)
	if n <= 0 || size > uint64(len(payload)-n) {
		return ""
	}
	return string(payload[n : n+int(size)])
}
