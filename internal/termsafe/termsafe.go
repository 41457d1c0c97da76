// Package termsafe renders untrusted program output so that it can be
// shown on a terminal without the terminal acting on it.
//
// A guest program can print escape sequences that clear the screen, move
// the cursor, set the window title, write the clipboard (OSC 52), hide
// hyperlinks, or ring the bell; a lone carriage return or a bidirectional
// override can make text on screen differ from the text that was
// printed. termsafe replaces every such byte or rune with a visible,
// Go-like escape, so the user sees what was sent rather than its effect.
//
// # Notation
//
//	ESC (U+001B)          \x1b
//	BEL BS FF VT CR       \a \b \f \v \r
//	other C0, DEL         \x00 … \x1f, \x7f
//	C1 (U+0080–U+009F)    \u0080 … \u009f, e.g. the 8-bit CSI \u009b
//	bidi controls         \u202e, \u2066, \u200f, …
//	other invisible runes \u00ad, \ufeff, \U000e0041, …
//	invalid UTF-8 bytes   \xff
//
// "\n" and "\t" are kept, "\r\n" becomes "\n" and every other rune is
// kept as it is, including non-ASCII letters, emoji, and the zero width
// (non-)joiners that emoji and some scripts need.
//
// # Notes
//
//   - Backslashes are not escaped, so a program that prints the four
//     characters `\x1b` looks the same as one that prints ESC. Escaping
//     them would garble every Windows path and regular expression; the
//     notation is for reading, not for decoding back.
//   - Invisible format characters are escaped because they can hide text,
//     as in "Trojan Source" (CVE-2021-42574) and Unicode tag smuggling.
package termsafe

// String returns s with every byte or rune that could control a terminal
// replaced by its visible escape. See the package notation.
//
// String(s) is what a [Writer] writes for s, however s is split across
// calls to Write, once Flush is called.
func String(s string) string {
	out, _ := render(make([]byte, 0, len(s)+len(s)/8), []byte(s), true)
	return string(out)
}
