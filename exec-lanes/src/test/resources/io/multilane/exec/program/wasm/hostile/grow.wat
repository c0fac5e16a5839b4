;; Grows memory forever (memory.grow returns -1 past the limit): must end out_of_gas.
(module
  (memory 1)
  (func (export "run") (result i64)
    (loop $l
      (drop (memory.grow (i32.const 1)))
      (br $l))
    (i64.const 0))
  ;; size(): 0 if the call starts with the initial single page (a grown memory never carries over), else 110
  (func (export "size") (result i64)
    (if (result i64) (i32.eq (memory.size) (i32.const 1))
      (then (i64.const 0)) (else (i64.const 110)))))
