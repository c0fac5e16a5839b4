package io.multilane.perf.soak;

import io.multilane.perf.report.Json;
import io.multilane.perf.report.LineBuffer;
import io.multilane.pipeline.BlockResult;
import org.HdrHistogram.Histogram;

/**
 * Where a block's latency went, per block: scheduled arrival to fully in the ring (the submitter and the
 * ingress, including a full ring), ring to the commit role beginning it (the blocks ahead of it), lane
 * execution (busy time summed over lanes), commit (validation, apply, re-execution) and seal, in
 * HdrHistograms of microseconds; plus the persistence backlog at each seal (sealed blocks the store of
 * record has not taken in yet). A tail then explains itself without a profiler.
 *
 * <p>The commit role records ({@link #record}); the reporter reads the interval maxima
 * ({@link #worstOfInterval}) and, at the end, the totals ({@link #toJson}) after the run has stopped.
 * {@link #reset} (warm-up's end) is requested by the reporter and carried out by the recorder.
 * Allocation-free when recording.
 */
final class LatencyBreakdown {
    /** Parts of a block's latency, in the order of the histograms. */
    static final String[] PARTS = {"scheduleToRing", "ringToCommit", "execute", "commit", "seal"};
    private static final long HIGHEST_MICROS = 3_600_000_000L;

    private final Histogram[] parts = new Histogram[PARTS.length];
    private final Histogram backlog = new Histogram(1L << 40, 2);
    private final long[] intervalMax = new long[PARTS.length];
    private volatile boolean resetRequested;

    LatencyBreakdown() {
        for (int i = 0; i < parts.length; i++) {
            parts[i] = new Histogram(HIGHEST_MICROS, 3);
        }
    }

    /**
     * Commit role: records one sealed block.
     *
     * @param block          the block's result
     * @param intendedNanos  its scheduled arrival
     * @param backlogBlocks  sealed blocks not yet in the store of record
     */
    void record(final BlockResult block, final long intendedNanos, final long backlogBlocks) {
        if (resetRequested) {
            for (Histogram h : parts) {
                h.reset();
            }
            backlog.reset();
            resetRequested = false;
        }
        put(0, block.ringNanos() - intendedNanos);
        put(1, block.beginNanos() - block.ringNanos());
        put(2, block.executeNanos());
        put(3, block.commitNanos());
        put(4, block.sealNanos());
        backlog.recordValue(Math.max(0, backlogBlocks));
    }

    private void put(final int part, final long nanos) {
        final long micros = Math.min(HIGHEST_MICROS, Math.max(0, nanos / 1_000));
        parts[part].recordValue(micros);
        if (micros > intervalMax[part]) {
            intervalMax[part] = micros;
        }
    }

    /** Reporter: the histograms restart with the next block (after warm-up). */
    void reset() {
        resetRequested = true;
    }

    /**
     * Reporter: appends the part with the largest maximum since the last call, e.g. {@code "seal 3.10ms"}; the
     * maxima restart. Read while blocks commit, so a value may be one block late. Allocation-free.
     *
     * @param line receives the worst part and its maximum
     */
    void worstOfInterval(final LineBuffer line) {
        int worst = 0;
        for (int i = 1; i < intervalMax.length; i++) {
            if (intervalMax[i] > intervalMax[worst]) {
                worst = i;
            }
        }
        line.append(PARTS[worst]).append(' ').micros(intervalMax[worst] * 1_000, 0);
        for (int i = 0; i < intervalMax.length; i++) {
            intervalMax[i] = 0;
        }
    }

    /** @return {@code latencyBreakdownMicros}: p50, p99 and max of each part, and the backlog in blocks */
    Json toJson() {
        final Json json = new Json();
        for (int i = 0; i < parts.length; i++) {
            json.put(PARTS[i], percentiles(parts[i]));
        }
        json.put("persistenceBacklogBlocks", percentiles(backlog));
        return json;
    }

    private static Json percentiles(final Histogram h) {
        return new Json().put("p50", h.getValueAtPercentile(50)).put("p99", h.getValueAtPercentile(99))
                .put("max", h.getMaxValue());
    }
}
