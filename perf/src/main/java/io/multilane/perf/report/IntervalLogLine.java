package io.multilane.perf.report;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.Deflater;

import org.HdrHistogram.Histogram;

/**
 * Builds one interval line of HdrHistogram's interval log ({@code latency.hlog}) without allocating once warm:
 * {@code start,length,max,histogram} — the interval's start in seconds after the log's base time and its length
 * in seconds (three decimals), its maximum divided by 10^6 (milliseconds for nanosecond values, rounded half up to
 * three decimals), and the histogram in HdrHistogram's compressed encoding, Base64. {@code HistogramLogReader}
 * reads it like a line of {@code HistogramLogWriter}, which writes the same bytes but allocates per line (a
 * {@code Deflater}, a copy of the compressed bytes, a Base64 {@code String}, a {@code Formatter} and boxed
 * doubles): at one line a second that was most of the soak reporter's garbage. Here the uncompressed encoding
 * buffer, the compressed bytes and the {@link Deflater} (best compression, as {@code HistogramLogWriter}; reset,
 * never ended until {@link #close}) are kept.
 *
 * <p>Not thread-safe: one owner (the reporter thread).
 */
final class IntervalLogLine implements AutoCloseable {
    /** HdrHistogram's cookie of a compressed V2 encoding of a {@code long}-count histogram. */
    static final int COMPRESSED_V2_COOKIE = 0x1c849304 | 0x10;
    private static final int HEADER = 8;

    private final Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
    private final LineBuffer line = new LineBuffer(1024);
    private ByteBuffer uncompressed = ByteBuffer.allocate(0);
    private byte[] compressed = new byte[0];

    /**
     * @param histogram  the interval (its start and end time stamps set, epoch milliseconds)
     * @param baseTimeMs the log's base time, epoch milliseconds
     * @return the line, ending in a newline; valid until the next call
     */
    LineBuffer encode(final Histogram histogram, final long baseTimeMs) {
        final long startMs = histogram.getStartTimeStamp() - baseTimeMs;
        final long lengthMs = histogram.getEndTimeStamp() - histogram.getStartTimeStamp();
        line.clear().fixed(startMs, 3, 0, false).append(',').fixed(lengthMs, 3, 0, false).append(',')
                .fixed((histogram.getMaxValue() + 500) / 1000, 3, 0, false).append(',');
        final int size = compress(histogram);
        return line.base64(compressed, 0, size).append('\n');
    }

    /** @return bytes of {@link #compressed}: the cookie, the deflated length, the deflated encoding */
    private int compress(final Histogram histogram) {
        final int needed = histogram.getNeededByteBufferCapacity();
        if (uncompressed.capacity() < needed) {
            uncompressed = ByteBuffer.allocate(needed).order(ByteOrder.BIG_ENDIAN);
            // zlib's worst case is a few bytes per 16 KB above the input; this is far more
            compressed = new byte[HEADER + needed + needed / 64 + 64];
        }
        uncompressed.clear();
        final int length = histogram.encodeIntoByteBuffer(uncompressed);
        deflater.reset();
        deflater.setInput(uncompressed.array(), 0, length);
        deflater.finish();
        final int deflated = deflater.deflate(compressed, HEADER, compressed.length - HEADER);
        if (!deflater.finished()) {
            throw new IllegalStateException("deflated histogram larger than its buffer: " + compressed.length);
        }
        putInt(0, COMPRESSED_V2_COOKIE);
        putInt(4, deflated);
        return HEADER + deflated;
    }

    private void putInt(final int at, final int value) {
        compressed[at] = (byte) (value >>> 24);
        compressed[at + 1] = (byte) (value >>> 16);
        compressed[at + 2] = (byte) (value >>> 8);
        compressed[at + 3] = (byte) value;
    }

    /** Frees the deflater's native memory. */
    @Override
    public void close() {
        deflater.end();
    }
}
