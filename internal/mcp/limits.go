package mcp

import (
	"time"

	"github.com/pyplay/pyplay/internal/units"
	"github.com/pyplay/pyplay/sandbox"
)

// wasm32Memory is what a memory limit of 0 means: all wasm32 addresses.
const wasm32Memory = 4 << 30

// capDefaults lowers each of d's limits that max does not allow to max:
// a config file's "no limit" becomes the server's cap.
func capDefaults(d, max sandbox.Limits) sandbox.Limits {
	if !withinCount(d.Fuel, max.Fuel) {
		d.Fuel = max.Fuel
	}
	if max.Memory > 0 && memory(d.Memory) > max.Memory {
		d.Memory = max.Memory
	}
	if !withinCount(uint64(d.Timeout), uint64(max.Timeout)) {
		d.Timeout = max.Timeout
	}
	return d
}

// withinCount reports whether v is allowed by max, 0 meaning no limit in
// v and no cap in max: a capped limit must be set.
func withinCount(v, max uint64) bool { return max == 0 || (v != 0 && v <= max) }

func memory(n int64) int64 {
	if n == 0 {
		return wasm32Memory
	}
	return n
}

// callLimits are the limits of a run_python call: its arguments' where
// given, else the server's defaults, each checked against the maxima.
func (s *Server) callLimits(a args) (sandbox.Limits, error) {
	lim, max := s.cfg.Defaults, s.cfg.Max
	if text, ok, err := a.quantity("fuel", "400M"); err != nil {
		return lim, err
	} else if ok {
		var n units.Count
		if err := n.Set(text); err != nil {
			return lim, callErrorf("%q: invalid value %q: %v", "fuel", text, err)
		}
		if !withinCount(uint64(n), max.Fuel) {
			return lim, callErrorf("%q %s is above this server's maximum of %s units (pyplay mcp --max-fuel)", "fuel", fuelText(uint64(n)), units.FormatCount(max.Fuel))
		}
		lim.Fuel = uint64(n)
	}
	if text, ok, err := a.quantity("memory", "64MiB"); err != nil {
		return lim, err
	} else if ok {
		var n units.Size
		if err := n.Set(text); err != nil {
			return lim, callErrorf("%q: invalid value %q: %v", "memory", text, err)
		}
		if int64(n) > wasm32Memory {
			return lim, callErrorf("%q %s is more than wasm32 can address: at most 4 GiB", "memory", units.FormatSize(int64(n)))
		}
		if max.Memory > 0 && memory(int64(n)) > max.Memory {
			return lim, callErrorf("%q %s is above this server's maximum of %s (pyplay mcp --max-memory)", "memory", units.FormatSize(memory(int64(n))), units.FormatSize(max.Memory))
		}
		lim.Memory = int64(n)
	}
	if text, ok, err := a.quantity("timeout", "10s"); err != nil {
		return lim, err
	} else if ok {
		var d units.Duration
		if err := d.Set(text); err != nil {
			return lim, callErrorf("%q: invalid value %q: %v", "timeout", text, err)
		}
		if !withinCount(uint64(d), uint64(max.Timeout)) {
			return lim, callErrorf("%q %s is above this server's maximum of %s (pyplay mcp --max-timeout)", "timeout", durationText(time.Duration(d)), max.Timeout)
		}
		lim.Timeout = time.Duration(d)
	}
	return lim, nil
}

func fuelText(n uint64) string {
	if n == 0 {
		return "0 (no limit)"
	}
	return units.FormatCount(n)
}

func durationText(d time.Duration) string {
	if d == 0 {
		return "0 (no limit)"
	}
	return d.String()
}
