;; Deep recursion with a costly continuation after each call.
;; f(n) = 5n. Fuel: C(0) = 3, C(n) = 16 + C(n-1), so C(n) = 16n + 3.
;; Descending costs 6 per level (2 entry + 4 before the call) and 3 at the
;; bottom; each return then runs a 10-unit tail with no call or loop in it.
(module
  (func $f (export "f") (param $n i32) (result i32)
    local.get $n        ;; 1
    if (result i32)     ;; 1
      local.get $n      ;; 1
      i32.const 1       ;; 1
      i32.sub           ;; 1
      call $f           ;; 1
      i32.const 1 i32.add  ;; 2
      i32.const 1 i32.add  ;; 2
      i32.const 1 i32.add  ;; 2
      i32.const 1 i32.add  ;; 2
      i32.const 1 i32.add  ;; 2
    else
      i32.const 0       ;; 1
    end))
