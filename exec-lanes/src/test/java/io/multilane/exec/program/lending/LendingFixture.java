package io.multilane.exec.program.lending;

import static io.multilane.exec.program.lending.DefiHarness.hi;
import static io.multilane.exec.program.lending.DefiHarness.lo;

import java.math.BigInteger;

import io.multilane.exec.program.lending.DefiHarness.Outcome;
import io.multilane.state.key.KeyType;
import io.multilane.state.record.LendingMarketDescriptor;
import io.multilane.state.record.LendingPositionDescriptor;

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
        return chain.send(sender, t -> t.createMarket(market, loan, collateral, oracle, lltv, bonus, base, slope));
    }

    /** @return the receipt of a price update */
    public Outcome price(final long sender, final long market, final BigInteger price) {
        return chain.send(sender, t -> t.setPrice(market, hi(price), lo(price)));
    }

    /** @return the receipt of supply / withdraw / borrow / repay with (assets, shares) */
    public Outcome amounts(final int instruction, final long sender, final long market, final BigInteger assets,
            final BigInteger shares) {
        final long aHi = hi(assets);
        final long aLo = lo(assets);
        final long sHi = hi(shares);
        final long sLo = lo(shares);
        return chain.send(sender, t -> {
            switch (instruction) {
                case LendingInstructions.SUPPLY -> t.supply(market, aHi, aLo, sHi, sLo);
                case LendingInstructions.WITHDRAW -> t.withdraw(market, aHi, aLo, sHi, sLo);
                case LendingInstructions.BORROW -> t.borrow(market, aHi, aLo, sHi, sLo);
                case LendingInstructions.REPAY -> t.repay(market, aHi, aLo, sHi, sLo);
                default -> throw new IllegalArgumentException("not an (assets, shares) instruction: " + instruction);
            }
        });
    }

    /** @return the receipt of supply_collateral / withdraw_collateral */
    public Outcome collateral(final int instruction, final long sender, final long market, final BigInteger amount) {
        return chain.send(sender, t -> {
            if (instruction == LendingInstructions.SUPPLY_COLLATERAL) {
                t.supplyCollateral(market, hi(amount), lo(amount));
            } else if (instruction == LendingInstructions.WITHDRAW_COLLATERAL) {
                t.withdrawCollateral(market, hi(amount), lo(amount));
            } else {
                throw new IllegalArgumentException("not a collateral instruction: " + instruction);
            }
        });
    }

    /** @return the receipt of a liquidation */
    public Outcome liquidate(final long sender, final long market, final long borrower, final BigInteger assets,
            final BigInteger shares) {
        return chain.send(sender, t -> t.liquidate(market, borrower, hi(assets), lo(assets), hi(shares), lo(shares)));
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
