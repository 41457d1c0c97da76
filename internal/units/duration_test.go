package units

import (
	"strings"
	"testing"
	"time"
)

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in      string
		want    time.Duration
		wantErr string
	}{
		{in: "10s", want: 10 * time.Second},
		{in: "1m30s", want: 90 * time.Second},
		{in: "500ms", want: 500 * time.Millisecond},
		{in: "10", want: 10 * time.Second},
		{in: "2.5", want: 2500 * time.Millisecond},
		{in: " 3s ", want: 3 * time.Second},
		{in: "0", want: 0},
		{in: "-1s", wantErr: "cannot be negative"},
		{in: "abc", wantErr: "use a duration such as 10s"},
		{in: "", wantErr: "use a duration such as 10s"},
		{in: "1e3", wantErr: "use a duration such as 10s"},
		{in: "NaN", wantErr: "use a duration such as 10s"},
		{in: "+5s", wantErr: "use a duration such as 10s"},
		{in: "99999999999999999999", wantErr: "too long"},
		{in: "0.1ns", wantErr: "shorter than a nanosecond"},
		{in: "0.0000000001", wantErr: "shorter than a nanosecond"},
		{in: "0s", want: 0},
		{in: "0.0", want: 0},
	}
	for _, tt := range tests {
		got, err := ParseDuration(tt.in)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !strings.Contains(err.Error(), tt.in) {
				t.Errorf("ParseDuration(%q) = %v, %v; want error containing %q and the input", tt.in, got, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func TestCount(t *testing.T) {
	tests := []struct {
		in   string
		want uint64
		ok   bool
	}{
		{"400000000", 400000000, true},
		{"400_000_000", 400000000, true},
		{"400,000,000", 400000000, true},
		{"4,00", 0, false},
		{"1,5", 0, false},
		{"1,500.5k", 1_500_500, true},
		{"12,345", 12345, true},
		{"0", 0, true},
		{"-5", 0, false},
		{"1.5", 0, false},
		{"012", 0, false},
		{"_1", 0, false},
		{"", 0, false},
		{"18446744073709551616", 0, false},
		{"400M", 400000000, true},
		{"1.5G", 1500000000, true},
		{"10k", 10000, true},
		{"-1M", 0, false},
		{"1e3M", 0, false},
		{"M", 0, false},
		{"4.1M", 4_100_000, true},
		{"8.11k", 8110, true},
		{"0.5G", 500_000_000, true},
		{"1.2345k", 1234, true},
		{"0.0001k", 0, false},
		{"0.0M", 0, true},
		{"1.M", 0, false},
		{".5M", 0, false},
		{"9999999999G", 0, false},
	}
	for _, tt := range tests {
		var c Count
		err := c.Set(tt.in)
		if (err == nil) != tt.ok || (tt.ok && uint64(c) != tt.want) {
			t.Errorf("Count.Set(%q) = %d, %v; want %d, ok=%v", tt.in, c, err, tt.want, tt.ok)
		}
	}
}

func TestFormatCount(t *testing.T) {
	for n, want := range map[uint64]string{0: "0", 999: "999", 1000: "1,000", 400000000: "400,000,000", 1234567: "1,234,567"} {
		if got := FormatCount(n); got != want {
			t.Errorf("FormatCount(%d) = %q, want %q", n, got, want)
		}
	}
}

func FuzzParseDuration(f *testing.F) {
	for _, s := range []string{"10s", "1.5", "0", "-1s", "1h2m3.5s", "9e99", "1_0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDuration(s)
		if err != nil {
			return
		}
		if d < 0 {
			t.Fatalf("ParseDuration(%q) = %v, negative", s, d)
		}
		var v Duration
		if err := v.Set(v.String()); err != nil {
			t.Fatalf("Duration round trip of %v: %v", d, err)
		}
		var again Duration
		if err := again.Set(Duration(d).String()); err != nil || time.Duration(again) != d {
			t.Fatalf("Set(String()) of %v = %v, %v", d, time.Duration(again), err)
		}
	})
}
