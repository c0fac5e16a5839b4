package io.multilane.perf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;

import org.junit.jupiter.api.Test;

/** The cluster command's argument checks (a whole run is in {@code ClusterRunSoakTest}). */
class ClusterCommandTest {
    private final StringWriter err = new StringWriter();

    private int run(final String... args) {
        return CliRun.execute(new StringWriter(), err, args);
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
