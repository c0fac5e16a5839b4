package io.multilane.perf.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.multilane.perf.report.Json;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Soak tier: the {@code cluster} command's target run, small: 3 members, defi-mix, a follower and then the leader
 * killed with SIGKILL and restarted; it must pass (every member at the serial executor's final height and root,
 * every block committed once) and report one election and a failover time.
 */
@Tag("soak")
class ClusterRunSoakTest {
    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void survivesAKilledFollowerAndAKilledLeader(@TempDir final Path dir) throws Exception {
        final ByteArrayOutputStream text = new ByteArrayOutputStream();
        final ClusterRunner runner = new ClusterRunner(new ClusterRunConfig(3, "defi-mix", 7, 2000, 40, 200, 1, 4, 10, 25,
                1000, false, dir, "384m", 60_000, "backoff"), new PrintStream(text, true, StandardCharsets.UTF_8));
        final Json json = runner.run();
        assertTrue(runner.passed(), text.toString(StandardCharsets.UTF_8) + json);
        assertEquals(40, json.get("blocksCommitted"));
        assertTrue(((Number) json.get("leaderElections")).intValue() >= 1, json.toString());
        assertTrue(((Number) json.get("failoverMillis")).doubleValue() > 0, json.toString());
        assertEquals(3, ((List<?>) json.get("nodes")).size());
    }
}
