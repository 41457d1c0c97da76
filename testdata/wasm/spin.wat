;; A WASI command whose _start loops forever and never opens the snippet:
;; stands in for a python.wasm whose start-up hangs.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start") (loop $forever (br $forever))))
