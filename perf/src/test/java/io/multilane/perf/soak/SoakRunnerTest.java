package io.multilane.perf.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.multilane.exec.workload.Workloads;
import io.multilane.pipeline.WaitKind;
import io.multilane.state.StateConfig;
import io.multilane.state.StateStore;
import io.multilane.state.StateStores;
import io.multilane.state.Writeback;
import io.multilane.state.root.LtHash;
import io.multilane.state.root.RootHex;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.HistogramLogReader;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs short soaks on small workloads and checks the report is complete and self-consistent. Speed is
 * not asserted here (that is the soak's own verdict on a quiet machine), only what the schedule fixes.
 */
class SoakRunnerTest {
    @TempDir
    Path dir;

    private SoakConfig config(final String workload, final long tps, final long seconds, final int blockSize) {
        return new SoakConfig(workload, 7, 2_000, tps, seconds, 1, 2, false, blockSize, WaitKind.BLOCKING, false, false,
                Writeback.PACED, dir.resolve("data"), dir.resolve("report"), false, true);
    }

    @Test
    void reportHoldsEveryArtefactAndTheFiguresTheScheduleFixes() throws IOException {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final SoakConfig config = config(Workloads.DEFI_MIX, 5_000, 2, 100);
        final SoakResult result = new SoakRunner(config, new PrintStream(bytes, true, StandardCharsets.UTF_8)).run();
        final String printed = bytes.toString(StandardCharsets.UTF_8);

        // 2 s at 5,000 tx/s in blocks of 100: exactly 100 blocks are offered after warm-up.
        final String summary = Files.readString(dir.resolve("report/summary.json"));
        assertTrue(summary.contains("\"transactions\": 10000"), summary);
        assertEquals(10_000, result.latency().getTotalCount());
        assertTrue(summary.contains("\"offeredTps\": 5000"), summary);
        for (String field : new String[] {"\"p99.99\"", "\"max\"", "\"reexecutionRate\"", "\"gcAfterWarmup\"",
            "\"allocatedBytesPerTx\"", "\"finalHeight\"", "\"stateRoot\"", "\"sustained\"", "\"failedByReason\"",
            "\"cpuNanosPerTx\"", "\"commit\"", "\"lanes\"", "\"persistence\"", "\"ceilingTps\"",
            "\"latencyBreakdownMicros\"", "\"scheduleToRing\"", "\"ringToCommit\"", "\"execute\"", "\"seal\"",
            "\"persistenceBacklogBlocks\"", "\"allocatedAfterWarmup\"", "\"bytesPerSecond\"", "\"byThread\""}) {
            assertTrue(summary.contains(field), field + " missing from " + summary);
        }
        assertTrue(Files.readString(dir.resolve("report/latency.hgrm")).contains("#[Max"));
        assertTrue(Files.size(dir.resolve("report/latency.png")) > 1_000);
        assertTrue(printed.contains("run "), printed);
        assertTrue(printed.contains("p99.9"), printed);
        // warm-up ends with one System.gc(), outside the window, and both outputs say so
        assertTrue(printed.contains("warm-up over: one System.gc()"), printed);
        assertTrue(summary.contains("\"systemGcAtWarmupEnd\": true"), summary);

        long logged = 0;
        final HistogramLogReader reader = new HistogramLogReader(dir.resolve("report/latency.hlog").toFile());
        for (EncodableHistogram h = reader.nextIntervalHistogram(); h != null; h = reader.nextIntervalHistogram()) {
            logged += ((org.HdrHistogram.Histogram) h).getTotalCount();
        }
        assertTrue(logged >= 10_000, "interval log holds " + logged + " latencies");

        // The store the soak leaves behind recovers to the reported height and root.
        try (StateStore store = StateStores.open(StateConfig.of(dir.resolve("data"), 1))) {
            final UnsafeBuffer root = new UnsafeBuffer(new byte[LtHash.DIGEST_LENGTH]);
            store.root(root, 0);
            assertTrue(summary.contains("\"finalHeight\": " + store.sealedHeight()), summary);
            assertTrue(summary.contains("\"stateRoot\": \"" + RootHex.of(root) + "\""), summary);
        }
    }

    @Test
    void sameSeedGivesTheSameFinalRootWhateverTheTiming() throws IOException {
        final PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        new SoakRunner(config(Workloads.TRANSFERS_ZIPF, 4_000, 1, 200), quiet).run();
        final String first = Files.readString(dir.resolve("report/summary.json"));
        new SoakRunner(new SoakConfig(Workloads.TRANSFERS_ZIPF, 7, 2_000, 4_000, 1, 1, 1, false, 200, WaitKind.BACKOFF, false,
                false, Writeback.PACED,
                dir.resolve("data"), dir.resolve("report"), false, false), quiet).run();
        final String second = Files.readString(dir.resolve("report/summary.json"));
        assertEquals(field(first, "stateRoot"), field(second, "stateRoot"));
        assertEquals(field(first, "finalHeight"), field(second, "finalHeight"));
    }

    @Test
    void refusesToWipeADirectoryThatIsNotAStore() throws IOException {
        final Path precious = Files.createDirectories(dir.resolve("precious"));
        Files.writeString(precious.resolve("notes.txt"), "keep me");
        final SoakConfig config = new SoakConfig(Workloads.DEFI_MIX, 7, 2_000, 1_000, 1, 0, 1, false, 100, WaitKind.BLOCKING,
                false, false, Writeback.PACED, precious, dir.resolve("report"), false, true);
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SoakRunner(config, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run());
        assertTrue(e.getMessage().contains("refusing to wipe"), e.getMessage());
        assertEquals("keep me", Files.readString(precious.resolve("notes.txt")));
    }

    @Test
    void badFiguresAreRejectedWithTheOptionName() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SoakConfig("defi-mix", 1, 0,
                0, 1, 0, 1, false, 100, WaitKind.BLOCKING, false, false, Writeback.PACED, dir, dir, false, true));
        assertTrue(e.getMessage().contains("--tps"), e.getMessage());
    }

    private static String field(final String json, final String name) {
        final int at = json.indexOf("\"" + name + "\": ");
        return json.substring(at, json.indexOf('\n', at));
    }
}
