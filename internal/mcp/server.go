package mcp

import (
	"context"
	"io"
	"runtime"
	"time"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/pyplay/pyplay/sandbox"
	"github.com/pyplay/pyplay/session"
)

// Config is what a Server allows and how it reports.
type Config struct {
	// Defaults are the limits of a call that gives none, after Max has
	// capped them; MaxOutput and Scratch apply to every call.
	Defaults sandbox.Limits
	// Max caps what a call may ask for: Fuel, Memory and Timeout, each 0
	// for no cap (then a call may also ask for no limit).
	Max sandbox.Limits
	// MaxInput bounds the code and the stdin of a call, each, in bytes.
	MaxInput int64
	// Concurrent is how many runs go at once; more calls wait their turn.
	// 0 means one per core.
	Concurrent int
	// ProgressEvery is how often a run whose call asked for progress
	// reports its fuel; 0 means every second.
	ProgressEvery time.Duration
	// TextMax bounds each of stdout and stderr in a result's text, which a
	// model reads: its head and tail are kept, the middle cut and marked.
	// The structured content has the output whole (up to MaxOutput). 0
	// means DefaultTextMax.
	TextMax int
	// Version is the version the server gives in its initialize answer.
	Version string
}

// DefaultMaxInput is Config.MaxInput's default: an LLM's answer is a few
// KiB, and the whole of a call is held in memory more than once.
const DefaultMaxInput = 8 << 20

// DefaultTextMax is Config.TextMax's default: ~4,000 tokens a stream.
const DefaultTextMax = 16 << 10

// Server is pyplay's MCP server: its tools over a run service.
type Server struct {
	svc   *session.Service
	cfg   Config
	queue chan struct{} // a token per run going
	mcp   *sdk.Server
}

// New returns a server running calls on svc, which the caller closes
// after the server has stopped serving.
func New(svc *session.Service, cfg Config) *Server {
	if cfg.Concurrent <= 0 {
		cfg.Concurrent = runtime.NumCPU()
	}
	if cfg.ProgressEvery <= 0 {
		cfg.ProgressEvery = time.Second
	}
	if cfg.TextMax <= 0 {
		cfg.TextMax = DefaultTextMax
	}
	if cfg.MaxInput <= 0 {
		cfg.MaxInput = DefaultMaxInput
	}
	cfg.Defaults = capDefaults(cfg.Defaults, cfg.Max)
	s := &Server{svc: svc, cfg: cfg, queue: make(chan struct{}, cfg.Concurrent)}
	s.mcp = sdk.NewServer(&sdk.Implementation{Name: "pyplay", Title: "pyplay: Python in a WebAssembly sandbox", Version: cfg.Version},
		&sdk.ServerOptions{Instructions: instructions, Capabilities: &sdk.ServerCapabilities{Tools: &sdk.ToolCapabilities{}}})
	for _, t := range s.tools() {
		s.mcp.AddTool(t.tool, t.handler)
	}
	return s
}

// MCP is the SDK's server, to connect to any transport.
func (s *Server) MCP() *sdk.Server { return s.mcp }

// Config is the server's configuration, its defaults filled in.
func (s *Server) Config() Config { return s.cfg }

// Serve serves one client over t until the client leaves or ctx ends.
func (s *Server) Serve(ctx context.Context, t sdk.Transport) error {
	return s.mcp.Run(ctx, t)
}

// ServeIO serves one client over newline-delimited JSON on in and out, as
// `pyplay mcp` does over stdio, until the client closes in or ctx ends.
//
// One message may be far larger than MaxInput: the SDK ends the session at
// a message over its limit, as it cannot skip one, so the limit is set well
// above what the server takes, and a call with 50 MB of code gets its
// error rather than a closed connection.
func (s *Server) ServeIO(ctx context.Context, in io.Reader, out io.Writer) error {
	frame := max(256<<20, 4*s.cfg.MaxInput+1<<20)
	return s.mcp.Run(ctx, &sdk.IOTransport{Reader: io.NopCloser(in), Writer: nopCloser{out}, MaxLineLength: int(frame)})
}

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }
