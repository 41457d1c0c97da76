;; Recursion. C(n), the fuel of $fib(n): C(0)=C(1)=5, C(n)=13+C(n-1)+C(n-2).
;; $fib is only called directly, so its callers prepay its entry stretch
;; (the 4 units up to and including the if). $fibx is the same code but
;; exported, so it pays its own. run(n) costs 2+C(n); fib(n) costs C(n).
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
  (func $fibx (export "fib") (param $n i32) (result i32)
    local.get $n
    i32.const 2
    i32.lt_u
    if (result i32)
      local.get $n
    else
      local.get $n
      i32.const 1
      i32.sub
      call $fibx
      local.get $n
      i32.const 2
      i32.sub
      call $fibx
      i32.add
    end)
  (func (export "run") (param $n i32) (result i32)
    local.get $n       ;; 1
    call $fib))        ;; 1
