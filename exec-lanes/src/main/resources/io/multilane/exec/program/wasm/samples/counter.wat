;; Counter: storage slot 0 holds a u64 count (bytes 0..7).
;; increment(by) adds `by`; fails with overflow (102) if the count would wrap.
(module
  (import "env" "storage_read" (func $sread (param i64 i32)))
  (import "env" "storage_write" (func $swrite (param i64 i32)))
  (memory 1)
  (func (export "increment") (param $by i64) (result i64)
    (local $old i64)
    (call $sread (i64.const 0) (i32.const 0))
    (local.set $old (i64.load (i32.const 0)))
    (if (i64.lt_u (i64.add (local.get $old) (local.get $by)) (local.get $old))
      (then (return (i64.const 102))))
    (i64.store (i32.const 0) (i64.add (local.get $old) (local.get $by)))
    (call $swrite (i64.const 0) (i32.const 0))
    (i64.const 0)))
