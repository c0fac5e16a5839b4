package io.multilane.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.stream.Stream;

import io.multilane.exec.replay.BundledWorkloads;
import io.multilane.exec.replay.ReplayResult;
import io.multilane.exec.replay.ReplayRunner;
import io.multilane.exec.replay.StateDump;
import io.multilane.exec.replay.Trace;
import io.multilane.pipeline.replay.EngineBlockRunner;
import io.multilane.state.StateStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bundled mainnet-pevm replay through the engine equals the serial replay: every block root, the failures
 * by reason, and the final state dump, byte for byte equal to the workload's expected_final.csv, for
 * 1, 2, 4 and 8 lanes and every wait strategy (spinning ones with one lane only).
 */
class MainnetReplayEngineTest {
    private static Trace workload;
    private static ReplayResult serial;
    private static String expected;

    @BeforeAll
    static void serialReplay(@TempDir final Path dir) throws IOException {
        workload = BundledWorkloads.load(BundledWorkloads.MAINNET_PEVM);
        expected = new String(BundledWorkloads.expectedFinal(BundledWorkloads.MAINNET_PEVM), StandardCharsets.UTF_8);
        try (StateStore store = Differential.openStore(dir)) {
            serial = ReplayRunner.runSerial(workload, store);
        }
    }

    static Stream<Arguments> configurations() {
        return EngineDifferentialTest.configurations();
    }

    @ParameterizedTest(name = "lanes={0} wait={1} speculate={2}")
    @MethodSource("configurations")
    void engineReplayEqualsSerialReplay(final int lanes, final WaitKind kind, final boolean speculate,
            @TempDir final Path dir) throws IOException {
        final ReplayResult parallel;
        final String dump;
        try (StateStore store = Differential.openStore(dir); EngineBlockRunner engine = EngineBlockRunner.open(store,
                EngineConfig.forOpenStore().withLanes(lanes).withWaitKind(kind).withRingSize(1024)
                        .withSingleLaneSpeculation(speculate))) {
            parallel = ReplayRunner.run(workload, store, engine);
            final StringWriter out = new StringWriter();
            StateDump.write(store, workload.addresses(), out);
            dump = out.toString();
        }
        assertEquals(serial.genesisRoot(), parallel.genesisRoot());
        assertEquals(serial.blockRoots(), parallel.blockRoots(), "per-block state roots");
        assertEquals(serial.failuresByReason(), parallel.failuresByReason());
        assertEquals(serial.transactions(), parallel.transactions());
        assertTrue(expected.equals(dump), "final state dump differs from expected_final.csv");
    }
}
