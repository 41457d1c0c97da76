// Package units reads and writes byte sizes the way people type them in
// flags, such as "128MiB", and shows them in summaries, such as
// "peak 23.4 MiB".
//
// # Units
//
// Unit names are case-insensitive and may follow the number after spaces.
//
//	none, B                          bytes
//	KiB MiB GiB TiB PiB EiB          binary: 1024, 1024², … (Ki, Mi, … also work)
//	K M G T P E, KB MB GB TB PB EB   decimal SI: 1000, 1000², …
//
// # Notes
//
//   - A bare "M" is decimal, as SI says, though Docker and Java read
//     "128m" as 128 MiB; FormatSize always writes the unambiguous binary
//     names, so the size in effect is plain in every summary.
//   - Because unit names are case-insensitive, "Mb" is a megabyte, not a
//     megabit.
package units

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"strings"
)

// accepted ends every parse error so a user can fix the value at once.
const accepted = "use a number with an optional unit such as 64MiB, 512KiB, 1GiB"

// ParseSize returns the number of bytes s stands for, such as "128MiB",
// "64 MiB", "1.5GiB", "10MB" or "1048576". See the package doc for units.
//
// # Notes
//
//   - The number is digits with an optional fraction ("1.5"); signs,
//     exponents, digit separators, NaN and Inf are rejected.
//   - Fractions of a byte are rounded down: "1.5B" is 1. A size that is
//     not zero but rounds down to it, such as "0.5B", is an error, because
//     callers read 0 as "no limit".
//   - Errors are one line naming s and the accepted forms, like
//     `invalid size "12XB": use a number with an optional unit such as 64MiB, 512KiB, 1GiB`.
func ParseSize(s string) (int64, error) {
	n, err := parse(s)
	if err != nil {
		return 0, fmt.Errorf("invalid size %q: %w", s, err)
	}
	return n, nil
}

// parse is ParseSize with an error that does not repeat s, for callers
// such as package flag that quote the value themselves.
func parse(s string) (int64, error) {
	t := strings.TrimSpace(s)
	if strings.HasPrefix(t, "-") {
		return 0, errors.New("sizes cannot be negative")
	}
	whole, frac, rest := number(t)
	if whole == "" {
		return 0, errors.New(accepted)
	}
	mult, ok := unit(strings.TrimLeft(rest, " \t"))
	if !ok {
		return 0, errors.New(accepted)
	}

	v, ok := scaled(whole, frac, mult)
	if !ok {
		return 0, fmt.Errorf("larger than the maximum of %d bytes (about 8 EiB)", int64(math.MaxInt64))
	}
	if v == 0 && hasNonZeroDigit(whole+frac) {
		// 0 means "no limit" to callers: a tiny limit must not become none.
		return 0, errors.New("less than one byte; use 0 for no limit")
	}
	return v, nil
}

// scaled is whole.frac times mult, rounded down, and false past int64.
// The arithmetic is exact: a float would turn "0.1GB" into 99999999 bytes.
func scaled(whole, frac string, mult int64) (int64, bool) {
	v, _ := new(big.Int).SetString(whole+frac, 10)
	v.Mul(v, big.NewInt(mult))
	v.Quo(v, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(len(frac))), nil))
	return v.Int64(), v.IsInt64()
}

// hasNonZeroDigit tells "0.4" (meant as something) from "0" or "0.0".
func hasNonZeroDigit(s string) bool { return strings.ContainsAny(s, "123456789") }

// number splits t into the digits before and after a decimal point and
// the text after the number. whole is "" when t does not start with a
// well-formed number.
func number(t string) (whole, frac, rest string) {
	i := digits(t)
	whole, rest = t[:i], t[i:]
	if whole == "" || !strings.HasPrefix(rest, ".") {
		return whole, "", rest
	}
	j := digits(rest[1:])
	if j == 0 {
		return "", "", t // "5." is a typo more often than a size
	}
	return whole, rest[1 : 1+j], rest[1+j:]
}

func digits(s string) int {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i
}

// unit returns the multiplier a unit name stands for.
func unit(name string) (int64, bool) {
	// ASCII only: strings.ToLower would map the Kelvin sign to "k".
	b := []byte(name)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	lower := string(b)
	if lower == "" || lower == "b" {
		return 1, true
	}
	const prefixes = "kmgtpe"
	i := strings.IndexByte(prefixes, lower[0])
	if i < 0 {
		return 0, false
	}
	switch lower[1:] {
	case "", "b":
		return pow(1000, i+1), true
	case "i", "ib":
		return 1 << (10 * (i + 1)), true
	}
	return 0, false
}

func pow(base int64, n int) int64 {
	v := int64(1)
	for range n {
		v *= base
	}
	return v
}
