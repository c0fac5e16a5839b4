package io.multilane.perf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

class ReplayCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    private int run(final String... args) {
        final CommandLine cli = MultilaneCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private static Path workload() {
        final String root = System.getProperty("multilane.repo.root");
        final Path repo = root != null ? Path.of(root) : Path.of("").toAbsolutePath().getParent();
        return repo.resolve("../shared/workloads/mainnet-pevm").normalize();
    }

    @Test
    void serialReplayDumpsExactlyExpectedFinalAndPrintsRootsAndFailures() throws Exception {
        final Path dump = dir.resolve("final.csv");
        final int code = run("replay", "--workload", workload().toString(), "--engine", "serial",
                "--dump-state", dump.toString(), "--data-dir", dir.resolve("store").toString());
        assertEquals(0, code, err.toString());
        assertEquals(-1L, Files.mismatch(workload().resolve("expected_final.csv"), dump), "dump differs from expected_final.csv");
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
        assertEquals(2, run("replay", "--workload", workload().toString(), "--engine", "warp"));
        assertTrue(err.toString().contains("unknown engine 'warp'"), err.toString());
    }

    @Test
    void directoryWithoutWorkloadFilesIsAUsageError() {
        assertEquals(2, run("replay", "--workload", dir.toString()));
        assertTrue(err.toString().contains("no genesis.csv and ops.csv"), err.toString());
    }
}
