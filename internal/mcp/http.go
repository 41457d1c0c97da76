package mcp

import (
	"context"
	"crypto/subtle"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"

	"github.com/modelcontextprotocol/go-sdk/auth"
	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
)

// HTTPHandler serves the server over streamable HTTP, one MCP session per
// client. With a token every request must carry it as a bearer token.
//
// # Notes
//
//   - Browsers are kept out twice: the SDK refuses a request that came to
//     a loopback address under another host name (DNS rebinding), and
//     cross-origin requests are refused (CSRF from a web page).
//   - A request body may hold twice MaxInput and 1 MiB besides: the code
//     and the stdin at their caps, as JSON. A larger one is refused (413)
//     before it is read.
func (s *Server) HTTPHandler(token string) http.Handler {
	var h http.Handler = sdk.NewStreamableHTTPHandler(func(*http.Request) *sdk.Server { return s.mcp },
		&sdk.StreamableHTTPOptions{MaxRequestBodyBytes: 2*s.cfg.MaxInput + 1<<20})
	if token != "" {
		h = auth.RequireBearerToken(func(_ context.Context, got string, _ *http.Request) (*auth.TokenInfo, error) {
			if subtle.ConstantTimeCompare([]byte(got), []byte(token)) != 1 {
				return nil, fmt.Errorf("%w: wrong bearer token", auth.ErrInvalidToken)
			}
			return &auth.TokenInfo{}, nil
		}, &auth.RequireBearerTokenOptions{AllowMissingExpiration: true})(h)
	}
	return http.NewCrossOriginProtection().Handler(h)
}

// HTTPAddr is where `pyplay mcp --http ADDR` listens: a port alone (8765,
// :8765) is on the loopback address, so that only this machine reaches
// it unless ADDR names another. An address beyond the loopback needs a
// token; loopback is whether it does not.
func HTTPAddr(addr, token string) (listen string, loopback bool, err error) {
	if _, err := strconv.ParseUint(addr, 10, 16); err == nil {
		addr = ":" + addr
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", false, fmt.Errorf("%q is not an address: use HOST:PORT, or a PORT on the loopback address", addr)
	}
	if host == "" {
		host = "127.0.0.1"
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	loopback = host == "localhost" || (ip != nil && ip.IsLoopback())
	if !loopback && token == "" {
		return "", false, fmt.Errorf("%s is reachable from other machines: give a bearer token with --token or $%s, or listen on 127.0.0.1", net.JoinHostPort(host, port), EnvToken)
	}
	return net.JoinHostPort(host, port), loopback, nil
}

// EnvToken names the environment variable that holds the bearer token:
// a flag's value is visible to every user in the process list.
const EnvToken = "PYPLAY_MCP_TOKEN"
