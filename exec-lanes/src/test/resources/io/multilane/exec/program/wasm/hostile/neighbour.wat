;; Tries to reach what is not its own: writes its own slot 0 (never another contract's), and moves
;; tokens only out of its own custody: take(token, lo) transfers to the caller.
(module
  (import "env" "storage_write" (func $swrite (param i64 i32)))
  (import "env" "token_transfer" (func $transfer (param i64 i64 i32) (result i32)))
  (import "env" "caller" (func $caller (result i64)))
  (memory 1)
  (func (export "scribble") (result i64)
    (i64.store (i32.const 0) (i64.const -1))
    (call $swrite (i64.const 0) (i32.const 0))
    (i64.const 0))
  (func (export "take") (param $token i64) (param $lo i64) (result i64)
    (i64.store (i32.const 0) (local.get $lo))
    (i64.extend_i32_u (call $transfer (local.get $token) (call $caller) (i32.const 0)))))
