package io.multilane.state.record;

import io.multilane.state.U128;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Flyweight over a LendingMarket record (LENDING_MARKET): an isolated lending market (WAD = 10^18 fixed point). Layout in
 * {@link LendingMarketDescriptor}.
 *
 * <p>Reusable and allocation-free; not thread-safe: one thread uses an instance at a time.
 */
public final class LendingMarketFlyweight extends RecordFlyweight {
    @Override
    public LendingMarketFlyweight wrap(final MutableDirectBuffer buf, final int offset) {
        super.wrap(buf, offset);
        return this;
    }

    @Override
    public LendingMarketFlyweight wrapForRead(final DirectBuffer buf, final int offset) {
        super.wrapForRead(buf, offset);
        return this;
    }

    @Override
    public int length() {
        return LendingMarketDescriptor.LENGTH;
    }

    public long loanToken() {
        return getU64(LendingMarketDescriptor.LOAN_TOKEN_OFFSET);
    }

    public LendingMarketFlyweight setLoanToken(final long value) {
        putU64(LendingMarketDescriptor.LOAN_TOKEN_OFFSET, value);
        return this;
    }

    public long collateralToken() {
        return getU64(LendingMarketDescriptor.COLLATERAL_TOKEN_OFFSET);
    }

    public LendingMarketFlyweight setCollateralToken(final long value) {
        putU64(LendingMarketDescriptor.COLLATERAL_TOKEN_OFFSET, value);
        return this;
    }

    public long oracleAuthority() {
        return getU64(LendingMarketDescriptor.ORACLE_AUTHORITY_OFFSET);
    }

    public LendingMarketFlyweight setOracleAuthority(final long value) {
        putU64(LendingMarketDescriptor.ORACLE_AUTHORITY_OFFSET, value);
        return this;
    }

    public long lastAccrualHeight() {
        return getU64(LendingMarketDescriptor.LAST_ACCRUAL_HEIGHT_OFFSET);
    }

    public LendingMarketFlyweight setLastAccrualHeight(final long value) {
        putU64(LendingMarketDescriptor.LAST_ACCRUAL_HEIGHT_OFFSET, value);
        return this;
    }

    /** Reads totalSupplyAssets into {@code dst} and returns it. */
    public U128 totalSupplyAssets(final U128 dst) {
        return getU128(LendingMarketDescriptor.TOTAL_SUPPLY_ASSETS_OFFSET, dst);
    }

    public LendingMarketFlyweight setTotalSupplyAssets(final U128 value) {
        putU128(LendingMarketDescriptor.TOTAL_SUPPLY_ASSETS_OFFSET, value);
        return this;
    }

    /** Reads totalSupplyShares into {@code dst} and returns it. */
    public U128 totalSupplyShares(final U128 dst) {
        return getU128(LendingMarketDescriptor.TOTAL_SUPPLY_SHARES_OFFSET, dst);
    }

    public LendingMarketFlyweight setTotalSupplyShares(final U128 value) {
        putU128(LendingMarketDescriptor.TOTAL_SUPPLY_SHARES_OFFSET, value);
        return this;
    }

    /** Reads totalBorrowAssets into {@code dst} and returns it. */
    public U128 totalBorrowAssets(final U128 dst) {
        return getU128(LendingMarketDescriptor.TOTAL_BORROW_ASSETS_OFFSET, dst);
    }

    public LendingMarketFlyweight setTotalBorrowAssets(final U128 value) {
        putU128(LendingMarketDescriptor.TOTAL_BORROW_ASSETS_OFFSET, value);
        return this;
    }

    /** Reads totalBorrowShares into {@code dst} and returns it. */
    public U128 totalBorrowShares(final U128 dst) {
        return getU128(LendingMarketDescriptor.TOTAL_BORROW_SHARES_OFFSET, dst);
    }

    public LendingMarketFlyweight setTotalBorrowShares(final U128 value) {
        putU128(LendingMarketDescriptor.TOTAL_BORROW_SHARES_OFFSET, value);
        return this;
    }

    /** Reads price into {@code dst} and returns it. */
    public U128 price(final U128 dst) {
        return getU128(LendingMarketDescriptor.PRICE_OFFSET, dst);
    }

    public LendingMarketFlyweight setPrice(final U128 value) {
        putU128(LendingMarketDescriptor.PRICE_OFFSET, value);
        return this;
    }

    public long lltv() {
        return getU64(LendingMarketDescriptor.LLTV_OFFSET);
    }

    public LendingMarketFlyweight setLltv(final long value) {
        putU64(LendingMarketDescriptor.LLTV_OFFSET, value);
        return this;
    }

    public long liquidationBonus() {
        return getU64(LendingMarketDescriptor.LIQUIDATION_BONUS_OFFSET);
    }

    public LendingMarketFlyweight setLiquidationBonus(final long value) {
        putU64(LendingMarketDescriptor.LIQUIDATION_BONUS_OFFSET, value);
        return this;
    }

    public long baseRatePerBlock() {
        return getU64(LendingMarketDescriptor.BASE_RATE_PER_BLOCK_OFFSET);
    }

    public LendingMarketFlyweight setBaseRatePerBlock(final long value) {
        putU64(LendingMarketDescriptor.BASE_RATE_PER_BLOCK_OFFSET, value);
        return this;
    }

    public long slopePerBlock() {
        return getU64(LendingMarketDescriptor.SLOPE_PER_BLOCK_OFFSET);
    }

    public LendingMarketFlyweight setSlopePerBlock(final long value) {
        putU64(LendingMarketDescriptor.SLOPE_PER_BLOCK_OFFSET, value);
        return this;
    }
}
