package io.multilane.perf.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import io.multilane.exec.replay.BundledWorkloads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code multilane replay --workload mainnet-pevm --engine parallel --lanes N}: the dump is byte for byte the
 * serial one (and the bundled expected_final.csv), and every block root printed is the same.
 */
class ReplayParallelEngineTest {
    @TempDir
    Path dir;

    private String run(final StringWriter err, final String... args) {
        final StringWriter out = new StringWriter();
        final int code = CliRun.execute(out, err, args);
        return code + "\n" + out;
    }

    private static List<String> roots(final String printed) {
        return printed.lines().filter(l -> l.startsWith("block ") || l.startsWith("genesis root")).collect(Collectors.toList());
    }

    @Test
    void parallelReplayDumpsByteForByteWhatTheSerialReplayDumps() throws Exception {
        final StringWriter err = new StringWriter();
        final Path serialDump = dir.resolve("serial.csv");
        final String serial = run(err, "replay", "--workload", "mainnet-pevm", "--engine", "serial",
                "--dump-state", serialDump.toString());
        assertTrue(serial.startsWith("0\n"), serial + err);
        for (String lanes : new String[] {"1", "2", "4"}) {
            final Path dump = dir.resolve("parallel-" + lanes + ".csv");
            final String parallel = run(err, "replay", "--workload", "mainnet-pevm", "--engine", "parallel",
                    "--lanes", lanes, "--dump-state", dump.toString());
            assertTrue(parallel.startsWith("0\n"), parallel + err);
            assertEquals(-1L, Files.mismatch(serialDump, dump), "lanes=" + lanes + ": dump differs from the serial one");
            assertEquals(roots(serial), roots(parallel), "lanes=" + lanes + ": block roots");
            assertEquals(81, roots(parallel).size() - 1);
            assertTrue(parallel.contains("parallel engine, " + lanes + " lanes"), parallel);
        }
        assertArrayEquals(BundledWorkloads.expectedFinal(BundledWorkloads.MAINNET_PEVM), Files.readAllBytes(serialDump));
    }

    @Test
    void lanesOutOfRangeIsAUsageError() {
        final StringWriter err = new StringWriter();
        final String printed = run(err, "replay", "--workload", "mainnet-pevm", "--engine", "parallel", "--lanes", "0");
        assertTrue(printed.startsWith("2\n"), printed);
        assertTrue(err.toString().contains("--lanes must be in 1..64"), err.toString());
    }
}
