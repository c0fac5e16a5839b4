package io.multilane.exec.program.lending;

import io.multilane.state.U128;
import io.multilane.state.record.LendingMarketFlyweight;

/**
 * Interest accrual and position health of a lending market, on a market record wrapped by a
 * flyweight. Accrual is closed form (bounded work for any number of elapsed blocks): with utilization
 * {@code u = min(1, borrow / supply)}, rate {@code r = base + slope * u} per block and
 * {@code x = min(r * blocks, 100)}, the borrow grows by the factor
 * {@code x + x^2/2 + x^3/6} (three Taylor terms of {@code e^x - 1}, as Morpho Blue's
 * {@code wTaylorCompounded}), all in WAD with floor rounding, and the same interest is added to the
 * supply side. Interest is capped so that neither total can pass 2^128-1: a market never bricks.
 *
 * <p>Holds scratch holders: one instance per executing thread.
 */
public final class MarketMath {
    private final WadMath math;
    private final U128 wad = new U128(0, WadMath.WAD);
    private final U128 twoWad = new U128(0, 2 * WadMath.WAD);
    private final U128 threeWad = new U128(0, 3 * WadMath.WAD);
    private final U128 maxExponent = new U128();
    private final U128 borrow = new U128();
    private final U128 supply = new U128();
    private final U128 util = new U128();
    private final U128 rate = new U128();
    private final U128 base = new U128();
    private final U128 x = new U128();
    private final U128 term = new U128();
    private final U128 factor = new U128();
    private final U128 headroom = new U128();
    private final U128 totalAssets = new U128();
    private final U128 totalShares = new U128();
    private final U128 borrowed = new U128();
    private final U128 limit = new U128();
    private final U128 price = new U128();
    private final U128 lltv = new U128();

    /**
     * @param math the owner's fixed-point helper
     */
    public MarketMath(final WadMath math) {
        this.math = math;
        maxExponent.setUnsigned(LendingInstructions.MAX_EXPONENT_WADS);
        maxExponent.mul(wad);
    }

    /**
     * Accrues interest from the market's last accrual height to {@code height} and moves the
     * accrual height there; does nothing when {@code height} is not above it.
     *
     * @param m the market (written in place)
     * @param height the current block height
     * @param interest receives the interest added to both totals (zero if none)
     * @return blocks elapsed (0: the record was not changed)
     */
    public long accrue(final LendingMarketFlyweight m, final long height, final U128 interest) {
        interest.zero();
        final long last = m.lastAccrualHeight();
        if (height <= last) {
            return 0;
        }
        final long elapsed = height - last;
        m.setLastAccrualHeight(height);
        m.totalBorrowAssets(borrow);
        if (borrow.isZero()) {
            return elapsed;
        }
        m.totalSupplyAssets(supply);
        if (supply.isZero() || !util.mulDiv(borrow, wad, supply) || util.compareTo(wad) > 0) {
            util.set(wad);
        }
        // slope < 2^64 and util <= WAD: slope*util/WAD < 2^64; plus base < 2^64: no overflow
        rate.setUnsigned(m.slopePerBlock());
        rate.mulDiv(rate, util, wad);
        base.setUnsigned(m.baseRatePerBlock());
        rate.add(base);
        x.setUnsigned(elapsed);
        if (!x.mul(rate) || x.compareTo(maxExponent) > 0) {
            x.set(maxExponent);
        }
        // x <= 1e20: x^2/2W <= 5e21 and x^3/6W^2 <= 1.7e23, far inside 128 bits
        factor.set(x);
        term.mulDiv(x, x, twoWad);
        factor.add(term);
        term.mulDiv(term, x, threeWad);
        factor.add(term);
        if (!interest.mulDiv(borrow, factor, wad)) {
            interest.set(-1L, -1L);
        }
        capByHeadroom(interest, supply);
        capByHeadroom(interest, borrow);
        borrow.add(interest);
        supply.add(interest);
        m.setTotalBorrowAssets(borrow);
        m.setTotalSupplyAssets(supply);
        return elapsed;
    }

    private void capByHeadroom(final U128 interest, final U128 total) {
        headroom.set(-1L, -1L);
        headroom.sub(total);
        if (interest.compareTo(headroom) > 0) {
            interest.set(headroom);
        }
    }

    /**
     * Health at the market's current price: {@code borrowed <= collateral * price * lltv}, where
     * borrowed rounds up ({@code toAssetsUp} of the shares) and the limit rounds down
     * ({@code floor(floor(collateral * price / WAD) * lltv / WAD)}). No borrow is always healthy.
     *
     * @param m the market (after accrual and after any change to its borrow totals)
     * @param borrowShares the position's borrow shares
     * @param collateral the position's collateral
     * @return whether the position is healthy
     */
    public boolean healthy(final LendingMarketFlyweight m, final U128 borrowShares, final U128 collateral) {
        if (borrowShares.isZero()) {
            return true;
        }
        m.totalBorrowAssets(totalAssets);
        m.totalBorrowShares(totalShares);
        if (!math.toAssetsUp(borrowShares, totalAssets, totalShares, borrowed)) {
            return false;
        }
        m.price(price);
        lltv.setUnsigned(m.lltv());
        if (limit.mulDiv(collateral, price, wad)) {
            if (!limit.mulDiv(limit, lltv, wad)) {
                return true;
            }
        } else if (!limit.mulDiv(collateral, lltv, wad) || !limit.mulDiv(limit, price, wad)) {
            return true; // the limit exceeds 2^128-1, so it exceeds any debt
        }
        return borrowed.compareTo(limit) <= 0;
    }
}
