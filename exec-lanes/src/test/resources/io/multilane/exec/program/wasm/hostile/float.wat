;; Uses a float (NaN bit patterns are not deterministic): rejected at deploy, forbidden_instruction.
(module
  (func (export "run") (result i64)
    (i64.reinterpret_f64 (f64.div (f64.const 0) (f64.const 0)))))
