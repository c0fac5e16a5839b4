package io.multilane.exec.program.amm;

import static io.multilane.exec.program.amm.AmmInstructions.MAX_HOPS;

import io.multilane.exec.program.Ledger;
import io.multilane.exec.program.Program;
import io.multilane.exec.program.ProgramAccounts;
import io.multilane.exec.program.ProgramIds;
import io.multilane.exec.program.TxContext;
import io.multilane.exec.receipt.ReasonCodes;
import io.multilane.state.U128;
import io.multilane.state.key.KeyType;
import io.multilane.state.record.AmmPoolDescriptor;
import io.multilane.state.record.TokenDescriptor;
import org.agrona.DirectBuffer;

/**
 * Constant-product AMM with Uniswap V2 integer semantics. A pool holds its tokens as ordinary
 * {@code TOKEN_BALANCE(token, pool)} records plus its reserves in the {@code AMM_POOL} record;
 * LP shares are a token whose authority is the pool. Swaps follow the mainnet replay semantics:
 * the input moves from the sender to the first pool, each pool pays its output from its own
 * balance to the next pool, the last one to the sender. Holds scratch holders: one instance per
 * executing thread.
 */
public final class AmmProgram implements Program {
    private final AmmMath math = new AmmMath();
    private final U128 amountIn = new U128();
    private final U128 amountOut = new U128();
    private final U128 minimum = new U128();
    private final U128 reserveIn = new U128();
    private final U128 reserveOut = new U128();
    private final U128 amount0 = new U128();
    private final U128 amount1 = new U128();
    private final U128 shares = new U128();
    private final U128 supply = new U128();
    private final U128 scratch = new U128();
    private final U128 scratch2 = new U128();
    private final U128 locked = new U128(0, AmmInstructions.MINIMUM_LIQUIDITY);

    @Override
    public int id() {
        return ProgramIds.AMM;
    }

    @Override
    public int checkArgs(final int instruction, final DirectBuffer args, final int argsOffset, final int argsLength) {
        switch (instruction) {
            case AmmInstructions.CREATE_POOL:
                return argsLength == AmmInstructions.CREATE_LENGTH ? ReasonCodes.NONE : ReasonCodes.BAD_ARGS;
            case AmmInstructions.ADD_LIQUIDITY:
                return argsLength == AmmInstructions.ADD_LENGTH ? ReasonCodes.NONE : ReasonCodes.BAD_ARGS;
            case AmmInstructions.REMOVE_LIQUIDITY:
                return argsLength == AmmInstructions.REMOVE_LENGTH ? ReasonCodes.NONE : ReasonCodes.BAD_ARGS;
            case AmmInstructions.SWAP_EXACT_IN:
                return checkSwapArgs(args, argsOffset, argsLength);
            default:
                return ReasonCodes.UNKNOWN_INSTRUCTION;
        }
    }

    private static int checkSwapArgs(final DirectBuffer args, final int argsOffset, final int argsLength) {
        if (argsLength < AmmInstructions.swapLength(1) || argsLength > AmmInstructions.swapLength(MAX_HOPS)) {
            return ReasonCodes.BAD_ARGS;
        }
        final long hopsWord = args.getLong(argsOffset + AmmInstructions.SWAP_HOPS, java.nio.ByteOrder.LITTLE_ENDIAN);
        final int hops = (int) (hopsWord & 0xFF);
        if ((hopsWord >>> 8) != 0 || hops < 1 || hops > MAX_HOPS || argsLength != AmmInstructions.swapLength(hops)) {
            return ReasonCodes.BAD_ARGS;
        }
        return ReasonCodes.NONE;
    }

    @Override
    public int execute(final TxContext ctx) {
        switch (ctx.instruction()) {
            case AmmInstructions.CREATE_POOL:
                return createPool(ctx);
            case AmmInstructions.ADD_LIQUIDITY:
                return addLiquidity(ctx);
            case AmmInstructions.REMOVE_LIQUIDITY:
                return removeLiquidity(ctx);
            case AmmInstructions.SWAP_EXACT_IN:
                return swap(ctx);
            default:
                return ReasonCodes.INVALID_ARGUMENT;
        }
    }

    private int createPool(final TxContext ctx) {
        final long pool = ctx.argU64(AmmInstructions.CREATE_POOL_ID);
        final long tokenA = ctx.argU64(AmmInstructions.CREATE_TOKEN_A);
        final long tokenB = ctx.argU64(AmmInstructions.CREATE_TOKEN_B);
        final long lpToken = ctx.argU64(AmmInstructions.CREATE_LP_TOKEN);
        if (tokenA == tokenB || pool == AmmInstructions.BURN_ACCOUNT) {
            return ReasonCodes.INVALID_ARGUMENT;
        }
        final int claimed = ProgramAccounts.claim(ctx, pool);
        if (claimed != ReasonCodes.NONE) {
            return claimed;
        }
        if (!ctx.exists(ctx.read(KeyType.TOKEN, tokenA, 0, 0)) || !ctx.exists(ctx.read(KeyType.TOKEN, tokenB, 0, 0))) {
            return ReasonCodes.NOT_FOUND;
        }
        final int lpSlot = ctx.read(KeyType.TOKEN, lpToken, 0, 0);
        if (ctx.exists(lpSlot)) {
            return ReasonCodes.ALREADY_EXISTS;
        }
        final int poolSlot = ctx.read(KeyType.AMM_POOL, pool, 0, 0);
        final long token0 = Math.min(tokenA, tokenB);
        final long token1 = Math.max(tokenA, tokenB);
        Ledger.putU64(ctx, poolSlot, AmmPoolDescriptor.TOKEN0_OFFSET, token0);
        Ledger.putU64(ctx, poolSlot, AmmPoolDescriptor.TOKEN1_OFFSET, token1);
        Ledger.putU64(ctx, poolSlot, AmmPoolDescriptor.LP_TOKEN_OFFSET, lpToken);
        Ledger.putU64(ctx, poolSlot, AmmPoolDescriptor.FLAGS_OFFSET, AmmInstructions.FLAG_CREATED);
        ctx.markWritten(poolSlot);
        Ledger.putU64(ctx, lpSlot, TokenDescriptor.AUTHORITY_OFFSET, pool);
        Ledger.putU64(ctx, lpSlot, TokenDescriptor.FLAGS_OFFSET, AmmInstructions.FLAG_CREATED);
        ctx.markWritten(lpSlot);
        ctx.emit(AmmInstructions.EVENT_POOL_CREATED, pool, token0, token1, null, null);
        return ReasonCodes.NONE;
    }

    private int addLiquidity(final TxContext ctx) {
        final long pool = ctx.argU64(AmmInstructions.ADD_POOL);
        ctx.argU128(AmmInstructions.ADD_AMOUNT0, amount0);
        ctx.argU128(AmmInstructions.ADD_AMOUNT1, amount1);
        ctx.argU128(AmmInstructions.ADD_MIN_SHARES, minimum);
        final int poolSlot = ctx.read(KeyType.AMM_POOL, pool, 0, 0);
        if (!ctx.exists(poolSlot)) {
            return ReasonCodes.NOT_FOUND;
        }
        Ledger.getU128(ctx, poolSlot, AmmPoolDescriptor.RESERVE0_OFFSET, reserveIn);
        Ledger.getU128(ctx, poolSlot, AmmPoolDescriptor.RESERVE1_OFFSET, reserveOut);
        Ledger.getU128(ctx, poolSlot, AmmPoolDescriptor.LP_SUPPLY_OFFSET, supply);
        final int sized = sharesFor();
        if (sized != ReasonCodes.NONE) {
            return sized;
        }
        if (shares.compareTo(minimum) < 0) {
            return ReasonCodes.SLIPPAGE;
        }
        final long token0 = Ledger.getU64(ctx, poolSlot, AmmPoolDescriptor.TOKEN0_OFFSET);
        final long token1 = Ledger.getU64(ctx, poolSlot, AmmPoolDescriptor.TOKEN1_OFFSET);
        final long lpToken = Ledger.getU64(ctx, poolSlot, AmmPoolDescriptor.LP_TOKEN_OFFSET);
        int r = Ledger.debit(ctx, KeyType.TOKEN_BALANCE, token0, ctx.sender(), amount0, scratch);
        if (r == ReasonCodes.NONE) {
            r = Ledger.debit(ctx, KeyType.TOKEN_BALANCE, token1, ctx.sender(), amount1, scratch);
        }
        if (r != ReasonCodes.NONE) {
            return r;
        }
        if (!reserveIn.add(amount0) || !reserveOut.add(amount1)) {
            return ReasonCodes.OVERFLOW;
        }
        // minted: shares, plus the locked minimum on the first deposit
        scratch2.set(supply);
        if (!supply.add(shares) || (scratch2.isZero() && !supply.add(locked))) {
            return ReasonCodes.OVERFLOW;
        }
        Ledger.putU128(ctx, poolSlot, AmmPoolDescriptor.RESERVE0_OFFSET, reserveIn);
        Ledger.putU128(ctx, poolSlot, AmmPoolDescriptor.RESERVE1_OFFSET, reserveOut);
        Ledger.putU128(ctx, poolSlot, AmmPoolDescriptor.LP_SUPPLY_OFFSET, supply);
        ctx.markWritten(poolSlot);
        setLpSupply(ctx, lpToken, scratch2, supply);
        ctx.credit(KeyType.TOKEN_BALANCE, token0, pool, amount0);
        ctx.credit(KeyType.TOKEN_BALANCE, token1, pool, amount1);
        ctx.credit(KeyType.TOKEN_BALANCE, lpToken, ctx.sender(), shares);
        ctx.emit(AmmInstructions.EVENT_LIQUIDITY_ADDED, pool, ctx.sender(), shares.lo(), amount0, amount1);
        return ReasonCodes.NONE;
    }

    /**
     * Sizes a deposit: fills amount0/amount1 (the amounts taken) and shares, from reserves in
     * reserveIn/reserveOut and the LP supply in supply, as Uniswap V2's router and pair do: only a pool
     * with both reserves zero takes the amounts as given; any other deposit is sized at the reserve ratio
     * (router {@code quote}, which needs both reserves > 0). A pool with zero LP supply mints
     * floor(sqrt(amount0 * amount1)) - MINIMUM_LIQUIDITY, otherwise min(a0·S/r0, a1·S/r1).
     */
    private int sharesFor() {
        if (reserveIn.isZero() && reserveOut.isZero()) {
            if (amount0.isZero() || amount1.isZero()) {
                return ReasonCodes.INVALID_ARGUMENT;
            }
        } else {
            final int sized = atReserveRatio();
            if (sized != ReasonCodes.NONE) {
                return sized;
            }
        }
        if (supply.isZero()) {
            math.sqrtOfProduct(amount0, amount1, shares);
            if (!shares.sub(locked) || shares.isZero()) {
                return ReasonCodes.INSUFFICIENT_LIQUIDITY;
            }
            return ReasonCodes.NONE;
        }
        if (reserveIn.isZero() || reserveOut.isZero()) {
            return ReasonCodes.INSUFFICIENT_LIQUIDITY;
        }
        if (!shares.mulDiv(amount0, supply, reserveIn) || !scratch.mulDiv(amount1, supply, reserveOut)) {
            return ReasonCodes.OVERFLOW;
        }
        if (scratch.compareTo(shares) < 0) {
            shares.set(scratch);
        }
        return shares.isZero() ? ReasonCodes.INSUFFICIENT_LIQUIDITY : ReasonCodes.NONE;
    }

    /** Router {@code quote}: shrinks amount0 or amount1 to the reserve ratio; both reserves must be > 0. */
    private int atReserveRatio() {
        if (reserveIn.isZero() || reserveOut.isZero()) {
            return ReasonCodes.INSUFFICIENT_LIQUIDITY;
        }
        if (!scratch.mulDiv(amount0, reserveOut, reserveIn)) {
            return ReasonCodes.OVERFLOW;
        }
        if (scratch.compareTo(amount1) <= 0) {
            amount1.set(scratch);
        } else if (scratch.mulDiv(amount1, reserveIn, reserveOut)) {
            amount0.set(scratch);
        } else {
            return ReasonCodes.OVERFLOW;
        }
        return amount0.isZero() || amount1.isZero() ? ReasonCodes.INSUFFICIENT_LIQUIDITY : ReasonCodes.NONE;
    }

    /** Keeps the LP token's total supply equal to the pool's LP supply; locks the minimum on the first deposit. */
    private void setLpSupply(final TxContext ctx, final long lpToken, final U128 before, final U128 after) {
        final int slot = ctx.read(KeyType.TOKEN, lpToken, 0, 0);
        Ledger.putU128(ctx, slot, TokenDescriptor.TOTAL_SUPPLY_OFFSET, after);
        ctx.markWritten(slot);
        if (before.isZero()) {
            ctx.credit(KeyType.TOKEN_BALANCE, lpToken, AmmInstructions.BURN_ACCOUNT, locked);
        }
    }

    private int removeLiquidity(final TxContext ctx) {
        final long pool = ctx.argU64(AmmInstructions.REMOVE_POOL);
        ctx.argU128(AmmInstructions.REMOVE_SHARES, shares);
        final int poolSlot = ctx.read(KeyType.AMM_POOL, pool, 0, 0);
        if (!ctx.exists(poolSlot)) {
            return ReasonCodes.NOT_FOUND;
        }
        if (shares.isZero()) {
            return ReasonCodes.INVALID_ARGUMENT;
        }
        Ledger.getU128(ctx, poolSlot, AmmPoolDescriptor.RESERVE0_OFFSET, reserveIn);
        Ledger.getU128(ctx, poolSlot, AmmPoolDescriptor.RESERVE1_OFFSET, reserveOut);
        Ledger.getU128(ctx, poolSlot, AmmPoolDescriptor.LP_SUPPLY_OFFSET, supply);
        final long token0 = Ledger.getU64(ctx, poolSlot, AmmPoolDescriptor.TOKEN0_OFFSET);
        final long token1 = Ledger.getU64(ctx, poolSlot, AmmPoolDescriptor.TOKEN1_OFFSET);
        final long lpToken = Ledger.getU64(ctx, poolSlot, AmmPoolDescriptor.LP_TOKEN_OFFSET);
        int r = Ledger.debit(ctx, KeyType.TOKEN_BALANCE, lpToken, ctx.sender(), shares, scratch);
        if (r != ReasonCodes.NONE) {
            return r;
        }
        if (!amount0.mulDiv(shares, reserveIn, supply) || !amount1.mulDiv(shares, reserveOut, supply)
                || !supply.sub(shares) || !reserveIn.sub(amount0) || !reserveOut.sub(amount1)) {
            return ReasonCodes.INSUFFICIENT_LIQUIDITY;
        }
        if (amount0.isZero() && amount1.isZero()) {
            return ReasonCodes.INSUFFICIENT_LIQUIDITY;
        }
        ctx.argU128(AmmInstructions.REMOVE_MIN0, minimum);
        if (amount0.compareTo(minimum) < 0) {
            return ReasonCodes.SLIPPAGE;
        }
        ctx.argU128(AmmInstructions.REMOVE_MIN1, minimum);
        if (amount1.compareTo(minimum) < 0) {
            return ReasonCodes.SLIPPAGE;
        }
        r = Ledger.debit(ctx, KeyType.TOKEN_BALANCE, token0, pool, amount0, scratch);
        if (r == ReasonCodes.NONE) {
            r = Ledger.debit(ctx, KeyType.TOKEN_BALANCE, token1, pool, amount1, scratch);
        }
        if (r != ReasonCodes.NONE) {
            return ReasonCodes.INSUFFICIENT_LIQUIDITY;
        }
        Ledger.putU128(ctx, poolSlot, AmmPoolDescriptor.RESERVE0_OFFSET, reserveIn);
        Ledger.putU128(ctx, poolSlot, AmmPoolDescriptor.RESERVE1_OFFSET, reserveOut);
        Ledger.putU128(ctx, poolSlot, AmmPoolDescriptor.LP_SUPPLY_OFFSET, supply);
        ctx.markWritten(poolSlot);
        final int lpSlot = ctx.read(KeyType.TOKEN, lpToken, 0, 0);
        Ledger.putU128(ctx, lpSlot, TokenDescriptor.TOTAL_SUPPLY_OFFSET, supply);
        ctx.markWritten(lpSlot);
        ctx.credit(KeyType.TOKEN_BALANCE, token0, ctx.sender(), amount0);
        ctx.credit(KeyType.TOKEN_BALANCE, token1, ctx.sender(), amount1);
        ctx.emit(AmmInstructions.EVENT_LIQUIDITY_REMOVED, pool, ctx.sender(), 0, amount0, amount1);
        return ReasonCodes.NONE;
    }

    private int swap(final TxContext ctx) {
        long token = ctx.argU64(AmmInstructions.SWAP_TOKEN_IN);
        ctx.argU128(AmmInstructions.SWAP_AMOUNT_IN, amountIn);
        final int hops = ctx.argU8(AmmInstructions.SWAP_HOPS);
        if (hops < 1 || hops > MAX_HOPS) {
            return ReasonCodes.INVALID_ARGUMENT;
        }
        final long tokenIn = token;
        amount0.set(amountIn);
        for (int hop = 0; hop < hops; hop++) {
            final long pool = ctx.argU64(AmmInstructions.SWAP_PATH + 8 * hop);
            final int poolSlot = ctx.read(KeyType.AMM_POOL, pool, 0, 0);
            if (!ctx.exists(poolSlot)) {
                return ReasonCodes.NOT_FOUND;
            }
            final long token0 = Ledger.getU64(ctx, poolSlot, AmmPoolDescriptor.TOKEN0_OFFSET);
            final long token1 = Ledger.getU64(ctx, poolSlot, AmmPoolDescriptor.TOKEN1_OFFSET);
            final int inOffset;
            final int outOffset;
            final long tokenOut;
            if (token == token0) {
                inOffset = AmmPoolDescriptor.RESERVE0_OFFSET;
                outOffset = AmmPoolDescriptor.RESERVE1_OFFSET;
                tokenOut = token1;
            } else if (token == token1) {
                inOffset = AmmPoolDescriptor.RESERVE1_OFFSET;
                outOffset = AmmPoolDescriptor.RESERVE0_OFFSET;
                tokenOut = token0;
            } else {
                return ReasonCodes.INVALID_PATH;
            }
            Ledger.getU128(ctx, poolSlot, inOffset, reserveIn);
            Ledger.getU128(ctx, poolSlot, outOffset, reserveOut);
            // Uniswap V2 getAmountOut: both reserves > 0. With reserveIn = 0 the formula pays out all of reserveOut.
            if (reserveIn.isZero() || reserveOut.isZero()) {
                return ReasonCodes.INSUFFICIENT_LIQUIDITY;
            }
            if (!math.amountOut(amountIn, reserveIn, reserveOut, amountOut)) {
                return ReasonCodes.OVERFLOW;
            }
            if (!reserveIn.add(amountIn)) {
                return ReasonCodes.OVERFLOW;
            }
            if (!reserveOut.sub(amountOut)) {
                return ReasonCodes.INSUFFICIENT_LIQUIDITY;
            }
            Ledger.putU128(ctx, poolSlot, inOffset, reserveIn);
            Ledger.putU128(ctx, poolSlot, outOffset, reserveOut);
            ctx.markWritten(poolSlot);
            ctx.credit(KeyType.TOKEN_BALANCE, token, pool, amountIn);
            if (Ledger.debit(ctx, KeyType.TOKEN_BALANCE, tokenOut, pool, amountOut, scratch) != ReasonCodes.NONE) {
                return ReasonCodes.INSUFFICIENT_LIQUIDITY;
            }
            ctx.emit(AmmInstructions.EVENT_SWAP, pool, token, tokenOut, amountIn, amountOut);
            token = tokenOut;
            amountIn.set(amountOut);
        }
        ctx.argU128(AmmInstructions.SWAP_MIN_OUT, minimum);
        if (amountIn.compareTo(minimum) < 0) {
            return ReasonCodes.SLIPPAGE;
        }
        // slippage is reported before a short balance, as the reference replay does
        final int r = Ledger.debit(ctx, KeyType.TOKEN_BALANCE, tokenIn, ctx.sender(), amount0, scratch);
        if (r != ReasonCodes.NONE) {
            return r;
        }
        ctx.credit(KeyType.TOKEN_BALANCE, token, ctx.sender(), amountIn);
        return ReasonCodes.NONE;
    }
}
