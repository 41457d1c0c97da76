package mcp_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/pyplay/pyplay/internal/mcp"
	"github.com/pyplay/pyplay/sandbox"
	"github.com/pyplay/pyplay/sandbox/sandboxtest"
	"github.com/pyplay/pyplay/session"
)

func TestHTTPAddr(t *testing.T) {
	tests := []struct {
		addr, token string
		listen      string
		loopback    bool
		err         string
	}{
		{addr: "8765", listen: "127.0.0.1:8765", loopback: true},
		{addr: ":8765", listen: "127.0.0.1:8765", loopback: true},
		{addr: "localhost:0", listen: "localhost:0", loopback: true},
		{addr: "[::1]:8765", listen: "[::1]:8765", loopback: true},
		{addr: "127.0.0.2:8765", listen: "127.0.0.2:8765", loopback: true},
		{addr: "0.0.0.0:8765", token: "s3cret", listen: "0.0.0.0:8765"},
		{addr: "0.0.0.0:8765", err: "0.0.0.0:8765 is reachable from other machines: give a bearer token with --token or $PYPLAY_MCP_TOKEN, or listen on 127.0.0.1"},
		{addr: "[::]:8765", err: "[::]:8765 is reachable from other machines: give a bearer token with --token or $PYPLAY_MCP_TOKEN, or listen on 127.0.0.1"},
		{addr: "example.org:80", err: "example.org:80 is reachable from other machines: give a bearer token with --token or $PYPLAY_MCP_TOKEN, or listen on 127.0.0.1"},
		{addr: "nowhere", err: `"nowhere" is not an address: use HOST:PORT, or a PORT on the loopback address`},
	}
	for _, tt := range tests {
		listen, loopback, err := mcp.HTTPAddr(tt.addr, tt.token)
		if listen != tt.listen || loopback != tt.loopback || (err == nil) != (tt.err == "") || (err != nil && err.Error() != tt.err) {
			t.Errorf("HTTPAddr(%q, %q) = %q, %v, %v; want %q, %v, %s", tt.addr, tt.token, listen, loopback, err, tt.listen, tt.loopback, tt.err)
		}
	}
}

// bearer adds a token to every request.
type bearer struct{ token string }

func (b bearer) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", "Bearer "+b.token)
	return http.DefaultTransport.RoundTrip(r)
}

// TestHTTPNeedsTheToken: over streamable HTTP with a token, a client with
// it calls tools, one without it or with another is refused (401), and a
// browser's cross-origin request is refused too.
func TestHTTPNeedsTheToken(t *testing.T) {
	svc := session.NewService(sandboxtest.NewEngine(t, sandbox.NewConfig()), nil)
	t.Cleanup(func() { _ = svc.Close(context.Background()) })
	web := httptest.NewServer(mcp.New(svc, testConfig()).HTTPHandler("s3cret"))
	t.Cleanup(web.Close)
	connect := func(token string) (*sdk.ClientSession, error) {
		transport := &sdk.StreamableClientTransport{Endpoint: web.URL, HTTPClient: &http.Client{Transport: bearer{token}}, MaxRetries: -1}
		return sdk.NewClient(&sdk.Implementation{Name: "web-test", Version: "1"}, nil).Connect(context.Background(), transport, nil)
	}
	cs, err := connect("s3cret")
	if err != nil {
		t.Fatal(err)
	}
	defer cs.Close()
	if out := structured(t, callOn(t, cs, "run_python", map[string]any{"code": "print('over http')"})); out["stdout"] != "over http\n" {
		t.Errorf("run over HTTP: %v", out)
	}
	for _, token := range []string{"", "wrong"} {
		if cs, err := connect(token); err == nil || !strings.Contains(err.Error(), "Unauthorized") {
			t.Errorf("token %q: %v, want Unauthorized", token, err)
			if cs != nil {
				cs.Close()
			}
		}
	}
	req, _ := http.NewRequest("POST", web.URL, strings.NewReader(`{"jsonrpc":"2.0","id":1,"method":"ping"}`))
	req.Header.Set("Authorization", "Bearer s3cret")
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("a cross-site request: %s, want 403", resp.Status)
	}
}
