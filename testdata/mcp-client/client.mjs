// The official TypeScript MCP SDK drives `pyplay mcp` over stdio and
// prints what it saw as one JSON object for mcp_e2e_test.go to check.
//
//	node client.mjs PYPLAY_BINARY
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

const transport = new StdioClientTransport({
  command: process.argv[2],
  args: ["mcp", "--concurrent", "1"],
  env: { ...process.env },
  stderr: "inherit",
});
const client = new Client({ name: "e2e-node", version: "1.0.0" });
await client.connect(transport);
const out = {};

const text = (res) => res.content.map((c) => c.text).join("");
const call = async (name, args) => {
  const res = await client.callTool({ name, arguments: args });
  return { isError: !!res.isError, text: text(res), structured: res.structuredContent ?? null };
};

out.tools = (await client.listTools()).tools.map((t) => t.name).sort();
out.hello = await call("run_python", { code: "print('hello from node')" });
out.exception = await call("run_python", { code: "1/0" });
out.stdin = await call("run_python", { code: "import sys\nprint(sys.stdin.read()[::-1])", stdin: "abc", deterministic: true });

out.bad = {};
out.bad.missingCode = await call("run_python", {});
out.bad.wrongType = await call("run_python", { code: 5 });
out.bad.aboveMax = await call("run_python", { code: "pass", fuel: "200G" });
out.bad.loneSurrogate = await call("run_python", { code: "print('\ud800')" });
out.bad.fiftyMB = await call("run_python", { code: "x".repeat(50_000_000) });
try {
  await client.callTool({ name: "run_ruby", arguments: {} });
  out.bad.unknownTool = "no error";
} catch (e) {
  out.bad.unknownTool = String(e.message);
}

// Progress, then cancellation: the run is recorded as canceled.
const progress = [];
const abort = new AbortController();
try {
  await client.callTool({ name: "run_python", arguments: { code: "while True: pass", fuel: "100G" } }, undefined, {
    signal: abort.signal,
    onprogress: (p) => {
      progress.push(p);
      abort.abort();
    },
  });
  out.canceled = "finished";
} catch (e) {
  out.canceled = `${e.name}: ${e.message}`;
}
out.progress = progress[0] ?? null;
// One run at a time (--concurrent 1): this run's turn comes once the
// canceled run has ended and been recorded.
await call("run_python", { code: "pass" });
out.afterCancel = await call("list_runs", { outcome: "canceled" });

out.concurrent = await Promise.all(
  Array.from({ length: 8 }, (_, i) => call("run_python", { code: `print(${i} * ${i})` })),
);
out.getRun = await call("get_run", { id: out.hello.structured.id });
out.listMCP = await call("list_runs", { source: "mcp", limit: 3 });
out.diff = await call("diff_runs", { old: out.hello.structured.id, new: out.stdin.structured.id });

await client.close();
console.log(JSON.stringify(out));
