#!/bin/sh
# Rebuilds the .wasm test modules from their .wat sources (needs wabt).
set -e
cd "$(dirname "$0")"
for f in *.wat; do wat2wasm "$f" -o "${f%.wat}.wasm"; done
# One module keeps its name section, to test that names follow the shift.
wat2wasm --debug-names fib.wat -o fib.names.wasm
