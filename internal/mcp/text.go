package mcp

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/pyplay/pyplay/internal/units"
)

// cut is s for a model to read: at most max bytes of it, its head and its
// tail, with the middle replaced by a line saying how much went and where
// the whole is. Errors are at the end of a traceback and a program's
// answer is often its last line, so the tail matters as much as the head.
func cut(s string, max int, whole string) string {
	if len(s) <= max {
		return s
	}
	head, tail := s[:max/2], s[len(s)-max/2:]
	// Whole lines when a line break is near, whole runes always.
	if i := strings.LastIndexByte(head, '\n'); i >= len(head)/2 {
		head = head[:i+1]
	}
	if i := strings.IndexByte(tail, '\n'); i >= 0 && i < len(tail)/2 && s[len(s)-len(tail)-1] != '\n' {
		tail = tail[i+1:]
	}
	if i := lastStart(head); i >= 0 && !utf8.FullRuneInString(head[i:]) {
		head = head[:i]
	}
	for len(tail) > 0 && !utf8.RuneStart(tail[0]) {
		tail = tail[1:]
	}
	gone := len(s) - len(head) - len(tail)
	mark := fmt.Sprintf("[… %s cut here (%d lines); %s …]\n", units.FormatSize(int64(gone)), strings.Count(s[len(head):len(s)-len(tail)], "\n"), whole)
	if !strings.HasSuffix(head, "\n") {
		mark = "\n" + mark
	}
	return head + mark + tail
}

// lastStart is the offset of the last rune start in s's last UTFMax
// bytes (output need not be UTF-8).
func lastStart(s string) int {
	i := len(s) - 1
	for i > 0 && i > len(s)-utf8.UTFMax && !utf8.RuneStart(s[i]) {
		i--
	}
	return i
}
