package io.multilane.perf.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import io.multilane.perf.report.JvmStats;
import io.multilane.perf.report.LatencyLog;
import io.multilane.pipeline.BlockResult;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soak reporter's once-a-second step — roll the interval into the log, read the GC count, format and write the
 * progress line — allocates nothing once warm, and the line reads as it did when {@code String.format} built it.
 */
class ProgressLineTest {
    @TempDir
    Path dir;

    @Test
    void lineReadsAsBefore() {
        final Histogram interval = new Histogram(LatencyLog.HIGHEST_TRACKABLE_NANOS, 3);
        interval.recordValue(4_240_000);
        final LatencyBreakdown breakdown = new LatencyBreakdown();
        breakdown.record(BlockResult.reusable(1), -5_600_000, 0);
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new ProgressLine().write(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, 12_030_000_000L, 99_999.6,
                interval, 0.125, 208_400, 0, breakdown);
        assertEquals("run    12.0s    100,000 tx/s  p50   4.24ms  p99   4.24ms  p99.9   4.24ms  max   4.24ms  reexec  0.13%"
                + "  lag    208µs  gc 0  worst scheduleToRing 5.60ms\n", bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void reportStepAllocatesNothingOnceWarm() throws IOException {
        final com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        mx.setThreadAllocatedMemoryEnabled(true);
        final long self = Thread.currentThread().getId();
        final PrintStream out = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        final ProgressLine progress = new ProgressLine();
        final LatencyBreakdown breakdown = new LatencyBreakdown();
        final BlockResult block = BlockResult.reusable(1);
        try (LatencyLog log = new LatencyLog(dir.resolve("latency.hlog"), System.currentTimeMillis())) {
            final int steps = 20_000;
            for (int i = 0; i < steps; i++) {
                step(out, progress, breakdown, block, log, i);
            }
            final long before = mx.getThreadAllocatedBytes(self);
            for (int i = 0; i < steps; i++) {
                step(out, progress, breakdown, block, log, i);
            }
            final long allocated = mx.getThreadAllocatedBytes(self) - before;
            assertTrue(allocated < 1024, steps + " report steps allocated " + allocated + " bytes");
        }
    }

    private static void step(final PrintStream out, final ProgressLine progress, final LatencyBreakdown breakdown,
            final BlockResult block, final LatencyLog log, final int i) {
        log.record(1_000L + i * 997L % 40_000_000L);
        breakdown.record(block, -(i % 7) * 1_000_000L, i % 3);
        final Histogram interval = log.roll(System.currentTimeMillis());
        progress.write(out, i % 2 == 0, i * 1_000_000_000L, 100_000.0 - i % 5, interval, i % 4 * 0.01,
                i * 12_345L, JvmStats.gcCount(), breakdown);
    }
}
