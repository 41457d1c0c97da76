#!/usr/bin/env bash
# Regenerates the tables of docs/PERFORMANCE.md on this machine: whole-process
# runs of the same snippets under pyplay, the same python.wasm under Node's
# WASI, and native python3, timed with hyperfine (medians), then the engine's
# own benchmarks. Needs hyperfine and node. PYTHON picks the native python
# (a version manager's shim adds its own start-up: give the real binary).
#
#   PYTHON=/usr/bin/python3 scripts/perf.sh > /tmp/perf.md
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "hyperfine not found: apt-get install hyperfine" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/pyplay" .
export XDG_STATE_HOME="$work/state" # keep these runs out of your history
wasm=$("$work/pyplay" run --json --no-history - <<< 'pass' >/dev/null && echo "${XDG_CACHE_HOME:-$HOME/.cache}/pyplay/python-3.12.0.wasm")

cat > "$work/hello.py" <<'PY'
print("hi")
PY
cat > "$work/cpu.py" <<'PY'
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
print(fib(25))
total = 0
for i in range(1_000_000):
    total += i
print(total)
PY
cp testdata/corpus/statistics_summary.py "$work/stats_summary.py" # not statistics.py: it would import itself
cat > "$work/llm.py" <<'PY'
from dataclasses import dataclass
import json, re
from collections import Counter

@dataclass
class Item:
    name: str
    qty: int

items = [Item(f"w{i}", i % 7) for i in range(200)]
text = json.dumps([i.__dict__ for i in items])
c = Counter(re.findall(r"[a-z]+", text))
print(c.most_common(3))
PY
python=${PYTHON:-python3}

echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(go version | cut -d' ' -f3), node $(node --version), $($python --version)"
echo
echo "| snippet | pyplay run | node WASI | native python | pyplay/native | node/pyplay |"
echo "| --- | --- | --- | --- | --- | --- |"
for s in hello llm stats_summary cpu; do
  hyperfine -N -w 1 -r 7 --export-json "$work/$s.json" \
    "$work/pyplay run --no-history --fuel 0 --timeout 0 $work/$s.py" \
    "node --no-warnings scripts/perf/node-wasi.mjs $wasm $work/$s.py" \
    "$python $work/$s.py" >/dev/null
  python3 - "$work/$s.json" "$s" <<'PY'
import json, sys
r = [x["median"] for x in json.load(open(sys.argv[1]))["results"]]
f = lambda t: f"{t*1000:.0f} ms" if t < 10 else f"{t:.1f} s"
print(f"| {sys.argv[2]} | {f(r[0])} | {f(r[1])} | {f(r[2])} | {r[0]/r[2]:.1f}x | {r[1]/r[0]:.2f}x |")
PY
done
echo
echo "Fuel (deterministic):"
for s in hello llm cpu stats_summary; do
  "$work/pyplay" run --json --no-history --deterministic --fuel 100G --timeout 0 "$work/$s.py" |
    python3 -c "import json,sys; d=json.load(sys.stdin); print(f'- $s: snippet {d[\"fuel_used\"]:,}, start-up {d[\"fuel_startup\"]:,}, shutdown {d[\"fuel_shutdown\"]:,}')"
done
echo
echo "Engine benchmarks (in process, compiled module ready):"
echo '```'
go test -run x -bench 'RunHello|FirstOutput|CompileFromCache' -benchtime 30x ./sandbox/ | grep Benchmark
go test -run x -bench 'PythonOverhead' -benchtime 15x ./sandbox/fuel/ | grep Benchmark
go test -run x -bench 'InstrumentPython' -benchtime 3x ./sandbox/fuel/ | grep Benchmark
go test -run x -bench 'Output' -benchtime 3x ./ui/ | grep Benchmark
echo '```'
