package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
)

// TestMCPCommandOverStdio runs `pyplay mcp` in-process on pipes, as a
// client would start it, calls run_python, and finds the run in the
// history as the client's.
func TestMCPCommandOverStdio(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	pyplay(t, "print(0)", "run", "--no-history", "-") // python.wasm provisioned
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	var stderr strings.Builder
	status := make(chan int, 1)
	go func() {
		stdio := &IO{In: inR, Out: outW, Err: &stderr, Getenv: os.Getenv}
		status <- Main(context.Background(), stdio, []string{"mcp", "--concurrent", "2"}, Assets{})
		outW.Close()
	}()
	cs, err := sdk.NewClient(&sdk.Implementation{Name: "stdio-test", Version: "1"}, nil).
		Connect(context.Background(), &sdk.IOTransport{Reader: outR, Writer: inW}, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := cs.CallTool(context.Background(), &sdk.CallToolParams{Name: "run_python", Arguments: map[string]any{"code": "print('from an agent')"}})
	if err != nil || res.IsError {
		t.Fatalf("run_python: %v %v", err, res)
	}
	if text := res.Content[0].(*sdk.TextContent).Text; !strings.HasPrefix(text, "── stdout ──\nfrom an agent\nok · fuel ") || !strings.HasSuffix(text, " · run 1\n") {
		t.Errorf("run_python text:\n%s", text)
	}
	cs.Close() // closes the server's stdin
	if got := <-status; got != 0 || stderr.String() != "" {
		t.Errorf("pyplay mcp exited %d, stderr %q; want 0 and nothing", got, stderr.String())
	}

	list := pyplay(t, "", "history", "--json", "--source", "mcp")
	var entries []map[string]any
	if err := json.Unmarshal([]byte(list.stdout), &entries); err != nil || len(entries) != 1 ||
		entries[0]["client"] != "stdio-test" || entries[0]["stdout"] != "from an agent\n" {
		t.Errorf("history --source mcp: %v\n%s", err, list.stdout)
	}
	if table := pyplay(t, "", "history"); !strings.Contains(table.stdout, " mcp stdio-test ") {
		t.Errorf("history table:\n%s", table.stdout)
	}
}

func TestMCPUsageErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"mcp", "--http", "0.0.0.0:0"}, "pyplay mcp: --http: 0.0.0.0:0 is reachable from other machines: give a bearer token with --token or $PYPLAY_MCP_TOKEN, or listen on 127.0.0.1: see 'pyplay mcp -h'\n"},
		{[]string{"mcp", "--http", "nowhere"}, `pyplay mcp: --http: "nowhere" is not an address: use HOST:PORT, or a PORT on the loopback address: see 'pyplay mcp -h'` + "\n"},
		{[]string{"mcp", "--concurrent", "0"}, "pyplay mcp: invalid value 0 for flag -concurrent: want 1 or more: see 'pyplay mcp -h'\n"},
		{[]string{"mcp", "--max-fuel", "lots"}, `pyplay mcp: invalid value "lots" for flag -max-fuel: use a whole number such as 400000000, 400_000_000 or 400M, or 0 for no limit: see 'pyplay mcp -h'` + "\n"},
		{[]string{"mcp", "stdio"}, `pyplay mcp: unexpected argument "stdio": see 'pyplay mcp -h'` + "\n"},
	}
	for _, tt := range tests {
		if got := pyplay(t, "", tt.args...); got.status != ExitUsage || got.err != tt.want {
			t.Errorf("%v: exit %d stderr %q; want 2 and %q", tt.args, got.status, got.err, tt.want)
		}
	}
}

// TestMCPHelpKeepsTheTokenSecret: the token from the environment is not
// the flag's default, which -h would print.
func TestMCPHelpKeepsTheTokenSecret(t *testing.T) {
	t.Setenv("PYPLAY_MCP_TOKEN", "hunter2")
	got := pyplay(t, "", "mcp", "-h")
	if got.status != 0 || strings.Contains(got.stdout, "hunter2") || !strings.Contains(got.stdout, "-max-fuel") {
		t.Errorf("mcp -h: exit %d\n%s", got.status, got.stdout)
	}
}

// TestMCPCommandOverHTTP: --http with a port alone listens on the loopback
// address and says where; a client with the token calls tools; an
// interrupt stops the server (exit 130).
func TestMCPCommandOverHTTP(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	t.Setenv("PYPLAY_MCP_TOKEN", "s3cret")
	pyplay(t, "print(0)", "run", "--no-history", "-") // python.wasm provisioned
	errR, errW := io.Pipe()
	ctx, interrupt := context.WithCancel(context.Background())
	defer interrupt()
	status := make(chan int, 1)
	go func() {
		stdio := &IO{In: strings.NewReader(""), Out: io.Discard, Err: errW, Getenv: os.Getenv}
		status <- Main(ctx, stdio, []string{"mcp", "--http", "0"}, Assets{})
		errW.Close()
	}()
	line, err := bufio.NewReader(errR).ReadString('\n')
	addr, ok := strings.CutPrefix(line, "pyplay mcp: serving streamable HTTP at ")
	if err != nil || !ok || !strings.HasPrefix(addr, "http://127.0.0.1:") || !strings.HasSuffix(addr, "/ (bearer token required)\n") {
		t.Fatalf("stderr %q, %v", line, err)
	}
	go io.Copy(io.Discard, errR)
	url := strings.TrimSuffix(addr, " (bearer token required)\n")
	transport := &sdk.StreamableClientTransport{Endpoint: url, HTTPClient: &http.Client{Transport: bearerToken("s3cret")}, MaxRetries: -1}
	cs, err := sdk.NewClient(&sdk.Implementation{Name: "http-test", Version: "1"}, nil).Connect(context.Background(), transport, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := cs.CallTool(context.Background(), &sdk.CallToolParams{Name: "run_python", Arguments: map[string]any{"code": "print('over http')"}})
	if err != nil || res.IsError || !strings.HasPrefix(res.Content[0].(*sdk.TextContent).Text, "── stdout ──\nover http\n") {
		t.Fatalf("run_python: %v %+v", err, res)
	}
	cs.Close()
	interrupt()
	if got := <-status; got != ExitCanceled {
		t.Errorf("pyplay mcp --http exited %d after an interrupt, want %d", got, ExitCanceled)
	}
	if list := pyplay(t, "", "history", "--source", "mcp"); !strings.Contains(list.stdout, " mcp http-test ") {
		t.Errorf("history --source mcp:\n%s", list.stdout)
	}
}

// bearerToken adds the token to every request.
type bearerToken string

func (b bearerToken) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", "Bearer "+string(b))
	return http.DefaultTransport.RoundTrip(r)
}
