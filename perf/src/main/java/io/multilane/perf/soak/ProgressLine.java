package io.multilane.perf.soak;

import java.io.PrintStream;

import io.multilane.perf.report.LineBuffer;
import org.HdrHistogram.Histogram;

/**
 * The soak's once-a-second progress line, e.g.
 * {@code run    12.0s    100,000 tx/s  p50   4.24ms  p99   8.19ms  p99.9     11ms  max     11ms  reexec  0.00%  lag
 * 208µs  gc 0  worst commit 5.60ms}, built in a reused {@link LineBuffer} and written as bytes: it allocates
 * nothing, so the reporter adds no garbage to a run that is meant to have no GC after warm-up
 * ({@code ProgressLineTest}). Reporter thread only.
 */
final class ProgressLine {
    private final LineBuffer line = new LineBuffer(256);

    /**
     * Formats and writes one line.
     *
     * @param out           where
     * @param warm          whether warm-up is over
     * @param elapsedNanos  time since the schedule started
     * @param tps           transactions committed per second over the interval
     * @param interval      the interval's latency histogram, nanoseconds
     * @param reexecPercent re-executed transactions over the interval, percent
     * @param lagNanos      the schedule's largest lag in the interval
     * @param gcs           collections since warm-up ended (or since start, during warm-up)
     * @param breakdown     the latency breakdown, whose worst part of the interval ends the line (its maxima restart)
     */
    // CHECKSTYLE.OFF: ParameterNumber
    void write(final PrintStream out, final boolean warm, final long elapsedNanos, final double tps,
            final Histogram interval, final double reexecPercent, final long lagNanos, final long gcs,
            final LatencyBreakdown breakdown) {
        // CHECKSTYLE.ON: ParameterNumber
        line.clear().append(warm ? "run " : "warm").append(' ').fixed(Math.round(elapsedNanos / 1e8), 1, 6, false)
                .append("s  ").fixed(Math.round(tps), 0, 9, true).append(" tx/s  p50 ")
                .micros(interval.getValueAtPercentile(50), 6).append("  p99 ")
                .micros(interval.getValueAtPercentile(99), 6).append("  p99.9 ")
                .micros(interval.getValueAtPercentile(99.9), 6).append("  max ")
                .micros(interval.getMaxValue(), 6).append("  reexec ")
                .fixed(Math.round(reexecPercent * 100), 2, 5, false).append("%  lag ")
                .micros(lagNanos, 6).append("  gc ").append(gcs).append("  worst ");
        breakdown.worstOfInterval(line);
        line.append('\n').writeTo(out);
    }
}
