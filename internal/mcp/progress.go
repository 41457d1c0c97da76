package mcp

import (
	"context"
	"fmt"
	"time"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/pyplay/pyplay/internal/units"
	"github.com/pyplay/pyplay/session"
)

// reportProgress sends the client a progress notification with the fuel
// used every ProgressEvery while live runs, when the call asked for
// progress. The returned stop ends it, and returns once no notification
// is being sent.
func (s *Server) reportProgress(ctx context.Context, call *sdk.CallToolRequest, live *session.LiveRun) (stop func()) {
	token := call.Params.GetProgressToken()
	if token == nil || call.Session == nil {
		return func() {}
	}
	limit := live.Request.Limits.Fuel
	quit, finished := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		tick := time.NewTicker(s.cfg.ProgressEvery)
		defer tick.Stop()
		var last uint64
		for {
			select {
			case <-quit:
				return
			case <-live.Done():
				return
			case <-ctx.Done():
				return
			case <-tick.C:
			}
			st := live.Stats()
			if st.FuelUsed <= last { // progress must grow with each notification
				continue
			}
			last = st.FuelUsed
			msg := fmt.Sprintf("fuel %s · memory %s · %s", units.FormatCount(st.FuelUsed), units.FormatSize(st.MemoryCurrent), st.Elapsed.Round(time.Millisecond))
			if limit > 0 {
				msg = fmt.Sprintf("fuel %s of %s · memory %s · %s", units.FormatCount(st.FuelUsed), units.FormatCount(limit), units.FormatSize(st.MemoryCurrent), st.Elapsed.Round(time.Millisecond))
			}
			// A client that cannot take it is no reason to stop the run.
			_ = call.Session.NotifyProgress(ctx, &sdk.ProgressNotificationParams{
				ProgressToken: token, Progress: float64(st.FuelUsed), Total: float64(limit), Message: msg,
			})
		}
	}()
	return func() {
		close(quit)
		<-finished
	}
}
