package io.multilane.perf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;

import org.junit.jupiter.api.Test;

class MultilaneCliTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(final String... args) {
        return CliRun.execute(out, err, args);
    }

    @Test
    void helpListsTheJobsAndExitsZero() {
        assertEquals(0, run("--help"));
        assertTrue(out.toString().contains("Usage: multilane"), out.toString());
        assertTrue(out.toString().contains("jmh"), out.toString());
    }

    @Test
    void noArgumentsPrintsUsage() {
        assertEquals(0, run());
        assertTrue(out.toString().contains("Usage: multilane"), out.toString());
    }

    @Test
    void unknownOptionIsAUsageErrorWithExitCodeTwo() {
        assertEquals(2, run("--no-such-option"));
        assertTrue(err.toString().contains("Unknown option: '--no-such-option'"), err.toString());
        assertTrue(err.toString().contains("Usage: multilane"), err.toString());
    }

    @Test
    void unknownSubcommandIsAUsageErrorWithExitCodeTwo() {
        assertEquals(2, run("frobnicate"));
        assertTrue(err.toString().contains("frobnicate"), err.toString());
    }
}
