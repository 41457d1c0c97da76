package units

import (
	"flag"
	"fmt"
	"io"
	"math"
	"strings"
	"testing"
)

func TestParseSize(t *testing.T) {
	tests := []struct {
		in      string
		want    int64
		wantErr string // substring of the error; "" means success
	}{
		{in: "1048576", want: 1 << 20},
		{in: "0", want: 0},
		{in: "128MiB", want: 128 << 20},
		{in: "64 MiB", want: 64 << 20},
		{in: "  1GiB\t", want: 1 << 30},
		{in: "512KiB", want: 512 << 10},
		{in: "512kib", want: 512 << 10},
		{in: "2Gi", want: 2 << 30},
		{in: "1.5MiB", want: 3 << 19},
		{in: "0.1GB", want: 100_000_000},
		{in: "10MB", want: 10_000_000},
		{in: "10M", want: 10_000_000},
		{in: "10mb", want: 10_000_000},
		{in: "3K", want: 3000},
		{in: "1TB", want: 1e12},
		{in: "1TiB", want: 1 << 40},
		{in: "7EiB", want: 7 << 60},
		{in: "9.2EB", want: 9_200_000_000_000_000_000},
		{in: "100B", want: 100},
		{in: "100 b", want: 100},
		{in: "1.5B", want: 1},
		{in: "0.5B", wantErr: "less than one byte"},
		{in: "0.0MiB", want: 0},
		{in: "0.9999KiB", want: 1023},
		{in: "007MiB", want: 7 << 20},
		{in: "9223372036854775807", want: math.MaxInt64},
		{in: "9223372036854775808", wantErr: "larger than the maximum"},
		{in: "8EiB", wantErr: "larger than the maximum"},
		{in: "99999999999999999999999GiB", wantErr: "larger than the maximum"},
		{in: "-1", wantErr: `invalid size "-1": sizes cannot be negative`},
		{in: "-5MiB", wantErr: "cannot be negative"},
		{in: "", wantErr: `invalid size "": use a number`},
		{in: "   ", wantErr: "use a number"},
		{in: "12XB", wantErr: `invalid size "12XB": use a number with an optional unit such as 64MiB, 512KiB, 1GiB`},
		{in: "MiB", wantErr: "use a number"},
		{in: "NaN", wantErr: "use a number"},
		{in: "Inf", wantErr: "use a number"},
		{in: "1e9", wantErr: "use a number"},
		{in: "+5", wantErr: "use a number"},
		{in: "5.", wantErr: "use a number"},
		{in: ".5MiB", wantErr: "use a number"},
		{in: "1,024", wantErr: "use a number"},
		{in: "1_000", wantErr: "use a number"},
		{in: "0x10", wantErr: "use a number"},
		{in: "5 M iB", wantErr: "use a number"},
		{in: "10\u212aB", wantErr: "use a number"}, // Kelvin sign, not k
		{in: "1MiBs", wantErr: "use a number"},
		{in: "\x1b[2J", wantErr: `"\x1b[2J"`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseSize(tt.in)
			if tt.wantErr == "" {
				if err != nil || got != tt.want {
					t.Fatalf("ParseSize(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("ParseSize(%q) = %d, %v; want error containing %q", tt.in, got, err, tt.wantErr)
			}
			if msg := err.Error(); strings.ContainsAny(msg, "\n") || msg != strings.ToLower(msg[:1])+msg[1:] {
				t.Fatalf("error %q is not one lowercase line", msg)
			}
		})
	}
}

func TestFormatSize(t *testing.T) {
	tests := []struct {
		in   int64
		want string
	}{
		{0, "0 B"},
		{900, "900 B"},
		{1023, "1023 B"},
		{1024, "1 KiB"},
		{1536, "1.5 KiB"},
		{1280, "1.25 KiB"},
		{1025, "1.0 KiB"},
		{128 << 20, "128 MiB"},
		{3 << 29, "1.5 GiB"},
		{24536678, "23.4 MiB"},
		{1<<20 - 1, "1.0 MiB"},
		{1023<<10 + 1000, "1.0 MiB"},
		{1000 << 10, "1000 KiB"},
		{1 << 60, "1 EiB"},
		{math.MaxInt64, "7.9 EiB"},
		{-2048, "-2 KiB"},
		{math.MinInt64, "-8 EiB"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := FormatSize(tt.in); got != tt.want {
				t.Errorf("FormatSize(%d) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSizeFlag(t *testing.T) {
	tests := []struct {
		args    []string
		want    Size
		wantErr string
	}{
		{args: nil, want: 128 << 20},
		{args: []string{"-memory", "64MiB"}, want: 64 << 20},
		{args: []string{"-memory=1.5GiB"}, want: 3 << 29},
		{args: []string{"-memory", "12XB"}, wantErr: `invalid value "12XB" for flag -memory: use a number with an optional unit such as 64MiB, 512KiB, 1GiB`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			fs := flag.NewFlagSet("pyplay", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			mem := Size(128 << 20)
			fs.Var(&mem, "memory", "guest memory limit")
			err := fs.Parse(tt.args)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("Parse error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || mem != tt.want {
				t.Fatalf("Parse = %v, %v; want %v", mem, err, tt.want)
			}
		})
	}
}

func TestSizeStringRoundTrips(t *testing.T) {
	for _, n := range []Size{0, 1, 1023, 1024, 1025, 3 << 29, 1<<20 - 1, math.MaxInt64} {
		var got Size
		if err := got.Set(n.String()); err != nil || got != n {
			t.Errorf("Set(%q) = %d, %v; want %d", n.String(), got, err, n)
		}
	}
}

func FuzzParseSize(f *testing.F) {
	for _, s := range []string{"128MiB", "64 MiB", "1.5GiB", "10MB", "1048576", "-1", "", "NaN", "9.2EB", "0.0000001EiB"} {
		f.Add(s, int64(0))
	}
	f.Add("", int64(math.MaxInt64))
	f.Fuzz(func(t *testing.T, s string, n int64) {
		if v, err := ParseSize(s); err == nil && v < 0 {
			t.Fatalf("ParseSize(%q) = %d", s, v)
		}
		if n < 0 {
			n = -(n + 1)
		}
		if v, err := ParseSize(fmt.Sprint(n)); err != nil || v != n {
			t.Fatalf("ParseSize(%d) = %d, %v", n, v, err)
		}
		// Any FormatSize text parses back to within 5% of n.
		text := FormatSize(n)
		v, err := ParseSize(text)
		if err != nil {
			t.Fatalf("ParseSize(FormatSize(%d) = %q): %v", n, text, err)
		}
		if diff := math.Abs(float64(v) - float64(n)); diff > float64(n)/20 {
			t.Fatalf("ParseSize(FormatSize(%d) = %q) = %d", n, text, v)
		}
		if _, exact := format(n); exact && v != n {
			t.Fatalf("exact FormatSize(%d) = %q parsed as %d", n, text, v)
		}
		// A whole number of a binary unit is always exact.
		k, shift := n&1023, 10*(uint(n>>10)%7)
		if k > 0 {
			m := k << shift
			if shift == 60 {
				m = (k % 8) << 60
			}
			if v, err := ParseSize(FormatSize(m)); err != nil || v != m {
				t.Fatalf("ParseSize(FormatSize(%d) = %q) = %d, %v", m, FormatSize(m), v, err)
			}
		}
		var sz Size
		if err := sz.Set(Size(n).String()); err != nil || int64(sz) != n {
			t.Fatalf("Set(%q) = %d, %v", Size(n).String(), sz, err)
		}
	})
}
