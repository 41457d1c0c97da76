;; Element segments in several encodings, a ref.func global initialiser and
;; a start function, all of which hold function indices that shift.
;; run() = $a() + $b() + $c() + $d() + $started = 1 + 2 + 3 + 4 + 1 = 11,
;; via call_indirect after table.init from passive segments. Fuel: 21 in
;; run, 4 in the callees, plus 2 for $start during instantiation = 27.
(module
  (type $t (func (result i32)))
  (table $tab 5 funcref)
  (table $tab2 2 funcref)
  (global $g funcref (ref.func $d))
  (global $started (mut i32) (i32.const 0))
  (func $a (result i32) i32.const 1)                   ;; 1
  (func $b (result i32) i32.const 2)                   ;; 1
  (func $c (result i32) i32.const 3)                   ;; 1
  (func $d (result i32) i32.const 4)                   ;; 1
  (func $start
    i32.const 1                                        ;; 1
    global.set $started)                               ;; 1
  (start $start)
  (elem (i32.const 0) $a)                              ;; flags 0: active, func indices
  (elem $p1 func $b)                                   ;; flags 1: passive, func indices
  (elem $p2 funcref (ref.func $c) (ref.null func))     ;; flags 5: passive, expressions
  (elem (table $tab) (i32.const 3) funcref (ref.func $d) (ref.null func)) ;; flags 4: active, expressions
  (elem (table $tab2) (i32.const 0) func $a)          ;; flags 2: active, table index, func indices
  (elem (table $tab2) (i32.const 0) funcref (ref.func $b) (ref.null func)) ;; flags 6: active, table index, expressions
  (elem declare func $c)                               ;; flags 3: declarative
  (elem declare funcref (ref.func $d) (ref.null func)) ;; flags 7: declarative, expressions
  (func (export "run") (result i32)
    i32.const 1 i32.const 0 i32.const 1 table.init $tab $p1   ;; 4
    i32.const 2 i32.const 0 i32.const 1 table.init $tab $p2   ;; 4
    i32.const 0 call_indirect (type $t)                       ;; 2 (+1)
    i32.const 1 call_indirect (type $t)                       ;; 2 (+1)
    i32.add                                                   ;; 1
    i32.const 2 call_indirect (type $t)                       ;; 2 (+1)
    i32.add                                                   ;; 1
    i32.const 3 call_indirect (type $t)                       ;; 2 (+1)
    i32.add                                                   ;; 1
    global.get $started                                       ;; 1
    i32.add))                                                 ;; 1 => 21 + 4 = 25
