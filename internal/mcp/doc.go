// Package mcp serves pyplay's sandbox to LLM agents over the Model Context
// Protocol: the tools run_python, get_run, list_runs and diff_runs, on the
// official Go SDK, over stdio or streamable HTTP.
//
// It is a thin layer over session: runs go through a session.Service,
// which records each with the source "mcp" and the client's name, so that
// a person can watch, rerun and diff an agent's attempts in the
// playground's history. What is particular to MCP is here: decoding and
// checking arguments against the server's maxima, a queue that bounds the
// runs at once, progress notifications with the fuel used, and results
// worded for a model, with long output cut in the middle.
//
// # Errors
//
//   - A program's own failure (an exception, fuel, memory, a timeout) is a
//     normal result that says what happened.
//   - Bad arguments are tool errors (isError), so that the model reads the
//     message and corrects its call; the server goes on serving.
//   - An engine that cannot start (python.wasm missing or broken) is a
//     protocol error: no call can succeed until the user fixes it.
package mcp
