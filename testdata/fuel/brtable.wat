;; br_table to three targets, inline and in a loop (a fall-through and a
;; br_table edge meet at the same block end).
(module
  ;; run(0)=100 (fuel 3), run(1)=201 (fuel 5), run(other)=599 (fuel 7)
  (func (export "run") (param $x i32) (result i32)
    block $b2
      block $b1
        block $b0
          local.get $x           ;; 1
          br_table $b0 $b1 $b2   ;; 1
        end
        i32.const 100            ;; 1
        return                   ;; 0
      end
      i32.const 200              ;; 1
      i32.const 1                ;; 1
      i32.add                    ;; 1
      return                     ;; 0
    end
    i32.const 300                ;; 1
    i32.const 2                  ;; 1
    i32.mul                      ;; 1
    i32.const 1                  ;; 1
    i32.sub)                     ;; 1
  ;; dispatch(n), n>=1: for v = n..1: v%3==0 adds 1 (arm $a, fuel 5),
  ;; v%3==1 adds 10 (arm $b, fuel 4), v%3==2 nothing (fuel 0); every
  ;; iteration also costs 4 (dispatch) + 5 (tail); 1 at the end.
  (func (export "dispatch") (param $n i32) (result i32) (local $acc i32)
    loop $l
      block $c
        block $b
          block $a
            local.get $n         ;; 1
            i32.const 3          ;; 1
            i32.rem_u            ;; 1
            br_table $a $b $c    ;; 1
          end
          local.get $acc         ;; 1
          i32.const 1            ;; 1
          i32.add                ;; 1
          local.set $acc         ;; 1
          br $c                  ;; 1
        end
        local.get $acc           ;; 1
        i32.const 10             ;; 1
        i32.add                  ;; 1
        local.set $acc           ;; 1
      end
      local.get $n               ;; 1
      i32.const 1                ;; 1
      i32.sub                    ;; 1
      local.tee $n               ;; 1
      br_if $l                   ;; 1
    end
    local.get $acc))             ;; 1
