package termsafe

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestString(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "hello, world\n", "hello, world\n"},
		{"tab kept", "a\tb", "a\tb"},
		{"unicode kept", "héllo 世界 🎉 👩‍💻 \u00a0x", "héllo 世界 🎉 👩‍💻 \u00a0x"},
		{"clear screen", "\x1b[2J\x1b[H", `\x1b[2J\x1b[H`},
		{"osc 52 clipboard", "\x1b]52;c;ZXZpbA==\a", `\x1b]52;c;ZXZpbA==\a`},
		{"osc 8 hyperlink", "\x1b]8;;http://x\x1b\\y\x1b]8;;\x1b\\", `\x1b]8;;http://x\x1b\y\x1b]8;;\x1b\`},
		{"named controls", "\a\b\f\v", `\a\b\f\v`},
		{"other c0", "\x00\x01\x1f", `\x00\x01\x1f`},
		{"del", "a\x7fb", `a\x7fb`},
		{"crlf becomes lf", "a\r\nb\r\n", "a\nb\n"},
		{"lone cr shown", "secret\rpublic", `secret\rpublic`},
		{"cr at end", "x\r", `x\r`},
		{"cr cr lf", "x\r\r\n", "x\\r\n"},
		{"c1 csi", "\u009b2J", `\u009b2J`},
		{"c1 range", "\u0080\u009f", `\u0080\u009f`},
		{"bidi overrides", "a\u202eb\u202cc", `a\u202eb\u202cc`},
		{"bidi isolates", "\u2066\u2067\u2068\u2069", `\u2066\u2067\u2068\u2069`},
		{"bidi marks", "\u200e\u200f\u061c", `\u200e\u200f\u061c`},
		{"invisible format", "\u00ad\ufeff\u200b", `\u00ad\ufeff\u200b`},
		{"line separators", "\u2028\u2029", `\u2028\u2029`},
		{"tag characters", "\U000e0041", `\U000e0041`},
		{"invalid bytes", "a\xffb\xc0", `a\xffb\xc0`},
		{"truncated rune", "\xe4\xb8", `\xe4\xb8`},
		{"real replacement char kept", "\ufffd", "\ufffd"},
		{"backslash not escaped", `C:\x1b`, `C:\x1b`},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := String(tt.in); got != tt.want {
				t.Errorf("String(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestWriterSplits(t *testing.T) {
	tests := []struct {
		name   string
		chunks []string
		want   string
	}{
		{"rune split in two", []string{"\xe4\xb8", "\x96"}, "世"},
		{"rune split in three", []string{"\xf0\x9f", "\x8e", "\x89!"}, "🎉!"},
		{"crlf split", []string{"a\r", "\nb"}, "a\nb"},
		{"cr then text", []string{"a\r", "b"}, `a\rb`},
		{"partial flushed", []string{"x\xe4\xb8"}, `x\xe4\xb8`},
		{"cr flushed", []string{"x\r"}, `x\r`},
		{"invalid then valid", []string{"\xe4", "A"}, `\xe4A`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			w := NewWriter(&buf)
			for _, c := range tt.chunks {
				if n, err := w.Write([]byte(c)); n != len(c) || err != nil {
					t.Fatalf("Write(%q) = %d, %v", c, n, err)
				}
			}
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
			if got := buf.String(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

type failWriter struct{ n int }

func (f *failWriter) Write(p []byte) (int, error) { f.n++; return 0, errors.New("boom") }

func TestWriterErrorIsSticky(t *testing.T) {
	fw := &failWriter{}
	w := NewWriter(fw)
	if n, err := w.Write([]byte("a")); n != 0 || err == nil {
		t.Fatalf("Write = %d, %v; want 0, error", n, err)
	}
	if _, err := w.Write([]byte("b")); err == nil {
		t.Fatal("second Write succeeded")
	}
	if err := w.Flush(); err == nil {
		t.Fatal("Flush succeeded")
	}
	if fw.n != 1 {
		t.Fatalf("underlying writer called %d times, want 1", fw.n)
	}
}

func TestWriterConcurrent(t *testing.T) {
	var buf bytes.Buffer
	w := NewWriter(&buf)
	done := make(chan struct{})
	for range 4 {
		go func() {
			for range 100 {
				w.Write([]byte("ab\x1b\n"))
			}
			done <- struct{}{}
		}()
	}
	for range 4 {
		<-done
	}
	if got := strings.Count(buf.String(), "ab\\x1b\n"); got != 400 {
		t.Fatalf("got %d lines, want 400", got)
	}
}

// checkSafe fails t if out holds anything a terminal could act on.
func checkSafe(t *testing.T, in, out string) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Fatalf("String(%q) = %q: invalid UTF-8", in, out)
	}
	for _, r := range out {
		bad := (r < 0x20 && r != '\n' && r != '\t') || r == 0x7f ||
			(r >= 0x80 && r <= 0x9f) || (r >= 0x202a && r <= 0x202e) ||
			(r >= 0x2066 && r <= 0x2069) || r == 0x200e || r == 0x200f ||
			r == 0x061c || (unicode.Is(unicode.Cf, r) && r != 0x200c && r != 0x200d)
		if bad {
			t.Fatalf("String(%q) = %q: holds %U", in, out, r)
		}
	}
}

func FuzzString(f *testing.F) {
	for _, s := range []string{"", "\x1b[31mred", "\r\n\r", "\u009b\u202e", "\xe4\xb8\x96\xff", "👩‍💻"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkSafe(t, s, String(s))
	})
}

func FuzzWriterChunking(f *testing.F) {
	f.Add([]byte("a\r\nb\xe4\xb8\x96\x1b"), []byte{1, 2, 3})
	f.Add([]byte("\xf0\x9f\x8e\x89\r"), []byte{2, 0, 1})
	f.Fuzz(func(t *testing.T, data []byte, cuts []byte) {
		var buf bytes.Buffer
		w := NewWriter(&buf)
		rest := data
		for _, c := range cuts {
			n := min(int(c)%8, len(rest))
			w.Write(rest[:n])
			rest = rest[n:]
			// An early Flush may split a CRLF or rune for good; only
			// compare when the stream is flushed once, at its end.
		}
		w.Write(rest)
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		want := String(string(data))
		if got := buf.String(); got != want {
			t.Fatalf("chunked %q (cuts %v) = %q, String = %q", data, cuts, got, want)
		}
		checkSafe(t, string(data), buf.String())
	})
}

func TestJSONEscapesWhatATerminalWouldActOn(t *testing.T) {
	in := []byte("{\"s\":\"a\u009b2Jb\u202ec\u200dd é 🙂 \U000E0001\"}")
	got := JSON(in)
	want := `{"s":"a\u009b2Jb\u202ec` + "\u200d" + `d é 🙂 \udb40\udc01"}`
	if string(got) != want {
		t.Errorf("JSON =\n%s\nwant\n%s", got, want)
	}
	var a, b map[string]string
	if err := json.Unmarshal(in, &a); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(got, &b); err != nil || a["s"] != b["s"] {
		t.Errorf("the escaped JSON means something else: %q vs %q (%v)", a["s"], b["s"], err)
	}
}
