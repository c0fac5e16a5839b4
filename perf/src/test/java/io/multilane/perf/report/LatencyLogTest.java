package io.multilane.perf.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
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
}
