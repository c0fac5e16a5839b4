package io.multilane.exec.program.amm;

/**
 * Instructions of the AMM program ({@code ProgramIds.AMM}), their argument layouts (offsets inside
 * the argument block, little-endian, u128 as lo then hi) and event types. Constants only; any thread.
 */
public final class AmmInstructions {
    /** Create pool {@code pool} for two distinct existing tokens, with a new LP token {@code lpToken}. */
    public static final int CREATE_POOL = 1;
    public static final int CREATE_POOL_ID = 0;
    public static final int CREATE_TOKEN_A = 8;
    public static final int CREATE_TOKEN_B = 16;
    public static final int CREATE_LP_TOKEN = 24;
    public static final int CREATE_LENGTH = 32;

    /** Deposit up to (amount0Desired, amount1Desired) at the pool's ratio for at least minShares LP shares. */
    public static final int ADD_LIQUIDITY = 2;
    public static final int ADD_POOL = 0;
    public static final int ADD_AMOUNT0 = 8;
    public static final int ADD_AMOUNT1 = 24;
    public static final int ADD_MIN_SHARES = 40;
    public static final int ADD_LENGTH = 56;

    /** Burn shares for their pro-rata reserves, at least (min0, min1). */
    public static final int REMOVE_LIQUIDITY = 3;
    public static final int REMOVE_POOL = 0;
    public static final int REMOVE_SHARES = 8;
    public static final int REMOVE_MIN0 = 24;
    public static final int REMOVE_MIN1 = 40;
    public static final int REMOVE_LENGTH = 56;

    /** Swap exact {@code amountIn} of {@code tokenIn} along 1..4 pools, output to the sender, at least {@code minOut}. */
    public static final int SWAP_EXACT_IN = 4;
    public static final int SWAP_TOKEN_IN = 0;
    public static final int SWAP_AMOUNT_IN = 8;
    public static final int SWAP_MIN_OUT = 24;
    /** u8 hop count, then 7 zero bytes. */
    public static final int SWAP_HOPS = 40;
    /** First pool id; pool {@code i} at {@code SWAP_PATH + 8 * i}. */
    public static final int SWAP_PATH = 48;
    public static final int MAX_HOPS = 4;

    /** Event: pool created; a = pool, b = token0, c = token1. */
    public static final int EVENT_POOL_CREATED = 1;
    /** Event: liquidity added; a = pool, b = provider, c = shares minted (low 64 bits), amount0/1 = deposits. */
    public static final int EVENT_LIQUIDITY_ADDED = 2;
    /** Event: liquidity removed; a = pool, b = provider, amount0/1 = withdrawals. */
    public static final int EVENT_LIQUIDITY_REMOVED = 3;
    /** Event: one swap hop; a = pool, b = token in, c = token out, amount0 = in, amount1 = out. */
    public static final int EVENT_SWAP = 4;

    /** Shares locked forever on the first deposit (minted to account 0), as in Uniswap V2. */
    public static final long MINIMUM_LIQUIDITY = 1000;
    /** The account that holds locked shares; nobody can sign for it. */
    public static final long BURN_ACCOUNT = 0;
    /** Pool flag: set on every created pool. */
    public static final long FLAG_CREATED = 1;

    private AmmInstructions() {
    }

    /**
     * Argument length of a swap over {@code hops} pools.
     *
     * @param hops 1..MAX_HOPS
     * @return bytes
     */
    public static int swapLength(final int hops) {
        return SWAP_PATH + 8 * hops;
    }
}
