;; run(n) = 1+2+...+n. Fuel: 12 per full iteration, 3 for the exiting
;; iteration, 1 after the block: 12n+4.
(module
  (func (export "run") (param $n i32) (result i32) (local $acc i32)
    block $done
      loop $l
        local.get $n    ;; 1
        i32.eqz         ;; 1
        br_if $done     ;; 1
        local.get $acc  ;; 1
        local.get $n    ;; 1
        i32.add         ;; 1
        local.set $acc  ;; 1
        local.get $n    ;; 1
        i32.const 1     ;; 1
        i32.sub         ;; 1
        local.set $n    ;; 1
        br $l           ;; 1
      end
    end
    local.get $acc))    ;; 1
