package io.multilane.exec.program.lending;

import static io.multilane.exec.program.lending.DefiHarness.TWO_128;
import static io.multilane.exec.program.lending.DefiHarness.big;
import static io.multilane.exec.program.lending.DefiHarness.toU128;
import static io.multilane.exec.program.lending.LendingFixture.WAD;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;

import io.multilane.state.U128;
import io.multilane.state.record.LendingMarketDescriptor;
import io.multilane.state.record.LendingMarketFlyweight;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.BigRange;
import net.jqwik.api.constraints.LongRange;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * {@link MarketMath#accrue} against a BigInteger transcription of the formula in
 * {@code docs/programs-defi.md}, over random totals, rates and elapsed blocks (up to 2^62).
 */
class MarketMathPropertiesTest {
    private static final BigInteger MAX = TWO_128.subtract(BigInteger.ONE);

    private final MarketMath math = new MarketMath(new WadMath());
    private final LendingMarketFlyweight market = new LendingMarketFlyweight()
            .wrap(new UnsafeBuffer(new byte[LendingMarketDescriptor.LENGTH]), 0);
    private final U128 interest = new U128();

    @Property(tries = 3000)
    void accrualMatchesTheFormula(
            @ForAll @BigRange(min = "0", max = "340282366920938463463374607431768211455") final BigInteger supply,
            @ForAll @BigRange(min = "0", max = "340282366920938463463374607431768211455") final BigInteger borrowSeed,
            @ForAll @LongRange(min = 0, max = LendingInstructions.MAX_RATE_PER_BLOCK) final long base,
            @ForAll @LongRange(min = 0, max = LendingInstructions.MAX_RATE_PER_BLOCK) final long slope,
            @ForAll @LongRange(min = 1, max = 1L << 62) final long elapsed) {
        final BigInteger borrow = supply.signum() == 0 ? BigInteger.ZERO : borrowSeed.mod(supply.add(BigInteger.ONE));
        market.setTotalSupplyAssets(toU128(supply)).setTotalBorrowAssets(toU128(borrow)).setBaseRatePerBlock(base)
                .setSlopePerBlock(slope).setLastAccrualHeight(1);
        assertEquals(elapsed, math.accrue(market, 1 + elapsed, interest));
        final BigInteger expected = expected(supply, borrow, base, slope, elapsed);
        assertEquals(expected, big(interest));
        assertEquals(supply.add(expected), big(market.totalSupplyAssets(new U128())));
        assertEquals(borrow.add(expected), big(market.totalBorrowAssets(new U128())));
    }

    private static BigInteger expected(final BigInteger supply, final BigInteger borrow, final long base, final long slope,
            final long elapsed) {
        if (borrow.signum() == 0) {
            return BigInteger.ZERO;
        }
        final BigInteger util = supply.signum() == 0 ? WAD : borrow.multiply(WAD).divide(supply).min(WAD);
        final BigInteger rate = BigInteger.valueOf(slope).multiply(util).divide(WAD).add(BigInteger.valueOf(base));
        final BigInteger x = rate.multiply(BigInteger.valueOf(elapsed)).min(WAD.multiply(BigInteger.valueOf(100)));
        final BigInteger second = x.multiply(x).divide(WAD.multiply(BigInteger.TWO));
        final BigInteger third = second.multiply(x).divide(WAD.multiply(BigInteger.valueOf(3)));
        final BigInteger interest = borrow.multiply(x.add(second).add(third)).divide(WAD);
        return interest.min(MAX.subtract(supply)).min(MAX.subtract(borrow));
    }
}
