(module
  ;; run(0)=40 (fuel 5), run(1)=22 (fuel 7)
  (func (export "run") (param $x i32) (result i32)
    local.get $x        ;; 1
    if (result i32)     ;; 1
      i32.const 10      ;; 1
      i32.const 1       ;; 1
      i32.add           ;; 1
    else
      i32.const 20      ;; 1
    end
    i32.const 2         ;; 1
    i32.mul)            ;; 1
  ;; noelse(0)=1 (fuel 5), noelse(1)=5 (fuel 7)
  (func (export "noelse") (param $x i32) (result i32) (local $r i32)
    i32.const 1         ;; 1
    local.set $r        ;; 1
    local.get $x        ;; 1
    if                  ;; 1
      i32.const 5       ;; 1
      local.set $r      ;; 1
    end
    local.get $r))      ;; 1
