;; Imports WASI: rejected at deploy, unknown_import.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $w (param i32 i32 i32 i32) (result i32)))
  (func (export "run") (result i64) (i64.const 0)))
