package io.multilane.perf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The cluster command's argument checks (a whole run is in {@code ClusterRunSoakTest}). */
class ClusterCommandTest {
    private final StringWriter err = new StringWriter();

    private int run(final String... args) {
        final CommandLine cli = MultilaneCli.commandLine();
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void killingAMemberOfATwoMemberClusterIsRefused() {
        assertEquals(2, run("cluster", "--nodes", "2", "--kill-leader-at", "3"));
        assertTrue(err.toString().contains("at least 3 members"), err.toString());
    }

    @Test
    void aKillPointBeyondTheRunIsRefused() {
        assertEquals(2, run("cluster", "--blocks", "10", "--kill-follower-at", "11"));
        assertTrue(err.toString().contains("kill points must be in 1..--blocks"), err.toString());
    }
}
