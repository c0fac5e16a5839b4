;; Declares 16 initial pages: rejected at deploy, module_limits.
(module
  (memory 16)
  (func (export "run") (result i64) (i64.const 0)))
