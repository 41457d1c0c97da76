package units

import "strconv"

var binaryUnits = [...]string{"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"}

// FormatSize returns n in the largest binary unit it reaches, such as
// "900 B", "128 MiB", "1.5 GiB" or "23.4 MiB".
//
// # Notes
//
//   - A whole number ("128 MiB") is exact, as is a fraction of up to two
//     decimals when n has one ("1.25 GiB"); ParseSize reads those back
//     to n. Other values are rounded to one decimal, within 5% of n, so
//     "1.0 MiB" is a rounding while "1 MiB" is exact. Near the int64
//     limit the rounding is down, to "7.9 EiB", so it still parses.
//   - [Size.String] never rounds.
//   - Bytes are written without digit separators ("1023 B") so every
//     result can be passed back to ParseSize.
//   - Negative n, which ParseSize never returns, gets a leading "-".
func FormatSize(n int64) string {
	s, _ := format(n)
	return s
}

// format is FormatSize, also reporting whether the text is exact.
func format(n int64) (string, bool) {
	if n < 0 {
		// uint64 keeps math.MinInt64 from overflowing on negation.
		s, exact := formatUint(uint64(-(n + 1)) + 1)
		return "-" + s, exact
	}
	return formatUint(uint64(n))
}

func formatUint(n uint64) (string, bool) {
	if n < 1024 {
		return strconv.FormatUint(n, 10) + " B", true
	}
	i := 0
	for i+1 < len(binaryUnits) && n >= 1<<(10*(i+2)) {
		i++
	}
	u := uint64(1) << (10 * (i + 1))
	q, r := n/u, n%u
	if r == 0 {
		return strconv.FormatUint(q, 10) + " " + binaryUnits[i], true
	}
	// u is 2^k, so r/u has an exact d-digit decimal form exactly when
	// r is a multiple of 2^(k-d); its digits are then (r>>(k-d))*5^d.
	for d, five := 1, uint64(5); d <= 2; d, five = d+1, five*5 {
		if step := u >> d; r%step == 0 {
			f := strconv.FormatUint(r/step*five, 10)
			for len(f) < d {
				f = "0" + f
			}
			return strconv.FormatUint(q, 10) + "." + f + " " + binaryUnits[i], true
		}
	}
	// r < 2^60, so r*10 cannot overflow.
	tenths := q*10 + (r*10+u/2)/u
	if tenths >= 10240 && i+1 < len(binaryUnits) {
		return "1.0 " + binaryUnits[i+1], false
	}
	if i == len(binaryUnits)-1 && tenths >= 80 {
		// "8.0 EiB" is 2^63, one byte past what ParseSize can return.
		tenths = 79
	}
	return strconv.FormatUint(tenths/10, 10) + "." + strconv.FormatUint(tenths%10, 10) + " " + binaryUnits[i], false
}
