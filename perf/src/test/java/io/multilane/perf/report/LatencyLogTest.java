package io.multilane.perf.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.HdrHistogram.HistogramLogWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LatencyLogTest {
    @TempDir
    Path dir;

    @Test
    void intervalsAreLoggedAndOnlyPostWarmupCountsInTheTotal() throws IOException {
        final Path hlog = dir.resolve("latency.hlog");
        try (LatencyLog log = new LatencyLog(hlog, 1_000_000L)) {
            for (int i = 0; i < 100; i++) {
                log.record(1_000_000); // 1 ms, warm-up only
            }
            assertEquals(100, log.roll(1_001_000L).getTotalCount());
            log.endWarmup();
            for (int i = 1; i <= 1000; i++) {
                log.record(i * 1_000L);
            }
            log.roll(1_002_000L);
            log.record(50_000L);
            log.roll(1_003_000L);

            final Histogram total = log.total();
            assertEquals(1001, total.getTotalCount());
            assertEquals(100, log.warmup().getTotalCount());
            assertEquals(500_000, total.getValueAtPercentile(50), 500_000 * 0.001);
            assertEquals(1_000_000, total.getMaxValue(), 1_000_000 * 0.001);

            final Path hgrm = dir.resolve("latency.hgrm");
            log.writeDistribution(hgrm);
            final String text = Files.readString(hgrm);
            assertTrue(text.contains("#[Mean"), text);
            assertTrue(text.contains("#[Max"), text);
        }

        long logged = 0;
        int intervals = 0;
        final HistogramLogReader reader = new HistogramLogReader(hlog.toFile());
        for (EncodableHistogram h = reader.nextIntervalHistogram(); h != null; h = reader.nextIntervalHistogram()) {
            logged += ((Histogram) h).getTotalCount();
            intervals++;
        }
        assertEquals(3, intervals);
        assertEquals(1101, logged);
    }

    @Test
    void expectedIntervalBackfillsSamplesAStallHid() throws IOException {
        try (LatencyLog log = new LatencyLog(dir.resolve("co.hlog"), 0)) {
            log.endWarmup();
            log.record(10_000_000L, 1_000_000L); // one 10 ms stall seen by a 1 ms-period sender
            log.roll(1);
            assertEquals(10, log.total().getTotalCount());
        }
    }

    /** The allocation-free line is the one HdrHistogram's own writer produces, byte for byte. */
    @Test
    void intervalLineIsHistogramLogWritersLine() {
        final SplittableRandom random = new SplittableRandom(3);
        try (IntervalLogLine encoder = new IntervalLogLine()) {
            for (int round = 0; round < 50; round++) {
                final Histogram h = new Histogram(LatencyLog.HIGHEST_TRACKABLE_NANOS, 3);
                for (int i = random.nextInt(20_000); i > 0; i--) {
                    h.recordValue(random.nextLong(1_000, 2_000_000_000L));
                }
                // maxima whose millisecond value is no rounding tie, so both roundings agree
                h.recordValue(random.nextLong(1_000, 500_000_000L) / 1000 * 1000 + 123);
                final long base = 1_700_000_000_000L;
                h.setStartTimeStamp(base + random.nextLong(0, 10_000_000));
                h.setEndTimeStamp(h.getStartTimeStamp() + random.nextLong(1, 5_000));
                final ByteArrayOutputStream theirs = new ByteArrayOutputStream();
                final HistogramLogWriter writer = new HistogramLogWriter(new PrintStream(theirs, true, StandardCharsets.UTF_8));
                writer.setBaseTime(base);
                writer.outputIntervalHistogram(h);
                assertEquals(theirs.toString(StandardCharsets.UTF_8), encoder.encode(h, base).toString(), "round " + round);
            }
        }
    }

    /** Once warm, rolling an interval into the log (encode, compress, write, fold into the total) allocates nothing. */
    @Test
    void rollAllocatesNothingOnceWarm() throws IOException {
        final com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        mx.setThreadAllocatedMemoryEnabled(true);
        final long self = Thread.currentThread().getId();
        final SplittableRandom random = new SplittableRandom(5);
        try (LatencyLog log = new LatencyLog(dir.resolve("warm.hlog"), System.currentTimeMillis())) {
            log.endWarmup();
            final int rolls = 20_000;
            for (int i = 0; i < rolls; i++) {
                fill(log, random);
                log.roll(System.currentTimeMillis());
            }
            final long before = mx.getThreadAllocatedBytes(self);
            for (int i = 0; i < rolls; i++) {
                fill(log, random);
                log.roll(System.currentTimeMillis());
            }
            final long allocated = mx.getThreadAllocatedBytes(self) - before;
            assertTrue(allocated < 1024, "rolled " + rolls + " intervals with " + allocated + " bytes allocated");
            assertEquals(2L * rolls * 50, log.total().getTotalCount());
        }
    }

    private static void fill(final LatencyLog log, final SplittableRandom random) {
        for (int k = 0; k < 50; k++) {
            log.record(random.nextLong(10_000, 50_000_000));
        }
    }
}
