package io.multilane.perf.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class JvmFlagsTest {
    @Test
    void buildFilteredTheArchitectureFlagsIntoTheResource() {
        final List<String> flags = JvmFlags.list();
        assertTrue(flags.contains("--add-opens=java.base/java.lang=ALL-UNNAMED"), flags.toString());
        assertTrue(flags.contains("--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED"), flags.toString());
        assertTrue(flags.contains("-Dchronicle.analytics.disable=true"), flags.toString());
        assertFalse(flags.stream().anyMatch(f -> f.contains("${")), "unfiltered placeholder: " + flags);
    }

    @Test
    void testJvmRunsWithTheSameFlags() {
        final List<String> input = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments();
        assertTrue(input.contains("-Dchronicle.announcer.disable=true"), input.toString());
    }
}
