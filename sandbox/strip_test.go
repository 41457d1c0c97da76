package sandbox

import (
	"bytes"
	"os"
	"testing"
)

func TestStripDebugSections(t *testing.T) {
	header := []byte("\x00asm\x01\x00\x00\x00")
	custom := func(name string, body string) []byte {
		payload := append([]byte{byte(len(name))}, name...)
		payload = append(payload, body...)
		return append([]byte{0, byte(len(payload))}, payload...)
	}
	typeSec := []byte{1, 4, 1, 0x60, 0, 0} // one func type () -> ()
	in := bytes.Join([][]byte{header, custom(".debug_info", "xxxx"), typeSec, custom("name", "keep"), custom(".debug_line", "yy")}, nil)
	got, err := stripDebugSections(in)
	if err != nil {
		t.Fatal(err)
	}
	want := bytes.Join([][]byte{header, typeSec, custom("name", "keep")}, nil)
	if !bytes.Equal(got, want) {
		t.Errorf("got % x\nwant % x", got, want)
	}
	for _, bad := range [][]byte{header[:4], append(header, 1, 0xff), append(header, 0, 5, 1)} {
		if _, err := stripDebugSections(bad); err == nil {
			t.Errorf("stripDebugSections(% x) accepted a malformed module", bad)
		}
	}
}

func FuzzStripDebugSections(f *testing.F) {
	if wasm, err := os.ReadFile("../testdata/wasm/trap.wasm"); err == nil {
		f.Add(wasm)
	}
	f.Add([]byte("\x00asm\x01\x00\x00\x00\x00\x03\x02.d"))
	f.Fuzz(func(t *testing.T, in []byte) {
		out, err := stripDebugSections(in)
		if err == nil && (len(out) > len(in) || !bytes.Equal(out[:8], in[:8])) {
			t.Fatalf("output grew or lost its header")
		}
	})
}
