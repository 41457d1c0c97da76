;; Direct and indirect calls. run(x) = 2(x+1) + (x+10) + 10.
;; Fuel: run's own 9 + $mid 7 + $viaTable 3 + $sumTo(4) 45 = 64.
(module
  (type $t (func (param i32) (result i32)))
  (table 1 funcref)
  (elem (i32.const 0) $viaTable)
  (func $leaf (param i32) (result i32)
    local.get 0          ;; 1
    i32.const 1          ;; 1
    i32.add)             ;; 1 => 3
  ;; The entry stretch ends at a call, so $mid pays its own entry.
  (func $mid (param i32) (result i32)
    local.get 0          ;; 1
    call $leaf           ;; 1 (+3)
    i32.const 2          ;; 1
    i32.mul)             ;; 1 => 7
  (func $viaTable (param i32) (result i32)
    local.get 0          ;; 1
    i32.const 10         ;; 1
    i32.add)             ;; 1 => 3
  ;; sumTo(n), n>=1: 11n+1; the entry stretch is empty.
  (func $sumTo (param $n i32) (result i32) (local $acc i32)
    loop $l
      local.get $acc     ;; 1
      local.get $n       ;; 1
      i32.add            ;; 1
      local.set $acc     ;; 1
      local.get $n       ;; 1
      i32.const 1        ;; 1
      i32.sub            ;; 1
      local.tee $n       ;; 1
      i32.const 0        ;; 1
      i32.gt_s           ;; 1
      br_if $l           ;; 1
    end
    local.get $acc)      ;; 1
  (func (export "run") (param $x i32) (result i32)
    local.get $x             ;; 1
    call $mid                ;; 1
    local.get $x             ;; 1
    i32.const 0              ;; 1
    call_indirect (type $t)  ;; 1
    i32.add                  ;; 1
    i32.const 4              ;; 1
    call $sumTo              ;; 1
    i32.add))                ;; 1
