package units

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

const acceptedDuration = "use a duration such as 10s, 1.5s, 2m or 500ms, or 0 for no limit"

// ParseDuration reads a time limit: a Go duration ("10s", "1m30s", "500ms")
// or a bare number of seconds ("10", "2.5").
//
// # Notes
//
//   - Negative durations are rejected; "0" means no limit to the caller.
func ParseDuration(s string) (time.Duration, error) {
	d, err := parseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("invalid duration %q: %w", s, err)
	}
	return d, nil
}

func parseDuration(s string) (time.Duration, error) {
	t := strings.TrimSpace(s)
	if strings.HasPrefix(t, "-") {
		return 0, errors.New("durations cannot be negative")
	}
	var d time.Duration
	if secs, err := strconv.ParseFloat(t, 64); err == nil && !strings.ContainsAny(t, "eEnNiIxX_") {
		if secs*float64(time.Second) >= float64(1<<63-1) {
			return 0, errors.New("too long")
		}
		d = time.Duration(secs * float64(time.Second))
	} else if d, err = time.ParseDuration(t); err != nil || strings.HasPrefix(t, "+") {
		return 0, errors.New(acceptedDuration)
	}
	if d == 0 && hasNonZeroDigit(t) {
		return 0, errors.New("shorter than a nanosecond; use 0 for no limit")
	}
	return d, nil
}

// Duration is a time limit that implements [flag.Value] with ParseDuration.
type Duration time.Duration

// Set parses v with [ParseDuration].
func (d *Duration) Set(v string) error {
	n, err := parseDuration(v)
	if err != nil {
		return err
	}
	*d = Duration(n)
	return nil
}

// String returns d in Go's duration notation, which Set accepts.
func (d Duration) String() string { return time.Duration(d).String() }

// Count is a non-negative integer flag such as a fuel budget. It accepts
// digit separators as Go literals do ("400_000_000"), commas
// ("400,000,000"), and a decimal suffix k, M or G ("400M", "1.5G"), as the
// UI shows fuel.
type Count uint64

const acceptedCount = "use a whole number such as 400000000, 400_000_000 or 400M, or 0 for no limit"

// thousands is a count written with commas, which must group thousands.
var thousands = regexp.MustCompile(`^[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?[kKMG]?$`)

// Set parses v as a count.
func (c *Count) Set(v string) error {
	t := strings.TrimSpace(v)
	if strings.Contains(t, ",") && !thousands.MatchString(t) {
		// "1,5" is more likely 1.5 than 15, and "4,00" a typo.
		return errors.New("commas must group digits in threes, as in 400,000,000")
	}
	t = strings.ReplaceAll(t, ",", "")
	scale := map[string]int64{"k": 1e3, "K": 1e3, "M": 1e6, "G": 1e9}
	if n := len(t); n > 1 && scale[t[n-1:]] != 0 {
		// Exact, as sizes are: through a float "4.1M" would be 4,099,999.
		whole, frac, rest := number(t[:n-1])
		if whole == "" || rest != "" {
			return errors.New(acceptedCount)
		}
		v, ok := scaled(whole, frac, scale[t[n-1:]])
		switch {
		case !ok:
			return errors.New("too large")
		case v == 0 && hasNonZeroDigit(whole+frac):
			return errors.New("less than one unit; use 0 for no limit")
		}
		*c = Count(v)
		return nil
	}
	if strings.HasPrefix(t, "0") && len(t) > 1 || strings.HasPrefix(t, "_") {
		return errors.New(acceptedCount)
	}
	n, err := strconv.ParseUint(t, 0, 64)
	if err != nil {
		return errors.New(acceptedCount)
	}
	*c = Count(n)
	return nil
}

// String returns c in digits.
func (c Count) String() string { return strconv.FormatUint(uint64(c), 10) }

// FormatCount writes n with thousands separators, as the summaries show fuel:
// 400,000,000.
func FormatCount(n uint64) string {
	s := strconv.FormatUint(n, 10)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}
