;; Unbounded recursion: must end stack_limit (never a JVM StackOverflowError).
(module
  (func $r (export "run") (result i64)
    (call $r)))
