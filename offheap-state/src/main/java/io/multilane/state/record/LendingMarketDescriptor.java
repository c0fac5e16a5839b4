package io.multilane.state.record;

import io.multilane.state.key.KeyType;

/**
 * Byte layout of the LendingMarket record (LENDING_MARKET): an isolated lending market (WAD = 10^18 fixed point). Little-
 * endian; u128 fields are (lo u64, hi u64).
 *
 * <p>Constants only; any thread may use them. The authoritative layout, documented in docs/state-layout.md.
 */
public final class LendingMarketDescriptor {
    /** Record length in bytes. */
    public static final int LENGTH = 144;
    /** The key type these records are stored under. */
    public static final KeyType KEY_TYPE = KeyType.LENDING_MARKET;
    /** loanToken, u64. */
    public static final int LOAN_TOKEN_OFFSET = 0;
    /** collateralToken, u64. */
    public static final int COLLATERAL_TOKEN_OFFSET = 8;
    /** oracleAuthority, u64. */
    public static final int ORACLE_AUTHORITY_OFFSET = 16;
    /** lastAccrualHeight, u64. */
    public static final int LAST_ACCRUAL_HEIGHT_OFFSET = 24;
    /** totalSupplyAssets, u128. */
    public static final int TOTAL_SUPPLY_ASSETS_OFFSET = 32;
    /** totalSupplyShares, u128. */
    public static final int TOTAL_SUPPLY_SHARES_OFFSET = 48;
    /** totalBorrowAssets, u128. */
    public static final int TOTAL_BORROW_ASSETS_OFFSET = 64;
    /** totalBorrowShares, u128. */
    public static final int TOTAL_BORROW_SHARES_OFFSET = 80;
    /** price, u128. */
    public static final int PRICE_OFFSET = 96;
    /** lltv, u64. */
    public static final int LLTV_OFFSET = 112;
    /** liquidationBonus, u64. */
    public static final int LIQUIDATION_BONUS_OFFSET = 120;
    /** baseRatePerBlock, u64. */
    public static final int BASE_RATE_PER_BLOCK_OFFSET = 128;
    /** slopePerBlock, u64. */
    public static final int SLOPE_PER_BLOCK_OFFSET = 136;

    static {
        if (KEY_TYPE.recordLength() != LENGTH) {
            throw new ExceptionInInitializerError("LendingMarket length mismatch");
        }
    }

    private LendingMarketDescriptor() {
    }
}
