package termsafe

import (
	"strconv"
	"unicode"
	"unicode/utf8"
)

const hex = "0123456789abcdef"

// render appends the safe form of src to dst and reports how many bytes
// of src it used. Unless final, it stops before a trailing incomplete
// UTF-8 sequence or a trailing CR, whose rendering depends on bytes that
// have not arrived yet.
func render(dst, src []byte, final bool) ([]byte, int) {
	i := 0
	for i < len(src) {
		c := src[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '\r':
				if i+1 == len(src) && !final {
					return dst, i
				}
				if i+1 < len(src) && src[i+1] == '\n' {
					// CRLF is an ordinary line end, not an overwrite.
					dst = append(dst, '\n')
					i += 2
					continue
				}
				dst = append(dst, `\r`...)
			case c == '\n' || c == '\t' || (c >= 0x20 && c < 0x7f):
				dst = append(dst, c)
			default:
				dst = appendControl(dst, c)
			}
			i++
			continue
		}
		if !final && !utf8.FullRune(src[i:]) {
			return dst, i
		}
		r, size := utf8.DecodeRune(src[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			dst = append(dst, '\\', 'x', hex[c>>4], hex[c&0xf])
		case visible(r):
			dst = append(dst, src[i:i+size]...)
		default:
			dst = appendRune(dst, r)
		}
		i += size
	}
	return dst, i
}

// appendControl appends the escape for an ASCII control byte.
func appendControl(dst []byte, c byte) []byte {
	switch c {
	case '\a':
		return append(dst, `\a`...)
	case '\b':
		return append(dst, `\b`...)
	case '\f':
		return append(dst, `\f`...)
	case '\v':
		return append(dst, `\v`...)
	}
	return append(dst, '\\', 'x', hex[c>>4], hex[c&0xf])
}

// appendRune appends r as \uXXXX or \UXXXXXXXX.
func appendRune(dst []byte, r rune) []byte {
	digits, prefix := 4, `\u`
	if r > 0xffff {
		digits, prefix = 8, `\U`
	}
	dst = append(dst, prefix...)
	h := strconv.FormatInt(int64(r), 16)
	for k := len(h); k < digits; k++ {
		dst = append(dst, '0')
	}
	return append(dst, h...)
}

// visible reports whether a non-ASCII rune may be shown as it is.
func visible(r rune) bool {
	switch {
	case r >= 0x80 && r <= 0x9f: // C1: 8-bit CSI, OSC, ST and friends
		return false
	case r == '\u200c' || r == '\u200d':
		// The joiners are invisible but needed for emoji sequences and
		// for Persian and Indic text; alone they cannot hide anything.
		return true
	case unicode.Is(unicode.Cf, r), r == '\u2028', r == '\u2029':
		// Format characters, bidi controls among them, change how other
		// text is shown or hide it; line and paragraph separators move
		// text on some terminals.
		return false
	}
	// Letters, marks, symbols, spaces, private use (icon fonts) and
	// runes newer than Go's Unicode tables are all inert on a terminal.
	return true
}
