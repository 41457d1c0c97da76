package termsafe

import (
	"fmt"
	"unicode/utf8"
)

// JSON returns encoded JSON with every rune a terminal would act on or
// hide (C1 controls such as the 8-bit CSI U+009B, bidi overrides, other
// format characters) written as a \uXXXX escape. The JSON means exactly
// the same; only its bytes on a terminal change. encoding/json already
// escapes C0 controls, but not these. Such runes only occur inside JSON
// strings, where an escape is always valid.
func JSON(b []byte) []byte {
	var out []byte
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r < utf8.RuneSelf || visible(r) {
			if out != nil {
				out = append(out, b[i:i+size]...)
			}
			i += size
			continue
		}
		if out == nil {
			out = append(make([]byte, 0, len(b)+16), b[:i]...)
		}
		if r > 0xffff { // as a UTF-16 surrogate pair, as JSON spells it
			r -= 0x10000
			out = fmt.Appendf(out, `\u%04x\u%04x`, 0xd800+(r>>10), 0xdc00+(r&0x3ff))
		} else {
			out = fmt.Appendf(out, `\u%04x`, r)
		}
		i += size
	}
	if out == nil {
		return b
	}
	return out
}
