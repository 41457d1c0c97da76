package mcp_test

import (
	"context"
	"encoding/json"
	"net"
	"path/filepath"
	"testing"
	"time"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/pyplay/pyplay/internal/mcp"
	"github.com/pyplay/pyplay/sandbox"
	"github.com/pyplay/pyplay/sandbox/sandboxtest"
	"github.com/pyplay/pyplay/session"
	"github.com/pyplay/pyplay/session/history"
)

// testServer is a server on a real engine and a history of its own, with
// an SDK client connected over the in-memory transport.
type testServer struct {
	svc    *session.Service
	store  *history.Store
	client *sdk.ClientSession
}

// testConfig is the server's configuration unless a test says otherwise:
// the CLI's defaults, the flags' maxima, and progress every 10 ms.
func testConfig() mcp.Config {
	return mcp.Config{
		Defaults:      sandbox.DefaultLimits(),
		Max:           sandbox.Limits{Fuel: 100_000_000_000, Memory: 512 << 20, Timeout: time.Minute},
		ProgressEvery: 10 * time.Millisecond,
	}
}

// start serves cfg to a client named "pyplay-test"; progress, when set,
// receives the client's progress notifications.
func start(t *testing.T, cfg mcp.Config, progress func(*sdk.ProgressNotificationParams)) *testServer {
	t.Helper()
	store, err := history.Open(filepath.Join(t.TempDir(), "history.db"), 0)
	if err != nil {
		t.Fatal(err)
	}
	svc := session.NewService(sandboxtest.NewEngine(t, sandbox.NewConfig().WithPrestart(1)), store,
		session.RecordAs(session.Origin{Source: history.SourceMCP}))
	srv := mcp.New(svc, cfg)
	serverT, clientT := sdk.NewInMemoryTransports()
	ctx := context.Background()
	ss, err := srv.MCP().Connect(ctx, serverT, nil)
	if err != nil {
		t.Fatal(err)
	}
	opts := &sdk.ClientOptions{}
	if progress != nil {
		opts.ProgressNotificationHandler = func(_ context.Context, req *sdk.ProgressNotificationClientRequest) { progress(req.Params) }
	}
	cs, err := sdk.NewClient(&sdk.Implementation{Name: "pyplay-test", Version: "1"}, opts).Connect(ctx, clientT, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cs.Close()
		ss.Wait()
		_ = svc.Close(context.Background())
	})
	return &testServer{svc: svc, store: store, client: cs}
}

// startIO serves cfg over a pipe with ServeIO, as pyplay mcp serves
// stdio, with no history, to a client named "pyplay-test".
func startIO(t *testing.T, cfg mcp.Config) *sdk.ClientSession {
	t.Helper()
	svc := session.NewService(sandboxtest.NewEngine(t, sandbox.NewConfig()), nil)
	srv := mcp.New(svc, cfg)
	serverEnd, clientEnd := net.Pipe()
	served := make(chan error, 1)
	go func() { served <- srv.ServeIO(context.Background(), serverEnd, serverEnd) }()
	cs, err := sdk.NewClient(&sdk.Implementation{Name: "pyplay-test", Version: "1"}, nil).Connect(context.Background(), &sdk.IOTransport{Reader: clientEnd, Writer: clientEnd, MaxLineLength: -1}, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cs.Close()
		serverEnd.Close()
		<-served
		_ = svc.Close(context.Background())
	})
	return cs
}

// call calls tool with args, which may be a json.RawMessage to send bytes
// as they are.
func (ts *testServer) call(t *testing.T, tool string, args any) *sdk.CallToolResult {
	t.Helper()
	res, err := ts.client.CallTool(context.Background(), &sdk.CallToolParams{Name: tool, Arguments: args})
	if err != nil {
		t.Fatalf("%s: %v", tool, err)
	}
	return res
}

// callOn calls tool on cs.
func callOn(t *testing.T, cs *sdk.ClientSession, tool string, args any) *sdk.CallToolResult {
	t.Helper()
	res, err := cs.CallTool(context.Background(), &sdk.CallToolParams{Name: tool, Arguments: args})
	if err != nil {
		t.Fatalf("%s: %v", tool, err)
	}
	return res
}

// text is a result's text content.
func text(t *testing.T, res *sdk.CallToolResult) string {
	t.Helper()
	if len(res.Content) != 1 {
		t.Fatalf("want one content item, got %d", len(res.Content))
	}
	tc, ok := res.Content[0].(*sdk.TextContent)
	if !ok {
		t.Fatalf("content is %T, want text", res.Content[0])
	}
	return tc.Text
}

// structured is a result's structured content as a JSON object.
func structured(t *testing.T, res *sdk.CallToolResult) map[string]any {
	t.Helper()
	b, err := json.Marshal(res.StructuredContent)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("structured content %s: %v", b, err)
	}
	return m
}
