package units

import "strconv"

// Size is a number of bytes that implements [flag.Value], so a size flag
// is one line:
//
//	var mem = units.Size(128 << 20)
//	flag.Var(&mem, "memory", "guest memory limit")
type Size int64

// Set parses s with [ParseSize] and stores the result.
//
// # Notes
//
//   - The error does not repeat s, because package flag already quotes
//     the value and flag name in its message.
func (s *Size) Set(v string) error {
	n, err := parse(v)
	if err != nil {
		return err
	}
	*s = Size(n)
	return nil
}

// String returns s as [FormatSize] does when that is exact, and as a
// plain count of bytes otherwise, so Set(s.String()) always gives back s.
func (s Size) String() string {
	if text, exact := format(int64(s)); exact {
		return text
	}
	return strconv.FormatInt(int64(s), 10) + " B"
}
