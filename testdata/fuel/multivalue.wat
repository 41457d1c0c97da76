;; Multi-value block with a type-index block type, branched out of with two
;; values. run(0) = 4 (fuel 10), run(5) = 3-5 = -2 (fuel 8).
(module
  (type $pair (func (param i32) (result i32 i32)))
  (func $swap (param i32 i32) (result i32 i32)
    local.get 1      ;; 1
    local.get 0)     ;; 1
  (func (export "run") (param $x i32) (result i32)
    local.get $x          ;; 1
    block (type $pair)
      i32.const 3         ;; 1
      local.get $x        ;; 1
      br_if 0             ;; 1
      i32.const 1         ;; 1
      i32.add             ;; 1
    end
    call $swap            ;; 1 (+2)
    i32.sub))             ;; 1
