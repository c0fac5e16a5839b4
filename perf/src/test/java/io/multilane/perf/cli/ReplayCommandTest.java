package io.multilane.perf.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import io.multilane.exec.replay.BundledWorkloads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    private int run(final String... args) {
        return CliRun.execute(out, err, args);
    }

    @Test
    void serialReplayOfTheBundledNameDumpsExactlyExpectedFinalAndPrintsRootsAndFailures() throws Exception {
        final Path dump = dir.resolve("final.csv");
        final int code = run("replay", "--workload", "mainnet-pevm", "--engine", "serial",
                "--dump-state", dump.toString(), "--data-dir", dir.resolve("store").toString());
        assertEquals(0, code, err.toString());
        assertArrayEquals(BundledWorkloads.expectedFinal(BundledWorkloads.MAINNET_PEVM), Files.readAllBytes(dump),
                "dump differs from expected_final.csv");
        final String printed = out.toString();
        assertEquals(81, printed.lines().filter(l -> l.startsWith("block ")).count(), printed);
        assertTrue(printed.contains("transactions 19042, succeeded 19015, failed 27"), printed);
        assertTrue(printed.contains("failed slippage: 27"), printed);
    }

    @Test
    void helpPrintsTheOptionsAndExitsZero() {
        assertEquals(0, run("replay", "--help"));
        assertTrue(out.toString().contains("--dump-state"), out.toString());
    }

    @Test
    void unknownEngineIsAUsageError() {
        assertEquals(2, run("replay", "--workload", "mainnet-pevm", "--engine", "warp"));
        assertTrue(err.toString().contains("unknown engine 'warp'"), err.toString());
    }

    @Test
    void unknownWorkloadNameIsAUsageErrorListingTheNames() {
        assertEquals(2, run("replay", "--workload", "mainnet"));
        assertTrue(err.toString().contains("unknown workload 'mainnet': expected one of transfers-uniform, transfers-zipf, "
                + "defi-mix, hot-pool, wasm-amm, mainnet-pevm, or a directory holding genesis.csv and ops.csv"), err.toString());
    }

    @Test
    void directoryWithoutWorkloadFilesIsAUsageError() {
        assertEquals(2, run("replay", "--workload", dir.toString()));
        assertTrue(err.toString().contains("unknown workload '" + dir + "'"), err.toString());
    }

    @Test
    void aGzippedWorkloadDirectoryReplaysLikeTheBundledName() throws Exception {
        final Path copy = BundledCopies.mainnetPevm(dir.resolve("copy"));
        final Path dump = dir.resolve("final.csv");
        assertEquals(0, run("replay", "--workload", copy.toString(), "--dump-state", dump.toString()), err.toString());
        assertArrayEquals(BundledWorkloads.expectedFinal(BundledWorkloads.MAINNET_PEVM), Files.readAllBytes(dump));
    }
}
