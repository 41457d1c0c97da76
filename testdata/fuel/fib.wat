;; Recursion. C(n), the fuel of $fib(n): C(0)=C(1)=5, C(n)=13+C(n-1)+C(n-2).
;; $fib is not exported, so direct callers prepay its entry stretch;
;; "fib" is exported and pays its own. run(n) costs 2+C(n).
(module
  (func $fib (param $n i32) (result i32)
    local.get $n       ;; 1
    i32.const 2        ;; 1
    i32.lt_u           ;; 1
    if (result i32)    ;; 1
      local.get $n     ;; 1
    else
      local.get $n     ;; 1
      i32.const 1      ;; 1
      i32.sub          ;; 1
      call $fib        ;; 1
      local.get $n     ;; 1
      i32.const 2      ;; 1
      i32.sub          ;; 1
      call $fib        ;; 1
      i32.add          ;; 1
    end)
  (func (export "run") (param $n i32) (result i32)
    local.get $n       ;; 1
    call $fib)         ;; 1
  (export "fib" (func $fib)))
