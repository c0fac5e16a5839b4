;; Constant-product pool with the native AMM's exact integer formula (Uniswap V2):
;;   out = floor(in*997*rOut / (rIn*1000 + in*997)), 256-bit intermediate (host u128_mul_div).
;; The pool's tokens sit in the contract's custody; they arrive as call deposits.
;; Slot 0: u64 token0 (0..7), u64 token1 (8..15), u64 owner (16..23), u64 initialised (24..31).
;; Slot 1: u128 reserve0 (0..15), u128 reserve1 (16..31).
;; Memory: 0 slot 0, 32 slot 1 (reserve0 32, reserve1 48), 64 amount in, 80 in*997, 96 the constant 997,
;; 112 the constant 1000, 128 denominator, 144 amount out, 160 minimum out, 176 second deposit.
;; A swap needs both reserves > 0 (as the native AMM, Uniswap V2's getAmountOut).
;; Failure codes are the common reasons: 102 overflow, 104 already_exists, 105 not_found,
;; 106 unauthorized, 108 slippage, 109 insufficient_liquidity, 110 invalid_argument, 111 invalid_path.
(module
  (import "env" "storage_read" (func $sread (param i64 i32)))
  (import "env" "storage_write" (func $swrite (param i64 i32)))
  (import "env" "caller" (func $caller (result i64)))
  (import "env" "deposit" (func $deposit (param i32 i32) (result i64)))
  (import "env" "token_transfer" (func $transfer (param i64 i64 i32) (result i32)))
  (import "env" "emit" (func $emit (param i32 i64 i64 i32 i32)))
  (import "env" "u128_add" (func $add (param i32 i32 i32) (result i32)))
  (import "env" "u128_sub" (func $sub (param i32 i32 i32) (result i32)))
  (import "env" "u128_mul" (func $mul (param i32 i32 i32) (result i32)))
  (import "env" "u128_mul_div" (func $muldiv (param i32 i32 i32 i32) (result i32)))
  (import "env" "u128_cmp" (func $cmp (param i32 i32) (result i32)))
  (memory 1)
  (data (i32.const 96) "\e5\03")
  (data (i32.const 112) "\e8\03")

  (func $isZero (param $p i32) (result i32)
    (i64.eqz (i64.or (i64.load (local.get $p)) (i64.load offset=8 (local.get $p)))))

  ;; init(tokenA, tokenB): once; token0 < token1 (unsigned); the caller becomes the owner.
  (func (export "init") (param $a i64) (param $b i64) (result i64)
    (call $sread (i64.const 0) (i32.const 0))
    (if (i64.ne (i64.load offset=24 (i32.const 0)) (i64.const 0))
      (then (return (i64.const 104))))
    (if (i64.eq (local.get $a) (local.get $b))
      (then (return (i64.const 110))))
    (if (i64.lt_u (local.get $a) (local.get $b))
      (then
        (i64.store (i32.const 0) (local.get $a))
        (i64.store offset=8 (i32.const 0) (local.get $b)))
      (else
        (i64.store (i32.const 0) (local.get $b))
        (i64.store offset=8 (i32.const 0) (local.get $a))))
    (i64.store offset=16 (i32.const 0) (call $caller))
    (i64.store offset=24 (i32.const 0) (i64.const 1))
    (call $swrite (i64.const 0) (i32.const 0))
    (i64.const 0))

  ;; add_liquidity(): owner only; deposit 0 (if any) must be token0, deposit 1 (if any) token1;
  ;; the reserves grow by the deposits (no LP shares: the owner provides the liquidity).
  (func (export "add_liquidity") (result i64)
    (local $t i64)
    (call $sread (i64.const 0) (i32.const 0))
    (if (i64.eqz (i64.load offset=24 (i32.const 0)))
      (then (return (i64.const 105))))
    (if (i64.ne (i64.load offset=16 (i32.const 0)) (call $caller))
      (then (return (i64.const 106))))
    (call $sread (i64.const 1) (i32.const 32))
    (local.set $t (call $deposit (i32.const 0) (i32.const 64)))
    (if (i32.and (i64.ne (local.get $t) (i64.const 0)) (i64.ne (local.get $t) (i64.load (i32.const 0))))
      (then (return (i64.const 111))))
    (local.set $t (call $deposit (i32.const 1) (i32.const 176)))
    (if (i32.and (i64.ne (local.get $t) (i64.const 0)) (i64.ne (local.get $t) (i64.load offset=8 (i32.const 0))))
      (then (return (i64.const 111))))
    (if (call $add (i32.const 32) (i32.const 64) (i32.const 32))
      (then (return (i64.const 102))))
    (if (call $add (i32.const 48) (i32.const 176) (i32.const 48))
      (then (return (i64.const 102))))
    (call $swrite (i64.const 1) (i32.const 32))
    (i64.const 0))

  ;; swap(minOutLo, minOutHi): exact in; deposit 0 is the input, the output goes to the caller.
  ;; Emits event 4 (a = token in, b = token out, amount0 = in, amount1 = out).
  (func (export "swap") (param $minLo i64) (param $minHi i64) (result i64)
    (local $tin i64) (local $tout i64) (local $rin i32) (local $rout i32)
    (call $sread (i64.const 0) (i32.const 0))
    (if (i64.eqz (i64.load offset=24 (i32.const 0)))
      (then (return (i64.const 105))))
    (local.set $tin (call $deposit (i32.const 0) (i32.const 64)))
    (if (i64.ne (call $deposit (i32.const 1) (i32.const 176)) (i64.const 0))
      (then (return (i64.const 110))))
    (if (i64.eq (local.get $tin) (i64.load (i32.const 0)))
      (then
        (local.set $rin (i32.const 32))
        (local.set $rout (i32.const 48))
        (local.set $tout (i64.load offset=8 (i32.const 0))))
      (else
        (if (i64.ne (local.get $tin) (i64.load offset=8 (i32.const 0)))
          (then (return (i64.const 111))))
        (local.set $rin (i32.const 48))
        (local.set $rout (i32.const 32))
        (local.set $tout (i64.load (i32.const 0)))))
    (call $sread (i64.const 1) (i32.const 32))
    (if (i32.or (call $isZero (local.get $rin)) (call $isZero (local.get $rout)))
      (then (return (i64.const 109))))
    (if (call $mul (i32.const 64) (i32.const 96) (i32.const 80))
      (then (return (i64.const 102))))
    (if (call $mul (local.get $rin) (i32.const 112) (i32.const 128))
      (then (return (i64.const 102))))
    (if (call $add (i32.const 128) (i32.const 80) (i32.const 128))
      (then (return (i64.const 102))))
    (if (call $muldiv (i32.const 80) (local.get $rout) (i32.const 128) (i32.const 144))
      (then (return (i64.const 102))))
    (if (call $add (local.get $rin) (i32.const 64) (local.get $rin))
      (then (return (i64.const 102))))
    (if (call $sub (local.get $rout) (i32.const 144) (local.get $rout))
      (then (return (i64.const 109))))
    (call $swrite (i64.const 1) (i32.const 32))
    (if (call $transfer (local.get $tout) (call $caller) (i32.const 144))
      (then (return (i64.const 109))))
    (call $emit (i32.const 4) (local.get $tin) (local.get $tout) (i32.const 64) (i32.const 144))
    (i64.store (i32.const 160) (local.get $minLo))
    (i64.store offset=8 (i32.const 160) (local.get $minHi))
    (if (i32.lt_s (call $cmp (i32.const 144) (i32.const 160)) (i32.const 0))
      (then (return (i64.const 108))))
    (i64.const 0)))
