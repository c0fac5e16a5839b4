package io.multilane.perf.report;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A reusable line of text built in a byte array and written to a stream as bytes, so that a report written every
 * second (the soak's progress line, an interval-log line) allocates nothing once its buffer has grown to the longest
 * line: {@code String.format} allocates a {@code Formatter}, boxes every number and builds a {@code String} per call.
 * Text is encoded as UTF-8 (the progress line's {@code µ} is two bytes); numbers are decimal fixed-point from a
 * scaled {@code long} (e.g. hundredths), rounded by the caller with {@link Math#round(double)}.
 *
 * <p>Not thread-safe: one owner, which clears, appends and writes.
 */
public final class LineBuffer {
    private static final byte[] BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
            .getBytes(StandardCharsets.US_ASCII);
    /** Digits of a long, a sign, a point and a grouping comma per three digits fit in this. */
    private static final int NUMBER_SCRATCH = 32;

    private final byte[] digits = new byte[NUMBER_SCRATCH];
    private byte[] bytes;
    private int length;

    /** @param capacity initial capacity in bytes; the line grows (allocating) when a longer one is built */
    public LineBuffer(final int capacity) {
        bytes = new byte[Math.max(16, capacity)];
    }

    /** @return this line, emptied */
    public LineBuffer clear() {
        length = 0;
        return this;
    }

    /** @return the line's length in bytes */
    public int length() {
        return length;
    }

    /**
     * @param text text to append, as UTF-8 (characters outside the Basic Multilingual Plane become {@code ?})
     * @return this line
     */
    public LineBuffer append(final CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            append(text.charAt(i));
        }
        return this;
    }

    /**
     * @param c a character to append, as UTF-8 (a surrogate becomes {@code ?})
     * @return this line
     */
    public LineBuffer append(final char c) {
        if (c < 0x80) {
            put((byte) c);
        } else if (c < 0x800) {
            put((byte) (0xC0 | c >> 6));
            put((byte) (0x80 | c & 0x3F));
        } else if (Character.isSurrogate(c)) {
            put((byte) '?');
        } else {
            put((byte) (0xE0 | c >> 12));
            put((byte) (0x80 | c >> 6 & 0x3F));
            put((byte) (0x80 | c & 0x3F));
        }
        return this;
    }

    /**
     * @param value a number to append in decimal
     * @return this line
     */
    public LineBuffer append(final long value) {
        return fixed(value, 0, 0, false);
    }

    /**
     * Appends {@code scaled / 10^decimals} with exactly {@code decimals} digits after the point, like
     * {@code %W.Df} (or {@code %,W.Df} when grouped) of the unscaled value.
     *
     * @param scaled   the value times {@code 10^decimals}, already rounded
     * @param decimals digits after the point, 0..18
     * @param width    minimum width; shorter numbers are padded with spaces on the left
     * @param grouped  whether the integer part gets a comma every three digits
     * @return this line
     */
    public LineBuffer fixed(final long scaled, final int decimals, final int width, final boolean grouped) {
        if (decimals < 0 || decimals > 18) {
            throw new IllegalArgumentException("decimals must be 0..18: " + decimals);
        }
        int at = NUMBER_SCRATCH;
        long rest = scaled;
        int written = 0;
        do {
            if (written == decimals && decimals > 0) {
                digits[--at] = '.';
            } else if (grouped && written > decimals && (written - decimals) % 3 == 0) {
                digits[--at] = ',';
            }
            digits[--at] = (byte) ('0' + Math.abs(rest % 10));
            rest /= 10;
            written++;
        } while (rest != 0 || written <= decimals);
        if (scaled < 0) {
            digits[--at] = '-';
        }
        for (int pad = width - (NUMBER_SCRATCH - at); pad > 0; pad--) {
            put((byte) ' ');
        }
        for (int i = at; i < NUMBER_SCRATCH; i++) {
            put(digits[i]);
        }
        return this;
    }

    /**
     * Appends a duration the way the soak shows one, a number and a unit: whole milliseconds from 10 ms, hundredths
     * of a millisecond from 1 ms, whole microseconds below (like {@code %6.0fms}, {@code %6.2fms}, {@code %6.0fµs}
     * for a width of 6).
     *
     * @param nanos the duration in nanoseconds
     * @param width minimum width of the number (0: no padding)
     * @return this line
     */
    public LineBuffer micros(final long nanos, final int width) {
        if (nanos >= 10_000_000L) {
            return fixed(Math.round(nanos / 1e6), 0, width, false).append("ms");
        }
        if (nanos >= 1_000_000L) {
            return fixed(Math.round(nanos / 1e4), 2, width, false).append("ms");
        }
        return fixed(Math.round(nanos / 1e3), 0, width, false).append("µs");
    }

    /**
     * Appends bytes in standard Base64 (RFC 4648, with padding).
     *
     * @param src    the bytes
     * @param offset the first
     * @param count  how many
     * @return this line
     */
    public LineBuffer base64(final byte[] src, final int offset, final int count) {
        final int end = offset + count;
        int i = offset;
        for (; i + 3 <= end; i += 3) {
            final int bits = (src[i] & 0xFF) << 16 | (src[i + 1] & 0xFF) << 8 | src[i + 2] & 0xFF;
            put(BASE64[bits >>> 18]);
            put(BASE64[bits >>> 12 & 0x3F]);
            put(BASE64[bits >>> 6 & 0x3F]);
            put(BASE64[bits & 0x3F]);
        }
        if (end - i == 1) {
            final int bits = (src[i] & 0xFF) << 16;
            put(BASE64[bits >>> 18]);
            put(BASE64[bits >>> 12 & 0x3F]);
            put((byte) '=');
            put((byte) '=');
        } else if (end - i == 2) {
            final int bits = (src[i] & 0xFF) << 16 | (src[i + 1] & 0xFF) << 8;
            put(BASE64[bits >>> 18]);
            put(BASE64[bits >>> 12 & 0x3F]);
            put(BASE64[bits >>> 6 & 0x3F]);
            put((byte) '=');
        }
        return this;
    }

    /**
     * Writes the line's bytes; {@link PrintStream#write(byte[], int, int)} and a {@code FileOutputStream} copy them
     * without allocating.
     *
     * @param out the stream
     * @throws IOException if the stream throws
     */
    public void writeTo(final OutputStream out) throws IOException {
        out.write(bytes, 0, length);
    }

    /**
     * Writes the line's bytes to a print stream (which reports errors through {@link PrintStream#checkError()}).
     *
     * @param out the stream
     */
    public void writeTo(final PrintStream out) {
        out.write(bytes, 0, length);
    }

    /** @return the line decoded as UTF-8; allocates, for one-off text and tests */
    @Override
    public String toString() {
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    private void put(final byte b) {
        if (length == bytes.length) {
            bytes = Arrays.copyOf(bytes, bytes.length * 2);
        }
        bytes[length++] = b;
    }
}
