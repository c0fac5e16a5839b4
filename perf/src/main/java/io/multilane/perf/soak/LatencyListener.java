package io.multilane.perf.soak;

import java.util.function.LongSupplier;

import io.multilane.perf.report.LatencyLog;
import io.multilane.pipeline.BlockListener;
import io.multilane.pipeline.BlockResult;

/**
 * Records, on the engine's commit thread, the latency of every transaction of a sealed block: from
 * the block's intended arrival (its slot in the open-loop schedule, set by the submitter before
 * {@code submit}) to its seal. Stalls anywhere (submitter, ring, lanes, commit, journal) count,
 * because the start is the schedule, not the moment the block was actually handed over.
 *
 * <p>The submitter writes {@link #intend} before submitting; the ring's publication makes the write
 * visible to the commit thread. Blocks without an intended time (setup) are not recorded.
 * Allocation-free.
 */
final class LatencyListener implements BlockListener {
    private static final int SLOTS = 1 << 12;
    private static final int MASK = SLOTS - 1;

    private final LatencyLog log;
    private final long[] intendedNanos = new long[SLOTS];
    private final long[] heights = new long[SLOTS];
    private final long[] failedByReason = new long[BlockResult.REASON_BUCKETS];
    private final LatencyBreakdown breakdown = new LatencyBreakdown();
    private final LongSupplier persistedHeight;

    /**
     * @param log             the latency log
     * @param persistedHeight the height the store of record holds (any thread), for the persistence backlog
     */
    LatencyListener(final LatencyLog log, final LongSupplier persistedHeight) {
        this.log = log;
        this.persistedHeight = persistedHeight;
    }

    /** @return the per-block latency breakdown */
    LatencyBreakdown breakdown() {
        return breakdown;
    }

    /** Submitter thread: block {@code height} was due at {@code nanos} ({@link System#nanoTime()}). */
    void intend(final long height, final long nanos) {
        final int slot = (int) (height & MASK);
        intendedNanos[slot] = nanos;
        heights[slot] = height;
    }

    @Override
    public void onBlock(final BlockResult result) {
        final int slot = (int) (result.height() & MASK);
        if (result.sealed() && heights[slot] == result.height() && intendedNanos[slot] != 0) {
            log.recordCount(System.nanoTime() - intendedNanos[slot], result.transactions());
            breakdown.record(result, intendedNanos[slot], result.height() - persistedHeight.getAsLong());
        }
        if (result.failed() > 0) {
            for (int reason = 1; reason < failedByReason.length; reason++) {
                failedByReason[reason] += result.failedWith(reason);
            }
        }
    }

    /**
     * Copies the running count of non-success receipts per reason code. Any thread; a snapshot
     * taken while blocks commit may mix two blocks' counts.
     *
     * @param into receives the counts, indexed by reason code
     */
    void failedByReason(final long[] into) {
        System.arraycopy(failedByReason, 0, into, 0, Math.min(into.length, failedByReason.length));
    }
}
