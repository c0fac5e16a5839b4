package io.multilane.perf.report;

import org.agrona.DirectBuffer;

/**
 * Lower-case hex of a buffer's bytes, for roots in reports and CLI output. Stateless; any thread;
 * allocates the returned string.
 */
public final class Hex {
    private Hex() {
    }

    /**
     * @param bytes the buffer; all of its capacity is printed
     * @return two hex digits per byte
     */
    public static String of(final DirectBuffer bytes) {
        final StringBuilder sb = new StringBuilder(2 * bytes.capacity());
        for (int i = 0; i < bytes.capacity(); i++) {
            final int b = bytes.getByte(i);
            sb.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return sb.toString();
    }
}
