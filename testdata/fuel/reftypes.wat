;; Reference types, bulk memory, saturating truncation, sign extension and
;; typed select. refs() = 42+1+1 = 44 (fuel 10 + 1 for $g = 11);
;; misc() = 7 + 3 - 128 + 2 = -116 (fuel 21).
(module
  (type $t (func (result i32)))
  (table $tab 1 funcref)
  (memory 1)
  (elem declare func $g)
  (func $g (result i32)
    i32.const 42)                                  ;; 1
  (func (export "refs") (result i32)
    i32.const 0                                    ;; 1
    ref.func $g                                    ;; 1
    table.set $tab                                 ;; 1
    i32.const 0                                    ;; 1
    call_indirect (type $t)                        ;; 1
    table.size $tab                                ;; 1
    i32.add                                        ;; 1
    ref.null func                                  ;; 1
    ref.is_null                                    ;; 1
    i32.add)                                       ;; 1 => 11 with $g
  (func (export "misc") (result i32)
    i32.const 0 i32.const 7 i32.const 16 memory.fill   ;; 4
    i32.const 32 i32.const 0 i32.const 16 memory.copy  ;; 4
    i32.const 40 i32.load8_u                           ;; 2 => 7
    f32.const 3.7 i32.trunc_sat_f32_s                  ;; 2 => 3
    i32.const 0x80 i32.extend8_s                       ;; 2 => -128
    i32.add                                            ;; 1
    i32.add                                            ;; 1
    i32.const 1 i32.const 2 i32.const 0 select (result i32) ;; 4 => 2
    i32.add))                                          ;; 1 => 21
