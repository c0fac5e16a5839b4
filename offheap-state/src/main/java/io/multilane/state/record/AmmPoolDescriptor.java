package io.multilane.state.record;

import io.multilane.state.key.KeyType;

/**
 * Byte layout of the AmmPool record (AMM_POOL): a constant-product AMM pool. Little-endian; u128 fields are (lo u64, hi u64).
 *
 * <p>Constants only; any thread may use them. The authoritative layout, documented in docs/state-layout.md.
 */
public final class AmmPoolDescriptor {
    /** Record length in bytes. */
    public static final int LENGTH = 80;
    /** The key type these records are stored under. */
    public static final KeyType KEY_TYPE = KeyType.AMM_POOL;
    /** token0, u64. */
    public static final int TOKEN0_OFFSET = 0;
    /** token1, u64. */
    public static final int TOKEN1_OFFSET = 8;
    /** reserve0, u128. */
    public static final int RESERVE0_OFFSET = 16;
    /** reserve1, u128. */
    public static final int RESERVE1_OFFSET = 32;
    /** lpSupply, u128. */
    public static final int LP_SUPPLY_OFFSET = 48;
    /** lpToken, u64. */
    public static final int LP_TOKEN_OFFSET = 64;
    /** flags, u64. */
    public static final int FLAGS_OFFSET = 72;

    static {
        if (KEY_TYPE.recordLength() != LENGTH) {
            throw new ExceptionInInitializerError("AmmPool length mismatch");
        }
    }

    private AmmPoolDescriptor() {
    }
}
