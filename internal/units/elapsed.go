package units

import (
	"strconv"
	"time"
)

// FormatElapsed writes a run's elapsed (wall-clock) time as every front end
// shows it: whole milliseconds below a second ("866 ms"), seconds with two
// decimals from there ("3.50 s", "61.20 s").
//
// # Notes
//
//   - Below a second the milliseconds are rounded down, so a run never
//     shows "1000 ms".
//   - Negative durations, which a clock never measures, show as "0 ms".
func FormatElapsed(d time.Duration) string {
	if d < time.Second {
		return strconv.FormatInt(max(d.Milliseconds(), 0), 10) + " ms"
	}
	return strconv.FormatFloat(d.Seconds(), 'f', 2, 64) + " s"
}
