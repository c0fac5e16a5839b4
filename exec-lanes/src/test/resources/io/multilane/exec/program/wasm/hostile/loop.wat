;; An infinite loop: must end out_of_gas.
(module
  (func (export "run") (result i64)
    (loop $l (br $l))
    (i64.const 0)))
