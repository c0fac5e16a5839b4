package io.multilane.affinity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * {@link Affinity#niceCurrentThread} changes the calling thread's nice value and no other thread's, read back
 * from {@code /proc/thread-self/stat} (field 19).
 */
class NiceTest {
    @Test
    void aThreadLowersItsOwnPriorityOnly() throws Exception {
        assumeTrue(Affinity.mode() == AffinityMode.NATIVE, "native mode only");
        final long runner = niceOfThisThread();
        FreshThread.run("nice-probe", () -> {
            final long before = niceOfThisThread();
            final int target = (int) Math.min(19, before + 7);
            assertTrue(Affinity.niceCurrentThread(target));
            assertEquals(target, niceOfThisThread(), "the calling thread's nice value");
        });
        assertEquals(runner, niceOfThisThread(), "the test runner's thread is unchanged");
    }

    @Test
    void anOutOfRangeValueIsClampedOrRefusedNeverThrown() throws Exception {
        assumeTrue(Affinity.mode() == AffinityMode.NATIVE, "native mode only");
        FreshThread.run("nice-clamp", () -> {
            // the kernel clamps nice values to -20..19
            assertTrue(Affinity.niceCurrentThread(40));
            assertEquals(19, niceOfThisThread());
            if (!"root".equals(System.getProperty("user.name"))) {
                assertFalse(Affinity.niceCurrentThread(0), "raising needs CAP_SYS_NICE");
            }
        });
    }

    private static long niceOfThisThread() throws IOException {
        final String stat = Files.readString(Path.of("/proc/thread-self/stat"));
        // fields after the command name (which may hold spaces) start after the last ')'
        final String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[16]);
    }
}
