package io.multilane.exec.program.lending;

import io.multilane.state.U128;

/**
 * Fixed-point helpers on u128 holders for the DeFi programs (lending, staking): rounding-up
 * multiply-divide and the Morpho-Blue style asset/share conversions with virtual shares and assets,
 * each in the direction that favours the market. Every method is checked (returns false on overflow
 * or division by zero, leaving {@code out} unspecified) and allocation-free once warm.
 *
 * <p>Holds scratch holders: one instance per executing thread (each program owns one).
 */
public final class WadMath {
    /** 10^18: one in WAD fixed point. */
    public static final long WAD = 1_000_000_000_000_000_000L;
    /** Virtual shares added to every share total (inflation-attack guard, as in Morpho Blue). */
    public static final long VIRTUAL_SHARES = 1_000_000L;
    /** Virtual assets added to every asset total. */
    public static final long VIRTUAL_ASSETS = 1L;

    private final U128 virtualShares = new U128(0, VIRTUAL_SHARES);
    private final U128 virtualAssets = new U128(0, VIRTUAL_ASSETS);
    private final U128 one = new U128(0, 1);
    private final U128 shareBase = new U128();
    private final U128 assetBase = new U128();

    /**
     * {@code out = ceil(a * b / c)}; {@code out} may be one of the arguments.
     *
     * @param a first factor
     * @param b second factor
     * @param c divisor
     * @param out receives the quotient
     * @return false if {@code c} is 0 or the quotient exceeds 2^128-1
     */
    public boolean mulDivUp(final U128 a, final U128 b, final U128 c, final U128 out) {
        // low 128 bits of a*b; the division is exact iff they equal the low 128 bits of q*c,
        // because the remainder a*b - q*c lies in [0, c) and c < 2^128
        final long abLo = a.lo() * b.lo();
        final long abHi = mulHigh(a.lo(), b.lo()) + a.lo() * b.hi() + a.hi() * b.lo();
        final long cLo = c.lo();
        final long cHi = c.hi();
        if (!out.mulDiv(a, b, c)) {
            return false;
        }
        final long qcLo = out.lo() * cLo;
        final long qcHi = mulHigh(out.lo(), cLo) + out.lo() * cHi + out.hi() * cLo;
        if (qcLo == abLo && qcHi == abHi) {
            return true;
        }
        return out.add(one);
    }

    /**
     * Shares for assets, rounded down: {@code assets * (totalShares + 1e6) / (totalAssets + 1)}.
     *
     * @param assets assets
     * @param totalAssets total assets of the side
     * @param totalShares total shares of the side
     * @param out receives the shares (may alias {@code assets})
     * @return false on overflow
     */
    public boolean toSharesDown(final U128 assets, final U128 totalAssets, final U128 totalShares, final U128 out) {
        return bases(totalAssets, totalShares) && out.mulDiv(assets, shareBase, assetBase);
    }

    /**
     * Shares for assets, rounded up.
     *
     * @param assets assets
     * @param totalAssets total assets of the side
     * @param totalShares total shares of the side
     * @param out receives the shares (may alias {@code assets})
     * @return false on overflow
     */
    public boolean toSharesUp(final U128 assets, final U128 totalAssets, final U128 totalShares, final U128 out) {
        return bases(totalAssets, totalShares) && mulDivUp(assets, shareBase, assetBase, out);
    }

    /**
     * Assets for shares, rounded down: {@code shares * (totalAssets + 1) / (totalShares + 1e6)}.
     *
     * @param shares shares
     * @param totalAssets total assets of the side
     * @param totalShares total shares of the side
     * @param out receives the assets (may alias {@code shares})
     * @return false on overflow
     */
    public boolean toAssetsDown(final U128 shares, final U128 totalAssets, final U128 totalShares, final U128 out) {
        return bases(totalAssets, totalShares) && out.mulDiv(shares, assetBase, shareBase);
    }

    /**
     * Assets for shares, rounded up.
     *
     * @param shares shares
     * @param totalAssets total assets of the side
     * @param totalShares total shares of the side
     * @param out receives the assets (may alias {@code shares})
     * @return false on overflow
     */
    public boolean toAssetsUp(final U128 shares, final U128 totalAssets, final U128 totalShares, final U128 out) {
        return bases(totalAssets, totalShares) && mulDivUp(shares, assetBase, shareBase, out);
    }

    private boolean bases(final U128 totalAssets, final U128 totalShares) {
        assetBase.set(totalAssets);
        shareBase.set(totalShares);
        return assetBase.add(virtualAssets) && shareBase.add(virtualShares);
    }

    /**
     * High 64 bits of the unsigned 128-bit product of two u64 words.
     *
     * @param a first word (unsigned)
     * @param b second word (unsigned)
     * @return the high word
     */
    static long mulHigh(final long a, final long b) {
        return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    }
}
