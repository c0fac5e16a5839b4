package io.multilane.exec.program.amm;

import io.multilane.state.U128;

/**
 * Uniswap V2 integer math on u128 holders with 256-bit intermediates: the exact-in output
 * {@code floor(in*997*rOut / (rIn*1000 + in*997))} and the floor square root of a product.
 * Preallocated holders, no allocation after the first call; one instance per thread.
 */
public final class AmmMath {
    private static final int MAX_SQRT_STEPS = 160;

    private final U128 fee = new U128(0, 997);
    private final U128 thousand = new U128(0, 1000);
    private final U128 two = new U128(0, 2);
    private final U128 inWithFee = new U128();
    private final U128 denominator = new U128();
    private final U128 x = new U128();
    private final U128 y = new U128();
    private final U128 q = new U128();

    /**
     * Output of an exact-in swap.
     *
     * @param amountIn amount in
     * @param reserveIn reserve of the token coming in
     * @param reserveOut reserve of the token going out
     * @param out receives the output
     * @return false if {@code amountIn*997} or the denominator exceed 2^128-1, or the denominator is 0
     */
    public boolean amountOut(final U128 amountIn, final U128 reserveIn, final U128 reserveOut, final U128 out) {
        inWithFee.set(amountIn);
        if (!inWithFee.mul(fee)) {
            return false;
        }
        denominator.set(reserveIn);
        if (!denominator.mul(thousand) || !denominator.add(inWithFee)) {
            return false;
        }
        return out.mulDiv(inWithFee, reserveOut, denominator);
    }

    /**
     * Floor square root of {@code a*b} (a 256-bit product; the root fits 128 bits), by Newton's
     * method from above, in a bounded number of steps.
     *
     * @param a first factor
     * @param b second factor
     * @param out receives floor(sqrt(a*b))
     */
    public void sqrtOfProduct(final U128 a, final U128 b, final U128 out) {
        if (a.isZero() || b.isZero()) {
            out.zero();
            return;
        }
        final int bits = bitLength(a) + bitLength(b);
        final int half = (bits + 1) / 2;
        if (half >= 128) {
            x.set(-1L, -1L);
        } else if (half >= 64) {
            x.set(1L << (half - 64), 0);
        } else {
            x.set(0, 1L << half);
        }
        for (int step = 0; step < MAX_SQRT_STEPS; step++) {
            if (!q.mulDiv(a, b, x)) {
                q.set(-1L, -1L); // a*b/x >= 2^128 > x: x is already the root (x = 2^128-1 only)
            }
            // y = (x + q) / 2 without overflow: x/2 + q/2 + (x & q & 1)
            final long carry = x.lo() & q.lo() & 1L;
            y.set(x);
            y.div(two);
            inWithFee.set(q);
            inWithFee.div(two);
            y.add(inWithFee);
            inWithFee.set(0, carry);
            y.add(inWithFee);
            if (y.compareTo(x) >= 0) {
                break;
            }
            x.set(y);
        }
        out.set(x);
    }

    private static int bitLength(final U128 v) {
        return v.hi() != 0 ? 128 - Long.numberOfLeadingZeros(v.hi()) : 64 - Long.numberOfLeadingZeros(v.lo());
    }
}
