;; Divides by zero: must end trap. dirty() leaves memory and a global changed, which the next call must not see.
(module
  (memory 1)
  (global $g (mut i64) (i64.const 7))
  (func (export "run") (param $d i64) (result i64)
    (i64.div_u (i64.const 1) (local.get $d)))
  (func (export "dirty") (result i64)
    (i64.store (i32.const 8) (i64.const 99))
    (global.set $g (i64.const 99))
    (i64.const 0))
  ;; clean(): 0 if memory word 8 is 0 and the global is 7, else 110
  (func (export "clean") (result i64)
    (if (result i64) (i32.and (i64.eqz (i64.load (i32.const 8))) (i64.eq (global.get $g) (i64.const 7)))
      (then (i64.const 0)) (else (i64.const 110)))))
