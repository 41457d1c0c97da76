#!/usr/bin/env bash
# Regenerates the tables of docs/PERFORMANCE.md on this machine: whole-process
# runs of the same snippets under pyplay (metered and plain), the same
# python.wasm under Node's WASI, and native python3, timed with hyperfine
# (medians), then the engine's own benchmarks. Needs hyperfine and node.
#
#   scripts/perf.sh > /tmp/perf.md
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

echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(go version | cut -d' ' -f3), node $(node --version), $(python3 --version)"
echo
echo "| snippet | pyplay metered | pyplay --fuel 0 | node WASI | native python3 | pyplay/native | node/pyplay plain |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
for s in hello cpu stats_summary; do
  hyperfine -N -w 1 -r 5 --export-json "$work/$s.json" \
    "$work/pyplay run --no-history --fuel 100G --timeout 0 $work/$s.py" \
    "$work/pyplay run --no-history --fuel 0 --timeout 0 $work/$s.py" \
    "node --no-warnings scripts/perf/node-wasi.mjs $wasm $work/$s.py" \
    "python3 $work/$s.py" >/dev/null
  python3 - "$work/$s.json" "$s" <<'PY'
import json, sys
r = [x["median"] for x in json.load(open(sys.argv[1]))["results"]]
f = lambda t: f"{t*1000:.0f} ms" if t < 10 else f"{t:.1f} s"
print(f"| {sys.argv[2]} | {f(r[0])} | {f(r[1])} | {f(r[2])} | {f(r[3])} | {r[0]/r[3]:.1f}x | {r[2]/r[1]:.2f}x |")
PY
done
echo
echo "Fuel (deterministic):"
for s in hello cpu stats_summary; do
  "$work/pyplay" run --json --no-history --deterministic --fuel 100G --timeout 0 "$work/$s.py" |
    python3 -c "import json,sys; d=json.load(sys.stdin); print(f'- $s: snippet {d[\"fuel_used\"]:,}, start-up {d[\"fuel_startup\"]:,}, shutdown {d[\"fuel_shutdown\"]:,}')"
done
echo
echo "Engine benchmarks (in process, compiled module ready):"
echo '```'
go test -run x -bench 'RunHello|FirstOutput|CompileFromCache' -benchtime 20x ./sandbox/ | grep Benchmark
go test -run x -bench 'InstrumentPython' -benchtime 3x ./sandbox/fuel/ | grep Benchmark
go test -run x -bench 'Output' -benchtime 3x ./ui/ | grep Benchmark
echo '```'
