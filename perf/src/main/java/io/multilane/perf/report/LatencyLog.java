package io.multilane.perf.report;

import java.io.Closeable;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.HdrHistogram.Recorder;

/**
 * Per-transaction latency in nanoseconds, recorded without allocation by one writer thread and
 * rolled into interval histograms by one reporter thread.
 *
 * <p>The writer (the thread that sees commits) calls {@link #record(long)}: HdrHistogram's
 * {@link Recorder} makes that wait-free and allocation-free. The reporter calls
 * {@link #roll(long)} once per interval: it swaps out the interval histogram, appends it to the
 * interval log ({@code latency.hlog}, one {@link IntervalLogLine} written straight to the file) and,
 * once warm-up is over, adds it to the run total that {@link #total()} returns; once warm that
 * allocates nothing either ({@code LatencyLogTest}). Latency measured from the intended send time of an open-loop load
 * generator already includes the queueing a stalled system causes, which is what
 * coordinated-omission correction is for; callers that measure from the actual send time can
 * use {@link #record(long, long)} with the expected interval instead.
 */
public final class LatencyLog implements Closeable {
    /** Highest trackable latency: one hour. */
    public static final long HIGHEST_TRACKABLE_NANOS = 3_600_000_000_000L;
    private static final int SIGNIFICANT_DIGITS = 3;

    private final Recorder recorder = new Recorder(HIGHEST_TRACKABLE_NANOS, SIGNIFICANT_DIGITS);
    private final Histogram total = new Histogram(HIGHEST_TRACKABLE_NANOS, SIGNIFICANT_DIGITS);
    private final Histogram warmup = new Histogram(HIGHEST_TRACKABLE_NANOS, SIGNIFICANT_DIGITS);
    private final FileOutputStream logStream;
    private final IntervalLogLine line = new IntervalLogLine();
    private final long baseTimeMs;
    private Histogram interval;
    private boolean warm;

    /**
     * Opens the interval log.
     *
     * @param hlog      where the interval log is written (HdrHistogram log format, readable by
     *                  {@code HistogramLogReader} and the HdrHistogram plotting tools)
     * @param startMs   the run's start, as epoch milliseconds, written as the log's base time
     * @throws IOException if the log cannot be created
     */
    public LatencyLog(final Path hlog, final long startMs) throws IOException {
        logStream = new FileOutputStream(hlog.toFile());
        baseTimeMs = startMs;
        final HistogramLogWriter logWriter = new HistogramLogWriter(new PrintStream(logStream, false, StandardCharsets.UTF_8));
        logWriter.outputLogFormatVersion();
        logWriter.outputComment("multilane per-transaction latency, nanoseconds, intended send time to commit");
        logWriter.outputStartTime(startMs);
        logWriter.setBaseTime(startMs);
        logWriter.outputLegend();
    }

    /**
     * Records one latency. Writer thread only; wait-free, allocation-free.
     *
     * @param latencyNanos latency in nanoseconds (clamped to the trackable range)
     */
    public void record(final long latencyNanos) {
        recorder.recordValue(clamp(latencyNanos));
    }

    /**
     * Records the same latency for {@code count} transactions (a block's transactions all commit
     * at its seal). Writer thread only; wait-free, allocation-free.
     *
     * @param latencyNanos latency in nanoseconds (clamped to the trackable range)
     * @param count        how many transactions saw it
     */
    public void recordCount(final long latencyNanos, final long count) {
        recorder.recordValueWithCount(clamp(latencyNanos), count);
    }

    /**
     * Records one latency measured from the actual send time, back-filling the samples a stall
     * hid from a sender that expected to send every {@code expectedIntervalNanos}.
     *
     * @param latencyNanos          latency in nanoseconds
     * @param expectedIntervalNanos the sender's intended interval between sends
     */
    public void record(final long latencyNanos, final long expectedIntervalNanos) {
        recorder.recordValueWithExpectedInterval(clamp(latencyNanos), expectedIntervalNanos);
    }

    /**
     * Marks the end of warm-up: intervals rolled from now on count in {@link #total()}.
     * Reporter thread only.
     */
    public void endWarmup() {
        warm = true;
    }

    /**
     * Closes the current interval: logs it and folds it into the total (after warm-up).
     * Reporter thread only; allocation-free once warm.
     *
     * @param nowMs the interval's end, epoch milliseconds
     * @return the interval just closed; valid until the next call
     * @throws UncheckedIOException if the interval log cannot be written
     */
    public Histogram roll(final long nowMs) {
        interval = recorder.getIntervalHistogram(interval);
        interval.setEndTimeStamp(nowMs);
        try {
            line.encode(interval, baseTimeMs).writeTo(logStream);
        } catch (IOException e) {
            throw new UncheckedIOException("writing the latency interval log", e);
        }
        (warm ? total : warmup).add(interval);
        return interval;
    }

    /**
     * The latencies recorded after warm-up, in the intervals rolled so far. Reporter thread only.
     *
     * @return the run total
     */
    public Histogram total() {
        return total;
    }

    /**
     * The latencies recorded during warm-up. Reporter thread only.
     *
     * @return the warm-up total
     */
    public Histogram warmup() {
        return warmup;
    }

    /**
     * Writes the percentile distribution of the total in HdrHistogram's {@code .hgrm} text format
     * (values in microseconds).
     *
     * @param hgrm the file to write
     * @throws IOException if it cannot be written
     */
    public void writeDistribution(final Path hgrm) throws IOException {
        try (PrintStream out = new PrintStream(Files.newOutputStream(hgrm), false, StandardCharsets.UTF_8)) {
            total.outputPercentileDistribution(out, 5, 1000.0);
        }
    }

    @Override
    public void close() throws IOException {
        line.close();
        logStream.close();
    }

    private static long clamp(final long nanos) {
        return Math.max(0, Math.min(nanos, HIGHEST_TRACKABLE_NANOS));
    }
}
