package mcp_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
)

// TestProgressAndCancel: a long run reports its fuel as progress, and the
// client's cancellation stops it, recorded as canceled. An endless loop
// that was not canceled would end at its fuel, ~2 s, and fail the test.
func TestProgressAndCancel(t *testing.T) {
	cfg := testConfig()
	cfg.Concurrent = 1 // the next call's turn comes once the canceled run is recorded
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var mu sync.Mutex
	var got []*sdk.ProgressNotificationParams
	ts := start(t, cfg, func(p *sdk.ProgressNotificationParams) {
		mu.Lock()
		defer mu.Unlock()
		got = append(got, p)
		if len(got) == 3 {
			cancel()
		}
	})
	params := &sdk.CallToolParams{Name: "run_python", Arguments: map[string]any{"code": "while True: pass"}}
	params.SetProgressToken("loop")
	_, err := ts.client.CallTool(ctx, params)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("call: %v, want it canceled", err)
	}

	// One slot: this runs once the canceled run has ended and is recorded.
	if out := structured(t, ts.call(t, "run_python", map[string]any{"code": "print(2)"})); out["id"] != 2.0 {
		t.Fatalf("the next call: %v", out)
	}
	rec, err := ts.store.Get(context.Background(), 1)
	if err != nil || rec.Result.Outcome != "canceled" || rec.Client != "pyplay-test" {
		t.Errorf("the canceled run: %v, outcome %s, client %q", err, rec.Result.Outcome, rec.Client)
	}
	mu.Lock()
	defer mu.Unlock()
	for i, p := range got[:3] {
		if p.ProgressToken != "loop" || p.Total != 1e10 || p.Progress <= 0 || (i > 0 && p.Progress <= got[i-1].Progress) ||
			!strings.HasPrefix(p.Message, "fuel ") || !strings.Contains(p.Message, " of 10,000,000,000 · memory ") {
			t.Errorf("progress %d: %+v; want growing fuel of 10G", i, p)
		}
	}
	if rec.Result.FuelUsed < uint64(got[2].Progress) {
		t.Errorf("the run used %d units, less than the %v reported", rec.Result.FuelUsed, got[2].Progress)
	}
}

// TestCallsWaitTheirTurn: with one run at a time, a call made while a run
// goes waits for it. The first run is 2G units of fuel (~0.4 s); the
// second prints at once, yet is recorded after it.
func TestCallsWaitTheirTurn(t *testing.T) {
	cfg := testConfig()
	cfg.Concurrent = 1
	running := make(chan struct{})
	var once sync.Once
	ts := start(t, cfg, func(*sdk.ProgressNotificationParams) { once.Do(func() { close(running) }) })
	first := make(chan map[string]any, 1)
	go func() {
		params := &sdk.CallToolParams{Name: "run_python", Arguments: map[string]any{"code": "while True: pass", "fuel": "2G"}}
		params.SetProgressToken(1)
		res, err := ts.client.CallTool(context.Background(), params)
		if err != nil {
			t.Error(err)
			first <- nil
			return
		}
		first <- structured(t, res)
	}()
	<-running
	second := structured(t, ts.call(t, "run_python", map[string]any{"code": "print('second')"}))
	out := <-first
	if out["outcome"] != "fuel_exhausted" || out["id"] != 1.0 || second["id"] != 2.0 {
		t.Errorf("first %v (id %v), second id %v: the second must wait for the first", out["outcome"], out["id"], second["id"])
	}
}
