;; run(x) = 100/x + x + 1 (fuel 7). run(0) traps at i32.div_u after 4
;; operators, but the whole stretch (7) has been charged.
(module
  (func (export "run") (param $x i32) (result i32)
    i32.const 100     ;; 1
    local.get $x      ;; 1
    i32.div_u         ;; 1
    local.get $x      ;; 1
    i32.add           ;; 1
    i32.const 1       ;; 1
    i32.add)          ;; 1
  (func (export "boom")
    unreachable))     ;; 0
