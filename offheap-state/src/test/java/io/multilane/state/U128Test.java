package io.multilane.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Property tests of {@link U128} with {@link BigInteger} as the oracle, biased to the edges 0, 2^64, 2^112 and
 * 2^128-1 and their neighbours. jqwik prints the seed of every failing run.
 */
class U128Test {
    private static final BigInteger TWO_128 = BigInteger.ONE.shiftLeft(128);
    private static final BigInteger MAX = TWO_128.subtract(BigInteger.ONE);

    static BigInteger big(final U128 v) {
        return new BigInteger(Long.toUnsignedString(v.hi())).shiftLeft(64).add(new BigInteger(Long.toUnsignedString(v.lo())));
    }

    static U128 u(final BigInteger b) {
        return new U128(b.shiftRight(64).longValue(), b.longValue());
    }

    @Provide
    Arbitrary<BigInteger> u128s() {
        final Arbitrary<BigInteger> any = Arbitraries.bigIntegers().between(BigInteger.ZERO, MAX);
        final Arbitrary<BigInteger> edges = Arbitraries.of(0, 64, 112, 127, 128).flatMap(bits ->
            Arbitraries.integers().between(-3, 3).map(d -> {
                BigInteger b = BigInteger.ONE.shiftLeft(bits).add(BigInteger.valueOf(d));
                if (bits == 0) {
                    b = BigInteger.valueOf(Math.abs(d));
                }
                return b.signum() < 0 ? BigInteger.ZERO : b.min(MAX);
            }));
        final Arbitrary<BigInteger> small = Arbitraries.bigIntegers().between(BigInteger.ZERO, BigInteger.ONE.shiftLeft(70));
        final Arbitrary<BigInteger> mid = Arbitraries.integers().between(1, 128).flatMap(bits ->
            Arbitraries.bigIntegers().between(BigInteger.ZERO, BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)));
        return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(3, any), net.jqwik.api.Tuple.of(3, edges),
            net.jqwik.api.Tuple.of(2, small), net.jqwik.api.Tuple.of(4, mid));
    }

    @Property(tries = 3000)
    void addMatchesOracle(@ForAll("u128s") final BigInteger a, @ForAll("u128s") final BigInteger b) {
        final U128 x = u(a);
        final BigInteger sum = a.add(b);
        final boolean ok = x.add(u(b));
        assertEquals(sum.compareTo(MAX) <= 0, ok);
        assertEquals(ok ? sum : a, big(x));
    }

    @Property(tries = 3000)
    void subMatchesOracle(@ForAll("u128s") final BigInteger a, @ForAll("u128s") final BigInteger b) {
        final U128 x = u(a);
        final BigInteger diff = a.subtract(b);
        final boolean ok = x.sub(u(b));
        assertEquals(diff.signum() >= 0, ok);
        assertEquals(ok ? diff : a, big(x));
    }

    @Property(tries = 3000)
    void mulMatchesOracle(@ForAll("u128s") final BigInteger a, @ForAll("u128s") final BigInteger b) {
        final U128 x = u(a);
        final BigInteger p = a.multiply(b);
        final boolean ok = x.mul(u(b));
        assertEquals(p.compareTo(MAX) <= 0, ok);
        assertEquals(ok ? p : a, big(x));
    }

    @Property(tries = 5000)
    void mulDivMatchesOracle(@ForAll("u128s") final BigInteger a, @ForAll("u128s") final BigInteger b,
                             @ForAll("u128s") final BigInteger c) {
        final U128 x = new U128(7, 9);
        final boolean ok = x.mulDiv(u(a), u(b), u(c));
        if (c.signum() == 0) {
            assertFalse(ok);
            assertEquals(new U128(7, 9), x);
            return;
        }
        final BigInteger q = a.multiply(b).divide(c);
        assertEquals(q.compareTo(MAX) <= 0, ok, () -> a + "*" + b + "/" + c);
        assertEquals(ok ? q : BigInteger.valueOf(7).shiftLeft(64).add(BigInteger.valueOf(9)), big(x),
            () -> a + "*" + b + "/" + c);
    }

    @Property(tries = 3000)
    void divMatchesOracle(@ForAll("u128s") final BigInteger a, @ForAll("u128s") final BigInteger b) {
        final U128 x = u(a);
        final boolean ok = x.div(u(b));
        assertEquals(b.signum() != 0, ok);
        assertEquals(ok ? a.divide(b) : a, big(x));
    }

    @Property(tries = 2000)
    void compareMatchesOracle(@ForAll("u128s") final BigInteger a, @ForAll("u128s") final BigInteger b) {
        assertEquals(Integer.signum(a.compareTo(b)), Integer.signum(u(a).compareTo(u(b))));
        assertEquals(a.equals(b), u(a).equals(u(b)));
    }

    @Property(tries = 3000)
    void decimalRoundTrips(@ForAll("u128s") final BigInteger a) {
        final U128 x = u(a);
        assertEquals(a.toString(), x.toString());
        assertEquals(x, new U128().parse(a.toString()));
    }

    @Property(tries = 1000)
    void bufferRoundTripAndAddAt(@ForAll("u128s") final BigInteger a, @ForAll("u128s") final BigInteger b) {
        final UnsafeBuffer buf = new UnsafeBuffer(new byte[40]);
        u(a).write(buf, 3);
        assertEquals(a, big(new U128().read(buf, 3)));
        assertEquals(a.longValue(), buf.getLong(3, java.nio.ByteOrder.LITTLE_ENDIAN));
        final boolean ok = U128.addAt(buf, 3, u(b));
        final BigInteger sum = a.add(b);
        assertEquals(sum.compareTo(MAX) <= 0, ok);
        assertEquals(ok ? sum : a, big(new U128().read(buf, 3)));
    }

    @Example
    void edgeCases() {
        final U128 max = new U128(-1L, -1L);
        assertEquals(MAX.toString(), max.toString());
        assertFalse(new U128().set(max).add(new U128(0, 1)));
        assertFalse(new U128().sub(new U128(0, 1)));
        final U128 two64 = new U128(1, 0);
        assertEquals("18446744073709551616", two64.toString());
        assertTrue(new U128().setUnsigned(-1L).add(new U128(0, 1)));
        assertFalse(new U128().set(two64).mul(two64));
        final U128 r = new U128();
        assertTrue(r.mulDiv(max, max, max));
        assertEquals(max, r);
        assertTrue(new U128(0, Long.MAX_VALUE).fitsInLong());
        assertFalse(new U128(0, -1L).fitsInLong());
        assertFalse(two64.fitsInLong());
        assertThrows(NumberFormatException.class, () -> new U128().parse(TWO_128.toString()));
        assertThrows(NumberFormatException.class, () -> new U128().parse(""));
        assertThrows(NumberFormatException.class, () -> new U128().parse("12a"));
        assertEquals(max, new U128().parse(MAX.toString()));
        assertEquals("0", new U128().toString());
        // 2^112 * 2^16 = 2^128 overflows; 2^112 * (2^16 - 1) fits.
        final U128 two112 = u(BigInteger.ONE.shiftLeft(112));
        assertFalse(new U128().set(two112).mul(new U128(0, 1 << 16)));
        assertTrue(new U128().set(two112).mul(new U128(0, (1 << 16) - 1)));
    }
}
