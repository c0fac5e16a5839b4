package io.multilane.exec.program.lending;

import static io.multilane.exec.program.lending.DefiHarness.TWO_128;
import static io.multilane.exec.program.lending.DefiHarness.big;
import static io.multilane.exec.program.lending.DefiHarness.toU128;
import static io.multilane.exec.program.lending.LendingFixture.WAD;
import static io.multilane.exec.program.lending.LendingFixture.tokens;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;

import io.multilane.state.U128;
import io.multilane.state.record.LendingMarketDescriptor;
import io.multilane.state.record.LendingMarketFlyweight;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * {@link MarketMath} on a market record in a plain buffer: accrual numbers by hand, the exponent cap for
 * any number of elapsed blocks (bounded work, no overflow), the headroom cap near 2^128, and health.
 */
class MarketMathTest {
    private final MarketMath math = new MarketMath(new WadMath());
    private final LendingMarketFlyweight market = new LendingMarketFlyweight()
            .wrap(new UnsafeBuffer(new byte[LendingMarketDescriptor.LENGTH]), 0);
    private final U128 interest = new U128();

    private void totals(final BigInteger supply, final BigInteger borrow, final long base, final long slope) {
        market.setTotalSupplyAssets(toU128(supply)).setTotalBorrowAssets(toU128(borrow)).setBaseRatePerBlock(base)
                .setSlopePerBlock(slope).setLastAccrualHeight(100);
    }

    @Test
    void accruesTheHandComputedInterestAndMovesTheHeight() {
        totals(tokens(1000), tokens(500), 100_000_000_000_000L, 1_000_000_000_000_000L);
        assertEquals(10, math.accrue(market, 110, interest));
        assertEquals(new BigInteger("3009018000000000000"), big(interest));
        assertEquals(110, market.lastAccrualHeight());
        assertEquals(tokens(1000).add(big(interest)), big(market.totalSupplyAssets(new U128())));
        assertEquals(0, math.accrue(market, 110, interest), "same height: nothing");
        assertEquals(0, math.accrue(market, 50, interest), "an earlier height never moves the market back");
        assertEquals(110, market.lastAccrualHeight());
    }

    @Test
    void anyNumberOfBlocksIsOneClosedFormStepCappedAtExponent100() {
        totals(tokens(1000), tokens(1000), LendingInstructions.MAX_RATE_PER_BLOCK, LendingInstructions.MAX_RATE_PER_BLOCK);
        assertEquals(Long.MAX_VALUE - 100, math.accrue(market, Long.MAX_VALUE, interest));
        // x = 100 WAD: factor = 100 + 100^2/2 + (100^2/2)*100/3 = 100 + 5000 + 166666.66.. (floored in WAD)
        final BigInteger x = WAD.multiply(BigInteger.valueOf(100));
        final BigInteger second = x.multiply(x).divide(WAD.multiply(BigInteger.TWO));
        final BigInteger third = second.multiply(x).divide(WAD.multiply(BigInteger.valueOf(3)));
        assertEquals(tokens(1000).multiply(x.add(second).add(third)).divide(WAD), big(interest));
    }

    @Test
    void interestStopsAtTheHeadroomBelow2To128() {
        final BigInteger max = TWO_128.subtract(BigInteger.ONE);
        totals(max.subtract(BigInteger.TEN), max.shiftRight(1), LendingInstructions.MAX_RATE_PER_BLOCK, 0);
        math.accrue(market, 1_000_000, interest);
        assertEquals(BigInteger.TEN, big(interest));
        assertEquals(max, big(market.totalSupplyAssets(new U128())));
        assertEquals(max.shiftRight(1).add(BigInteger.TEN), big(market.totalBorrowAssets(new U128())));
    }

    @Test
    void healthComparesRoundedUpDebtWithRoundedDownLimit() {
        // 1e6 shares per asset: 800e24 shares are 800 tokens of debt; 1000 collateral at price 1, lltv 0.8 -> limit 800
        market.setTotalBorrowAssets(toU128(tokens(800))).setTotalBorrowShares(toU128(tokens(800).multiply(BigInteger
                .valueOf(WadMath.VIRTUAL_SHARES)))).setPrice(toU128(WAD)).setLltv(800_000_000_000_000_000L);
        final U128 shares = toU128(tokens(800).multiply(BigInteger.valueOf(WadMath.VIRTUAL_SHARES)));
        assertTrue(math.healthy(market, shares, toU128(tokens(1000))));
        assertFalse(math.healthy(market, shares, toU128(tokens(1000).subtract(BigInteger.ONE))));
        assertTrue(math.healthy(market, new U128(), new U128()), "no debt is healthy");
        market.setPrice(new U128());
        assertFalse(math.healthy(market, toU128(BigInteger.ONE), toU128(tokens(1000))), "worthless collateral");
        market.setPrice(new U128(-1L, -1L)).setLltv(1);
        assertTrue(math.healthy(market, shares, new U128(-1L, -1L)), "a limit past 2^128 covers any debt");
    }
}
