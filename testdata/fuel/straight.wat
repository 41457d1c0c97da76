;; Straight-line code: one stretch. run(x) = (x+5)*3.
(module
  (func (export "run") (param i32) (result i32)
    local.get 0   ;; 1
    i32.const 5   ;; 1
    i32.add       ;; 1
    nop           ;; 0
    i32.const 3   ;; 1
    i32.mul       ;; 1
    i32.const 7   ;; 1
    drop))        ;; 0 + end 0 => 6
