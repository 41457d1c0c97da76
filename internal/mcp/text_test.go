package mcp

import (
	"strings"
	"testing"
)

func TestCut(t *testing.T) {
	tests := []struct {
		name string
		s    string
		max  int
		want string
	}{
		{"short enough", "a\nb\n", 10, "a\nb\n"},
		{"whole lines", "111\n222\n333\n444\n555\n666\n", 16, "111\n222\n[… 8 B cut here (2 lines); see X …]\n555\n666\n"},
		{"one long line", strings.Repeat("a", 20), 8, "aaaa\n[… 12 B cut here (0 lines); see X …]\naaaa"},
		{"runes stay whole", "ééééé", 5, "é\n[… 6 B cut here (0 lines); see X …]\né"},
		{"not UTF-8", "\xff\xfe\xfd\xfc\xfb\xfa", 4, "\xff\xfe\n[… 2 B cut here (0 lines); see X …]\n\xfb\xfa"},
	}
	for _, tt := range tests {
		if got := cut(tt.s, tt.max, "see X"); got != tt.want {
			t.Errorf("%s: cut = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestLoneSurrogate(t *testing.T) {
	tests := []struct {
		json string
		want int
	}{
		{`"plain"`, -1},
		{`"a pair \ud83d\ude00"`, -1},
		{`"escapes \\ \" \n \u00e9"`, -1},
		{`"an escaped backslash \\ud83d"`, -1},
		{`"high alone \ud83d!"`, 12},
		{`"high at the end \ud83d"`, 17},
		{`"two highs \ud83d\ud83d"`, 11},
		{`"low alone \ude00"`, 11},
	}
	for _, tt := range tests {
		if got := loneSurrogate([]byte(tt.json)); got != tt.want {
			t.Errorf("loneSurrogate(%s) = %d, want %d", tt.json, got, tt.want)
		}
	}
}
