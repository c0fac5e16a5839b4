package io.multilane.exec.replay;

import java.math.BigInteger;

/**
 * An unsigned 128-bit amount parsed from a workload CSV, as (hi, lo) longs. Immutable; any thread.
 *
 * @param hi high 64 bits
 * @param lo low 64 bits
 */
public record Amount(long hi, long lo) {
    private static final BigInteger LIMIT = BigInteger.ONE.shiftLeft(128);
    private static final BigInteger MASK64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    /** Zero. */
    public static final Amount ZERO = new Amount(0, 0);

    /**
     * Parses a non-negative decimal below 2^128.
     *
     * @param decimal digits
     * @return the amount
     * @throws NumberFormatException if not a decimal in range
     */
    public static Amount parse(final String decimal) {
        if (decimal.isEmpty()) {
            throw new NumberFormatException("empty amount");
        }
        for (int i = 0; i < decimal.length(); i++) {
            if (decimal.charAt(i) < '0' || decimal.charAt(i) > '9') {
                throw new NumberFormatException("not a decimal amount: '" + decimal + "'");
            }
        }
        return of(new BigInteger(decimal));
    }

    /**
     * @param v a value in [0, 2^128)
     * @return the amount
     * @throws NumberFormatException if out of range
     */
    public static Amount of(final BigInteger v) {
        if (v.signum() < 0 || v.compareTo(LIMIT) >= 0) {
            throw new NumberFormatException("amount out of u128 range: " + v);
        }
        return new Amount(v.shiftRight(64).longValue(), v.and(MASK64).longValue());
    }

    /** @return the value as a BigInteger */
    public BigInteger toBigInteger() {
        return new BigInteger(Long.toUnsignedString(hi)).shiftLeft(64).or(new BigInteger(Long.toUnsignedString(lo)));
    }

    /** @return whether the amount is zero */
    public boolean isZero() {
        return hi == 0 && lo == 0;
    }

    @Override
    public String toString() {
        return toBigInteger().toString();
    }
}
