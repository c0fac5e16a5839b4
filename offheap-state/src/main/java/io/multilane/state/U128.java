package io.multilane.state;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * A mutable, reusable unsigned 128-bit integer ({@code hi}, {@code lo} as two 64-bit words).
 *
 * <p>Allocate once per thread and reuse: every arithmetic method is allocation-free except the first
 * {@link #mulDiv}/{@link #div} on an instance, which allocates that instance's long-division scratch once.
 * Checked operations return {@code false} and leave the receiver unchanged on overflow, underflow or
 * division by zero; they never throw. An instance is not thread-safe: one thread uses it at a time.
 * In buffers a u128 is stored little-endian as (lo u64, hi u64).
 */
public final class U128 implements Comparable<U128> {
    /** Encoded size of a u128 in a record, in bytes. */
    public static final int BYTES = 16;

    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final long MASK32 = 0xFFFF_FFFFL;

    private long hi;
    private long lo;
    private Scratch scratch;

    /** A zero value. */
    public U128() {
    }

    /** A value from its two words. */
    public U128(final long hi, final long lo) {
        this.hi = hi;
        this.lo = lo;
    }

    public U128 set(final long hi, final long lo) {
        this.hi = hi;
        this.lo = lo;
        return this;
    }

    public U128 set(final U128 v) {
        this.hi = v.hi;
        this.lo = v.lo;
        return this;
    }

    /** Sets the value to {@code v} read as an unsigned 64-bit integer. */
    public U128 setUnsigned(final long v) {
        this.hi = 0;
        this.lo = v;
        return this;
    }

    public U128 zero() {
        this.hi = 0;
        this.lo = 0;
        return this;
    }

    public long hi() {
        return hi;
    }

    public long lo() {
        return lo;
    }

    public boolean isZero() {
        return (hi | lo) == 0;
    }

    /** True when the value fits a non-negative signed long: {@code hi == 0 && lo >= 0}. */
    public boolean fitsInLong() {
        return hi == 0 && lo >= 0;
    }

    @Override
    public int compareTo(final U128 o) {
        final int c = Long.compareUnsigned(hi, o.hi);
        return c != 0 ? c : Long.compareUnsigned(lo, o.lo);
    }

    /** {@code this += v}; false (unchanged) on overflow past 2^128-1. */
    public boolean add(final U128 v) {
        final long nlo = lo + v.lo;
        final long carry = carry(lo, nlo);
        if (highOverflows(hi, v.hi, carry)) {
            return false;
        }
        hi = hi + v.hi + carry;
        lo = nlo;
        return true;
    }

    /** 1 if {@code sum = a + b} wrapped past 2^64 - 1, else 0. */
    private static long carry(final long a, final long sum) {
        return Long.compareUnsigned(sum, a) < 0 ? 1 : 0;
    }

    /** Whether {@code a + b + carry} exceeds 2^64 - 1. */
    private static boolean highOverflows(final long a, final long b, final long carry) {
        final long t = a + b;
        return Long.compareUnsigned(t, a) < 0 || (carry == 1 && t + 1 == 0);
    }

    /** {@code this -= v}; false (unchanged) when {@code v > this}. */
    public boolean sub(final U128 v) {
        if (compareTo(v) < 0) {
            return false;
        }
        final long borrow = Long.compareUnsigned(lo, v.lo) < 0 ? 1 : 0;
        lo = lo - v.lo;
        hi = hi - v.hi - borrow;
        return true;
    }

    /** {@code this *= v}; false (unchanged) when the product exceeds 2^128-1. */
    public boolean mul(final U128 v) {
        if (hi != 0 && v.hi != 0) {
            return false;
        }
        final long p0Lo = lo * v.lo;
        final long p0Hi = multiplyHighUnsigned(lo, v.lo);
        // At most one cross term is non-zero because hi == 0 || v.hi == 0.
        final long cross;
        if (hi != 0) {
            if (multiplyHighUnsigned(hi, v.lo) != 0) {
                return false;
            }
            cross = hi * v.lo;
        } else {
            if (multiplyHighUnsigned(lo, v.hi) != 0) {
                return false;
            }
            cross = lo * v.hi;
        }
        final long nhi = p0Hi + cross;
        if (Long.compareUnsigned(nhi, p0Hi) < 0) {
            return false;
        }
        hi = nhi;
        lo = p0Lo;
        return true;
    }

    /**
     * {@code this = floor(a * b / c)} with a 256-bit intermediate; false (unchanged) when {@code c} is zero or
     * the quotient exceeds 2^128-1. The receiver may be one of the arguments.
     */
    public boolean mulDiv(final U128 a, final U128 b, final U128 c) {
        if (c.isZero()) {
            return false;
        }
        final Scratch s = scratch();
        final long[] p = s.product;
        multiply256(a.hi, a.lo, b.hi, b.lo, p);
        return divide(p, 8, c, s);
    }

    /** {@code this = floor(this / v)}; false (unchanged) when {@code v} is zero. */
    public boolean div(final U128 v) {
        if (v.isZero()) {
            return false;
        }
        if (hi == 0 && v.hi == 0) {
            lo = Long.divideUnsigned(lo, v.lo);
            return true;
        }
        final Scratch s = scratch();
        final long[] p = s.product;
        p[0] = lo;
        p[1] = hi;
        p[2] = 0;
        p[3] = 0;
        return divide(p, 4, v, s);
    }

    /** Reads the u128 stored little-endian (lo, hi) at {@code offset}. */
    public U128 read(final DirectBuffer buf, final int offset) {
        lo = buf.getLong(offset, LE);
        hi = buf.getLong(offset + 8, LE);
        return this;
    }

    /** Writes this value little-endian (lo, hi) at {@code offset}. */
    public void write(final MutableDirectBuffer buf, final int offset) {
        buf.putLong(offset, lo, LE);
        buf.putLong(offset + 8, hi, LE);
    }

    /** Adds {@code v} to the u128 stored at {@code offset} in place; false (unchanged) on overflow. */
    public static boolean addAt(final MutableDirectBuffer buf, final int offset, final U128 v) {
        final long lo = buf.getLong(offset, LE);
        final long hi = buf.getLong(offset + 8, LE);
        final long nlo = lo + v.lo;
        final long carry = carry(lo, nlo);
        if (highOverflows(hi, v.hi, carry)) {
            return false;
        }
        buf.putLong(offset, nlo, LE);
        buf.putLong(offset + 8, hi + v.hi + carry, LE);
        return true;
    }

    /**
     * Parses an unsigned decimal (digits only, at least one, up to 2^128-1). Not for the hot path.
     *
     * @throws NumberFormatException on an empty string, a non-digit or a value above 2^128-1.
     */
    public U128 parse(final CharSequence decimal) {
        final int n = decimal.length();
        if (n == 0) {
            throw new NumberFormatException("empty u128");
        }
        long h = 0;
        long l = 0;
        for (int i = 0; i < n; i++) {
            final char ch = decimal.charAt(i);
            if (ch < '0' || ch > '9') {
                throw new NumberFormatException("not a u128 decimal: \"" + decimal + "\"");
            }
            // (h:l) * 10 + digit, checking overflow of the high word.
            final long lHigh = multiplyHighUnsigned(l, 10);
            final long hHigh = multiplyHighUnsigned(h, 10);
            long nh = h * 10 + lHigh;
            if (hHigh != 0 || Long.compareUnsigned(nh, h * 10) < 0) {
                throw new NumberFormatException("u128 overflow: \"" + decimal + "\"");
            }
            long nl = l * 10;
            final long sum = nl + (ch - '0');
            if (Long.compareUnsigned(sum, nl) < 0) {
                nh++;
                if (nh == 0) {
                    throw new NumberFormatException("u128 overflow: \"" + decimal + "\"");
                }
            }
            h = nh;
            l = sum;
        }
        hi = h;
        lo = l;
        return this;
    }

    /** Appends the decimal form to {@code sb}; allocation-free unless {@code sb} must grow. */
    public StringBuilder appendTo(final StringBuilder sb) {
        if (hi == 0 && lo >= 0) {
            return sb.append(lo);
        }
        // Split into base-10^9 groups by dividing the four 32-bit digits, most significant first.
        long d3 = hi >>> 32;
        long d2 = hi & MASK32;
        long d1 = lo >>> 32;
        long d0 = lo & MASK32;
        final long base = 1_000_000_000L;
        // 2^128 < 10^39: at most five groups; hold them in longs, no array.
        long g0 = 0;
        long g1 = 0;
        long g2 = 0;
        long g3 = 0;
        long g4 = 0;
        int groups = 0;
        while ((d3 | d2 | d1 | d0) != 0) {
            long r = d3 % base;
            d3 = d3 / base;
            long t = (r << 32) | d2;
            d2 = t / base;
            r = t % base;
            t = (r << 32) | d1;
            d1 = t / base;
            r = t % base;
            t = (r << 32) | d0;
            d0 = t / base;
            r = t % base;
            switch (groups++) {
                case 0: g0 = r; break;
                case 1: g1 = r; break;
                case 2: g2 = r; break;
                case 3: g3 = r; break;
                default: g4 = r; break;
            }
        }
        appendGroups(sb, groups, g0, g1, g2, g3, g4);
        return sb;
    }

    private static void appendGroups(final StringBuilder sb, final int groups, final long g0, final long g1, final long g2,
            final long g3, final long g4) {
        for (int i = groups - 1; i >= 0; i--) {
            final long g = i == 0 ? g0 : i == 1 ? g1 : i == 2 ? g2 : i == 3 ? g3 : g4;
            if (i == groups - 1) {
                sb.append(g);
            } else {
                for (long p = 100_000_000L; p > 1 && g < p; p /= 10) {
                    sb.append('0');
                }
                sb.append(g);
            }
        }
    }

    @Override
    public String toString() {
        return appendTo(new StringBuilder(40)).toString();
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof U128 && ((U128) o).hi == hi && ((U128) o).lo == lo;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(hi) * 31 + Long.hashCode(lo);
    }

    /** High 64 bits of the unsigned 128-bit product {@code a * b}. */
    static long multiplyHighUnsigned(final long a, final long b) {
        return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    }

    /** Full 256-bit product of (ah:al) and (bh:bl) into {@code out[0..3]}, least significant first. */
    private static void multiply256(final long ah, final long al, final long bh, final long bl, final long[] out) {
        final long ll = al * bl;
        final long llH = multiplyHighUnsigned(al, bl);
        final long lh = al * bh;
        final long lhH = multiplyHighUnsigned(al, bh);
        final long hl = ah * bl;
        final long hlH = multiplyHighUnsigned(ah, bl);
        final long hh = ah * bh;
        final long hhH = multiplyHighUnsigned(ah, bh);

        out[0] = ll;
        long w1 = llH + lh;
        long c1 = Long.compareUnsigned(w1, llH) < 0 ? 1 : 0;
        final long w1b = w1 + hl;
        c1 += Long.compareUnsigned(w1b, w1) < 0 ? 1 : 0;
        out[1] = w1b;
        long w2 = lhH + hlH;
        long c2 = Long.compareUnsigned(w2, lhH) < 0 ? 1 : 0;
        long w2b = w2 + hh;
        c2 += Long.compareUnsigned(w2b, w2) < 0 ? 1 : 0;
        final long w2c = w2b + c1;
        c2 += Long.compareUnsigned(w2c, w2b) < 0 ? 1 : 0;
        out[2] = w2c;
        out[3] = hhH + c2;
    }

    /**
     * Divides the value in {@code p[0..3]} (64-bit words, least significant first; {@code digits32} is 8 or 4
     * for the number of 32-bit digits that may be non-zero) by {@code d}; stores the quotient if it fits.
     * Knuth's algorithm D in base 2^32 (TAOCP vol. 2, 4.3.1).
     */
    private boolean divide(final long[] p, final int digits32, final U128 d, final Scratch s) {
        final int[] u = s.u;
        final int[] v = s.v;
        final int[] q = s.q;
        for (int i = 0; i < 4; i++) {
            u[2 * i] = (int) p[i];
            u[2 * i + 1] = (int) (p[i] >>> 32);
        }
        u[8] = 0;
        v[0] = (int) d.lo;
        v[1] = (int) (d.lo >>> 32);
        v[2] = (int) d.hi;
        v[3] = (int) (d.hi >>> 32);
        int n = 4;
        while (n > 1 && v[n - 1] == 0) {
            n--;
        }
        int m = digits32;
        while (m > 0 && u[m - 1] == 0) {
            m--;
        }
        for (int i = 0; i < 8; i++) {
            q[i] = 0;
        }
        if (m < n) {
            hi = 0;
            lo = 0;
            return true;
        }
        if (n == 1) {
            final long dv = v[0] & MASK32;
            long r = 0;
            for (int j = m - 1; j >= 0; j--) {
                final long t = (r << 32) | (u[j] & MASK32);
                q[j] = (int) Long.divideUnsigned(t, dv);
                r = Long.remainderUnsigned(t, dv);
            }
        } else {
            knuthD(u, v, q, m, n);
        }
        if ((q[4] | q[5] | q[6] | q[7]) != 0) {
            return false;
        }
        lo = (q[0] & MASK32) | ((long) q[1] << 32);
        hi = (q[2] & MASK32) | ((long) q[3] << 32);
        return true;
    }

    /** Algorithm D core for n >= 2 divisor digits; u has m digits plus one spare, quotient into q. */
    private static void knuthD(final int[] u, final int[] v, final int[] q, final int m, final int n) {
        final int shift = Integer.numberOfLeadingZeros(v[n - 1]);
        if (shift > 0) {
            for (int i = n - 1; i > 0; i--) {
                v[i] = (v[i] << shift) | (v[i - 1] >>> (32 - shift));
            }
            v[0] = v[0] << shift;
            u[m] = u[m - 1] >>> (32 - shift);
            for (int i = m - 1; i > 0; i--) {
                u[i] = (u[i] << shift) | (u[i - 1] >>> (32 - shift));
            }
            u[0] = u[0] << shift;
        } else {
            u[m] = 0;
        }
        final long vTop = v[n - 1] & MASK32;
        final long vNext = v[n - 2] & MASK32;
        for (int j = m - n; j >= 0; j--) {
            final long num = ((u[j + n] & MASK32) << 32) | (u[j + n - 1] & MASK32);
            long qhat = Long.divideUnsigned(num, vTop);
            long rhat = Long.remainderUnsigned(num, vTop);
            while (qhat > MASK32
                || Long.compareUnsigned(qhat * vNext, (rhat << 32) | (u[j + n - 2] & MASK32)) > 0) {
                qhat--;
                rhat += vTop;
                if (rhat > MASK32) {
                    break;
                }
            }
            // Multiply and subtract.
            long borrow = 0;
            long carry = 0;
            for (int i = 0; i < n; i++) {
                final long prod = qhat * (v[i] & MASK32) + carry;
                carry = prod >>> 32;
                final long t = (u[i + j] & MASK32) - (prod & MASK32) - borrow;
                u[i + j] = (int) t;
                borrow = (t >>> 63) & 1;
            }
            final long t = (u[j + n] & MASK32) - carry - borrow;
            u[j + n] = (int) t;
            if (t < 0) {
                // Add back: qhat was one too large.
                qhat--;
                long c = 0;
                for (int i = 0; i < n; i++) {
                    final long s = (u[i + j] & MASK32) + (v[i] & MASK32) + c;
                    u[i + j] = (int) s;
                    c = s >>> 32;
                }
                u[j + n] = u[j + n] + (int) c;
            }
            q[j] = (int) qhat;
        }
    }

    private Scratch scratch() {
        Scratch s = scratch;
        if (s == null) {
            s = new Scratch();
            scratch = s;
        }
        return s;
    }

    /** Long-division work space, allocated once per instance on first use. */
    private static final class Scratch {
        final long[] product = new long[4];
        final int[] u = new int[9];
        final int[] v = new int[4];
        final int[] q = new int[8];
    }
}
