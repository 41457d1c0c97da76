;; Nested blocks left by br and br_if from several depths; $plain is never
;; targeted, so its end does not split the stretch.
;; run(1)=1 (fuel 7), run(2)=2 (fuel 13), run(0)=3 (fuel 14)
(module
  (func (export "run") (param $x i32) (result i32) (local $r i32)
    block $outer
      block $inner
        block $plain
          i32.const 1     ;; 1
          local.set $r    ;; 1
        end
        local.get $x      ;; 1
        i32.const 1       ;; 1
        i32.eq            ;; 1
        br_if $outer      ;; 1
        local.get $x      ;; 1
        i32.const 2       ;; 1
        i32.eq            ;; 1
        br_if $inner      ;; 1
        i32.const 3       ;; 1
        local.set $r      ;; 1
        br $outer         ;; 1
      end
      i32.const 2         ;; 1
      local.set $r        ;; 1
    end
    local.get $r))        ;; 1
