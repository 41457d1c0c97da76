;; A reactor module: exports memory but no _start, so it is not a command.
(module
  (memory (export "memory") 1)
  (func (export "run")))
