package io.multilane.state;

import org.agrona.DirectBuffer;
import org.agrona.UnsafeApi;

/**
 * Compares byte ranges of two {@link DirectBuffer}s, on-heap or off-heap, eight bytes at a time
 * ({@code Arrays.equals} ranges need two arrays; records here mostly live off-heap). The one byte-range compare of
 * the store (unchanged record, root fold) and the lanes (reads still valid at commit). Stateless, allocation-free;
 * any thread.
 */
public final class ByteRanges {
    private ByteRanges() {
    }

    /**
     * @param a       first buffer
     * @param aOffset where in {@code a}
     * @param b       second buffer
     * @param bOffset where in {@code b}
     * @param length  bytes to compare (any length; both ranges must lie within their buffers)
     * @return whether the two ranges hold the same bytes
     */
    public static boolean equal(final DirectBuffer a, final int aOffset, final DirectBuffer b, final int bOffset,
            final int length) {
        int i = 0;
        for (; i + Long.BYTES <= length; i += Long.BYTES) {
            if (a.getLong(aOffset + i) != b.getLong(bOffset + i)) {
                return false;
            }
        }
        for (; i < length; i++) {
            if (a.getByte(aOffset + i) != b.getByte(bOffset + i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The same over raw addresses (off-heap memory another library hands over, e.g. Chronicle's entries).
     *
     * @param a      address of the first range
     * @param b      address of the second range
     * @param length bytes to compare
     * @return whether the two ranges hold the same bytes
     */
    public static boolean equal(final long a, final long b, final int length) {
        int i = 0;
        for (; i + Long.BYTES <= length; i += Long.BYTES) {
            if (UnsafeApi.getLong(a + i) != UnsafeApi.getLong(b + i)) {
                return false;
            }
        }
        for (; i < length; i++) {
            if (UnsafeApi.getByte(a + i) != UnsafeApi.getByte(b + i)) {
                return false;
            }
        }
        return true;
    }
}
