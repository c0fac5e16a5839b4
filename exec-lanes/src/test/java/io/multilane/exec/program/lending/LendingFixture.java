package io.multilane.exec.program.lending;

import static io.multilane.exec.program.lending.LendingInstructions.AMOUNT_ASSETS;
import static io.multilane.exec.program.lending.LendingInstructions.AMOUNT_LENGTH;
import static io.multilane.exec.program.lending.LendingInstructions.AMOUNT_MARKET;
import static io.multilane.exec.program.lending.LendingInstructions.AMOUNT_SHARES;

import io.multilane.exec.program.ProgramIds;
import io.multilane.exec.program.lending.DefiHarness.Args;
import io.multilane.exec.program.lending.DefiHarness.Outcome;
import io.multilane.state.key.KeyType;
import io.multilane.state.record.LendingMarketDescriptor;
import io.multilane.state.record.LendingPositionDescriptor;
import java.math.BigInteger;

/**
 * Lending transactions and state reads over a {@link DefiHarness}, plus a BigInteger model of the
 * share conversions and the health rule for checking results independently. Test thread only.
 */
public final class LendingFixture {
    /** 10^18. */
    public static final BigInteger WAD = BigInteger.TEN.pow(18);
    private static final BigInteger VIRTUAL_SHARES = BigInteger.valueOf(WadMath.VIRTUAL_SHARES);

    private final DefiHarness chain;

    /**
     * @param chain the harness
     */
    public LendingFixture(final DefiHarness chain) {
        this.chain = chain;
    }

    /**
     * Creates a market.
     *
     * @return the receipt
     */
    public Outcome create(final long sender, final long market, final long loan, final long collateral, final long oracle,
            final long lltv, final long bonus, final long base, final long slope) {
        return chain.exec(sender, ProgramIds.LENDING, LendingInstructions.CREATE_MARKET,
                new Args(LendingInstructions.CREATE_LENGTH)
                        .u64(LendingInstructions.CREATE_MARKET_ID, market)
                        .u64(LendingInstructions.CREATE_LOAN_TOKEN, loan)
                        .u64(LendingInstructions.CREATE_COLLATERAL_TOKEN, collateral)
                        .u64(LendingInstructions.CREATE_ORACLE, oracle)
                        .u64(LendingInstructions.CREATE_LLTV, lltv)
                        .u64(LendingInstructions.CREATE_BONUS, bonus)
                        .u64(LendingInstructions.CREATE_BASE_RATE, base)
                        .u64(LendingInstructions.CREATE_SLOPE, slope));
    }

    /** @return the receipt of a price update */
    public Outcome price(final long sender, final long market, final BigInteger price) {
        return chain.exec(sender, ProgramIds.LENDING, LendingInstructions.SET_PRICE,
                new Args(LendingInstructions.PRICE_LENGTH).u64(LendingInstructions.PRICE_MARKET, market)
                        .u128(LendingInstructions.PRICE_VALUE, price));
    }

    /** @return the receipt of supply / withdraw / borrow / repay with (assets, shares) */
    public Outcome amounts(final int instruction, final long sender, final long market, final BigInteger assets,
            final BigInteger shares) {
        return chain.exec(sender, ProgramIds.LENDING, instruction, new Args(AMOUNT_LENGTH).u64(AMOUNT_MARKET, market)
                .u128(AMOUNT_ASSETS, assets).u128(AMOUNT_SHARES, shares));
    }

    /** @return the receipt of supply_collateral / withdraw_collateral */
    public Outcome collateral(final int instruction, final long sender, final long market, final BigInteger amount) {
        return chain.exec(sender, ProgramIds.LENDING, instruction, new Args(LendingInstructions.COLLATERAL_LENGTH)
                .u64(LendingInstructions.COLLATERAL_MARKET, market).u128(LendingInstructions.COLLATERAL_AMOUNT, amount));
    }

    /** @return the receipt of a liquidation */
    public Outcome liquidate(final long sender, final long market, final long borrower, final BigInteger assets,
            final BigInteger shares) {
        return chain.exec(sender, ProgramIds.LENDING, LendingInstructions.LIQUIDATE,
                new Args(LendingInstructions.LIQUIDATE_LENGTH).u64(LendingInstructions.LIQUIDATE_MARKET, market)
                        .u64(LendingInstructions.LIQUIDATE_BORROWER, borrower)
                        .u128(LendingInstructions.LIQUIDATE_ASSETS, assets)
                        .u128(LendingInstructions.LIQUIDATE_SHARES, shares));
    }

    /** @return a u128 field of the market */
    public BigInteger market(final long market, final int field) {
        return chain.u128(KeyType.LENDING_MARKET, market, 0, field);
    }

    /** @return a u128 field of a position */
    public BigInteger position(final long market, final long owner, final int field) {
        return chain.u128(KeyType.LENDING_POSITION, market, owner, field);
    }

    /** @return the market's last accrual height */
    public long lastAccrual(final long market) {
        return chain.u64(KeyType.LENDING_MARKET, market, 0, LendingMarketDescriptor.LAST_ACCRUAL_HEIGHT_OFFSET);
    }

    /** @return the position's debt in assets, rounded up (as the program measures it) */
    public BigInteger debt(final long market, final long owner) {
        return toAssetsUp(position(market, owner, LendingPositionDescriptor.BORROW_SHARES_OFFSET),
                market(market, LendingMarketDescriptor.TOTAL_BORROW_ASSETS_OFFSET),
                market(market, LendingMarketDescriptor.TOTAL_BORROW_SHARES_OFFSET));
    }

    /** @return whether the position is healthy at the stored price and totals (BigInteger model) */
    public boolean healthy(final long market, final long owner) {
        final BigInteger shares = position(market, owner, LendingPositionDescriptor.BORROW_SHARES_OFFSET);
        if (shares.signum() == 0) {
            return true;
        }
        final BigInteger collateral = position(market, owner, LendingPositionDescriptor.COLLATERAL_OFFSET);
        final BigInteger price = market(market, LendingMarketDescriptor.PRICE_OFFSET);
        final BigInteger lltv = BigInteger.valueOf(chain.u64(KeyType.LENDING_MARKET, market, 0,
                LendingMarketDescriptor.LLTV_OFFSET));
        final BigInteger limit = collateral.multiply(price).divide(WAD).multiply(lltv).divide(WAD);
        return debt(market, owner).compareTo(limit) <= 0;
    }

    /** Shares for assets, rounded down (model). */
    public static BigInteger toSharesDown(final BigInteger assets, final BigInteger totalAssets, final BigInteger totalShares) {
        return assets.multiply(totalShares.add(VIRTUAL_SHARES)).divide(totalAssets.add(BigInteger.ONE));
    }

    /** Assets for shares, rounded up (model). */
    public static BigInteger toAssetsUp(final BigInteger shares, final BigInteger totalAssets, final BigInteger totalShares) {
        return ceilDiv(shares.multiply(totalAssets.add(BigInteger.ONE)), totalShares.add(VIRTUAL_SHARES));
    }

    /** Assets for shares, rounded down (model). */
    public static BigInteger toAssetsDown(final BigInteger shares, final BigInteger totalAssets, final BigInteger totalShares) {
        return shares.multiply(totalAssets.add(BigInteger.ONE)).divide(totalShares.add(VIRTUAL_SHARES));
    }

    /** Shares for assets, rounded up (model). */
    public static BigInteger toSharesUp(final BigInteger assets, final BigInteger totalAssets, final BigInteger totalShares) {
        return ceilDiv(assets.multiply(totalShares.add(VIRTUAL_SHARES)), totalAssets.add(BigInteger.ONE));
    }

    /** @return ceil(a / b) */
    public static BigInteger ceilDiv(final BigInteger a, final BigInteger b) {
        final BigInteger[] qr = a.divideAndRemainder(b);
        return qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
    }

    /**
     * @param n a whole number of tokens
     * @return n * 10^18
     */
    public static BigInteger tokens(final long n) {
        return BigInteger.valueOf(n).multiply(WAD);
    }
}
