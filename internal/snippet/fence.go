package snippet

import "strings"

// fenced is a code block found in the source.
type fenced struct {
	lang       string
	indent     int // spaces before the opening fence, stripped from content
	start, end int // 1-based content lines; end == start-1 when empty
}

// splitLines splits src at "\n", dropping the CR of CRLF endings. A final
// newline does not start another line, matching how editors number lines.
func splitLines(src []byte) []string {
	if len(src) == 0 {
		return nil
	}
	s := string(src)
	s = strings.TrimSuffix(s, "\n")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSuffix(l, "\r")
	}
	return lines
}

// findBlocks returns every fenced block in lines, in order.
func findBlocks(lines []string) []fenced {
	var out []fenced
	for i := 0; i < len(lines); i++ {
		indent, char, n, info, ok := openingFence(lines[i])
		if !ok {
			continue
		}
		b := fenced{lang: language(info), indent: indent, start: i + 2}
		j := i + 1
		for j < len(lines) && !closesFence(lines[j], char, n) {
			j++
		}
		b.end = j // the line before the closing fence, or the last line
		out = append(out, b)
		i = j
	}
	return out
}

// openingFence reports whether line opens a code block, and if so its
// indent, fence character, fence length and info string.
func openingFence(line string) (indent int, char byte, n int, info string, ok bool) {
	indent = leadingSpaces(line)
	if indent > 3 {
		return 0, 0, 0, "", false
	}
	rest := line[indent:]
	if rest == "" || (rest[0] != '`' && rest[0] != '~') {
		return 0, 0, 0, "", false
	}
	char = rest[0]
	for n < len(rest) && rest[n] == char {
		n++
	}
	if n < 3 {
		return 0, 0, 0, "", false
	}
	info = strings.TrimSpace(rest[n:])
	// CommonMark forbids backticks here so inline code such as
	// "```a``` b" is not mistaken for a fence.
	if char == '`' && strings.IndexByte(info, '`') >= 0 {
		return 0, 0, 0, "", false
	}
	return indent, char, n, info, true
}

// closesFence reports whether line closes a fence of n chars.
func closesFence(line string, char byte, n int) bool {
	indent := leadingSpaces(line)
	if indent > 3 {
		return false
	}
	rest := line[indent:]
	m := 0
	for m < len(rest) && rest[m] == char {
		m++
	}
	return m >= n && strings.Trim(rest[m:], " \t") == ""
}

// language returns the first word of a fence info string. Attribute
// forms are unwrapped: Pandoc's "{.python .numberLines}" and the
// "{python}" of Quarto and R Markdown.
func language(info string) string {
	if !strings.HasPrefix(info, "{") {
		if f := strings.Fields(info); len(f) > 0 {
			return f[0]
		}
		return ""
	}
	inner := info[1:]
	if i := strings.IndexByte(inner, '}'); i >= 0 {
		inner = inner[:i]
	}
	for _, f := range strings.Fields(strings.ReplaceAll(inner, ",", " ")) {
		// Skip "#id" and "key=value" attributes: neither names a language.
		if strings.HasPrefix(f, "#") || strings.Contains(f, "=") {
			continue
		}
		return strings.TrimPrefix(f, ".")
	}
	return ""
}

func leadingSpaces(s string) int {
	n := 0
	for n < len(s) && s[n] == ' ' {
		n++
	}
	return n
}

// stripIndent removes up to n leading spaces, as CommonMark does for
// content lines of a fence indented by n.
func stripIndent(line string, n int) string {
	if k := leadingSpaces(line); k < n {
		n = k
	}
	return line[n:]
}
