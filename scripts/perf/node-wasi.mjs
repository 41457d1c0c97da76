// Runs a Python file with the same python.wasm under Node's WASI, for
// scripts/perf.sh: node node-wasi.mjs PYTHON_WASM SNIPPET.py
import { readFile } from "node:fs/promises";
import { dirname, basename } from "node:path";
import { WASI } from "node:wasi";

const [wasmPath, snippet] = process.argv.slice(2);
const wasi = new WASI({
  version: "preview1",
  args: ["python", "-u", "/snippet/" + basename(snippet)],
  env: {},
  preopens: { "/snippet": dirname(snippet) },
});
const module = await WebAssembly.compile(await readFile(wasmPath));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
process.exitCode = wasi.start(instance);
