package sandbox

import "fmt"

// instanceState is where an instance is in its life, as the package doc's
// Lifecycle tells it. It moves only forward, only in instance.to, and only
// under instance.mu: the guest's goroutine and the goroutine handing a run
// over (pool.take) both move it.
type instanceState int

const (
	// instanceParked: no run yet. The guest is in CPython's start-up, or
	// done with it and waiting at the snippet (atSnippet is closed). Every
	// instance starts here; a cold one leaves at once.
	instanceParked instanceState = iota
	// instanceGiven: a run was handed over and waits in handoffs for the
	// guest to reach the snippet; its timeout and cancel are armed.
	instanceGiven
	// instanceRunning: the guest took the run at the snippet's first open:
	// the snippet runs, then CPython's shutdown.
	instanceRunning
	// instanceEnded: the guest is gone. Its run, if it had one, gets the
	// result; a parked instance that ends is one no run can be given to.
	instanceEnded
)

func (s instanceState) String() string {
	switch s {
	case instanceParked:
		return "parked"
	case instanceGiven:
		return "given"
	case instanceRunning:
		return "running"
	case instanceEnded:
		return "ended"
	}
	return fmt.Sprintf("instanceState(%d)", int(s))
}

// to moves the instance to next; the caller holds mu. Any move but these
// is a bug in pyplay.
func (inst *instance) to(next instanceState) {
	switch from := inst.state; {
	case from == instanceParked && next == instanceGiven:
		// give: a run is handed over, by pool.take, or by newInstance
		// for a cold run, before the guest's goroutine starts.
	case from == instanceGiven && next == instanceRunning:
		// waitForRun: the guest, at the snippet, takes the run.
	case from != instanceEnded && next == instanceEnded:
		// live: the guest returned, from wherever it was. Parked, it
		// failed to start or the pool ended it; given, it ended before
		// the snippet and the run is still owed its result.
	default:
		panic(fmt.Sprintf("sandbox: an instance cannot go from %s to %s", from, next))
	}
	inst.state = next
}
