package io.multilane.exec.program.lending;

import static io.multilane.exec.program.lending.DefiHarness.TWO_128;
import static io.multilane.exec.program.lending.DefiHarness.big;
import static io.multilane.exec.program.lending.DefiHarness.toU128;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.List;

import io.multilane.state.U128;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link WadMath} against BigInteger: the rounding-up multiply-divide over the whole u128 range, and
 * the four share conversions (down / up, assets / shares) of Morpho Blue's SharesMathLib.
 */
class WadMathTest {
    private final WadMath math = new WadMath();

    @Provide
    Arbitrary<BigInteger> u128s() {
        return Arbitraries.oneOf(List.of(
                Arbitraries.bigIntegers().between(BigInteger.ZERO, BigInteger.valueOf(1000)),
                Arbitraries.bigIntegers().between(BigInteger.ZERO, BigInteger.ONE.shiftLeft(64)),
                Arbitraries.bigIntegers().between(BigInteger.ZERO, TWO_128.subtract(BigInteger.ONE))));
    }

    @Property(tries = 3000)
    void mulDivUpIsTheCeilingOrReportsOverflow(@ForAll("u128s") final BigInteger a, @ForAll("u128s") final BigInteger b,
            @ForAll("u128s") final BigInteger c) {
        final U128 out = new U128();
        final boolean ok = math.mulDivUp(toU128(a), toU128(b), toU128(c), out);
        if (c.signum() == 0) {
            assertEquals(false, ok);
            return;
        }
        final BigInteger expected = LendingFixture.ceilDiv(a.multiply(b), c);
        assertEquals(expected.compareTo(TWO_128) < 0, ok, a + " * " + b + " / " + c);
        if (ok) {
            assertEquals(expected, big(out));
        }
    }

    @Property(tries = 2000)
    void shareConversionsMatchTheModelAndRoundForTheMarket(@ForAll("u128s") final BigInteger amount,
            @ForAll("u128s") final BigInteger totalAssets, @ForAll("u128s") final BigInteger totalShares) {
        final U128 out = new U128();
        final BigInteger ta = totalAssets.shiftRight(1);
        final BigInteger ts = totalShares.shiftRight(1);
        check(math.toSharesDown(toU128(amount), toU128(ta), toU128(ts), out), out,
                LendingFixture.toSharesDown(amount, ta, ts));
        check(math.toSharesUp(toU128(amount), toU128(ta), toU128(ts), out), out, LendingFixture.toSharesUp(amount, ta, ts));
        check(math.toAssetsDown(toU128(amount), toU128(ta), toU128(ts), out), out,
                LendingFixture.toAssetsDown(amount, ta, ts));
        check(math.toAssetsUp(toU128(amount), toU128(ta), toU128(ts), out), out, LendingFixture.toAssetsUp(amount, ta, ts));
        // round trip in the market's favour: shares bought with assets never redeem for more assets
        final BigInteger shares = LendingFixture.toSharesDown(amount, ta, ts);
        assertEquals(true, LendingFixture.toAssetsDown(shares, ta, ts).compareTo(amount) <= 0);
    }

    private static void check(final boolean ok, final U128 out, final BigInteger expected) {
        assertEquals(expected.compareTo(TWO_128) < 0, ok, "overflow iff the result exceeds 128 bits: " + expected);
        if (ok) {
            assertEquals(expected, big(out));
        }
    }
}
