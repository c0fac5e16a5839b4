package io.multilane.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import io.multilane.affinity.Affinity;
import io.multilane.affinity.AffinityMode;
import io.multilane.state.StateConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An engine that opens its store runs the store's persistence thread at {@link PersistencePriority#NICE}. */
class PersistencePriorityTest {
    @Test
    void theEnginesStoreCheckpointsBelowTheLanes(@TempDir final Path dir) throws Exception {
        assumeTrue(Affinity.mode() == AffinityMode.NATIVE, "native mode only");
        // threads inherit their creator's nice value; a run already below NICE (e.g. under `nice -n 19`) proves nothing
        final long own = niceOf(Path.of("/proc/thread-self"));
        assumeTrue(own < PersistencePriority.NICE, "the test runs at nice " + own);
        try (Engine engine = Engine.open(EngineConfig.of(StateConfig.of(dir, 1_000).withSyncOnSeal(false)).withLanes(1))) {
            assertEquals(0, engine.openedHeight());
            final long deadline = System.nanoTime() + 30_000_000_000L;
            long nice = -100;
            long lane = -100;
            while ((nice != PersistencePriority.NICE || lane == Long.MIN_VALUE) && System.nanoTime() < deadline) {
                nice = niceOf("multilane-state");
                lane = niceOf("multilane-lane-0");
                Thread.onSpinWait();
            }
            assertEquals(PersistencePriority.NICE, nice, "the persistence thread's nice value");
            assertEquals(own, lane, "the lanes keep theirs");
        }
    }

    /** The nice value of this process's thread whose (15-character) name starts as {@code prefix} does. */
    private static long niceOf(final String prefix) throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                final String comm = Files.readString(task.resolve("comm")).trim();
                if (prefix.startsWith(comm) || comm.startsWith(prefix)) {
                    return niceOf(task);
                }
            }
        }
        return Long.MIN_VALUE;
    }

    /** The nice value in a task's {@code stat} (field 19). */
    private static long niceOf(final Path task) throws IOException {
        final String stat = Files.readString(task.resolve("stat"));
        return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16]);
    }
}
