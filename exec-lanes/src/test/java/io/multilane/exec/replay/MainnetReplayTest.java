package io.multilane.exec.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import io.multilane.exec.testing.TestStores;
import io.multilane.state.StateStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainnetReplayTest {
    @TempDir
    Path dir;

    @Test
    void serialReplayOfMainnetPevmReproducesExpectedFinalByteForByte() throws Exception {
        final Trace workload = BundledWorkloads.load(BundledWorkloads.MAINNET_PEVM);
        assertEquals(19042, workload.opCount());
        assertEquals(81, workload.blocks().size());
        final String dump;
        final ReplayResult result;
        try (StateStore store = TestStores.open(dir, 1 << 17)) {
            result = ReplayRunner.runSerial(workload, store);
            final StringWriter out = new StringWriter();
            StateDump.write(store, workload.addresses(), out);
            dump = out.toString();
        }
        final String expected = new String(BundledWorkloads.expectedFinal(BundledWorkloads.MAINNET_PEVM), StandardCharsets.UTF_8);
        assertEquals(expected.length(), dump.length(), "dump length");
        assertTrue(expected.equals(dump), () -> firstDifference(expected, dump));
        assertEquals(19042, result.transactions());
        assertEquals(Map.of("slippage", 27L), result.failuresByReason(), "the README's 27 output_below_min swaps");
        assertEquals(81, result.blockRoots().size());
    }

    @Test
    void replayIsDeterministicAcrossStores() throws Exception {
        final Trace workload = BundledWorkloads.load(BundledWorkloads.MAINNET_PEVM);
        final ReplayResult first;
        final ReplayResult second;
        try (StateStore store = TestStores.open(dir.resolve("a"), 1 << 17)) {
            first = ReplayRunner.runSerial(workload, store);
        }
        try (StateStore store = TestStores.open(dir.resolve("b"), 1 << 17)) {
            second = ReplayRunner.runSerial(workload, store);
        }
        assertEquals(first.blockRoots(), second.blockRoots());
        assertEquals(first.genesisRoot(), second.genesisRoot());
    }

    private static String firstDifference(final String expected, final String actual) {
        final String[] e = expected.split("\n", -1);
        final String[] a = actual.split("\n", -1);
        for (int i = 0; i < Math.min(e.length, a.length); i++) {
            if (!e[i].equals(a[i])) {
                return "line " + (i + 1) + ": expected '" + e[i] + "' but was '" + a[i] + "'";
            }
        }
        return "line counts differ: expected " + e.length + ", was " + a.length;
    }
}
