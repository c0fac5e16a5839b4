package io.multilane.affinity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Which mode is active, and the fallback forced in a child JVM. */
class AffinityModeTest {
    private static final String WARNING = "thread pinning is DISABLED";

    /** NATIVE exactly where the build could compile the shim: Linux, a C compiler, no skip property. */
    static AffinityMode expectedMode() {
        final boolean linux = System.getProperty("os.name", "").startsWith("Linux");
        final boolean skipped = Boolean.getBoolean("multilane.native.skip");
        return linux && !skipped && onPath(System.getenv().getOrDefault("CC", "gcc")) ? AffinityMode.NATIVE
            : AffinityMode.FALLBACK;
    }

    @Test
    void activeModeIsTheOneThisBuildProduced() {
        assertEquals(expectedMode(), Affinity.mode(), "fallback reason: " + Affinity.fallbackReason());
        if (Affinity.mode() == AffinityMode.NATIVE) {
            assertEquals("", Affinity.fallbackReason());
            assertTrue(Affinity.allowedCpus().contains(Affinity.currentCpu()), "currentCpu " + Affinity.currentCpu());
        } else {
            assertTrue(!Affinity.fallbackReason().isEmpty());
            assertEquals(-1, Affinity.currentCpu());
        }
    }

    @Test
    void disablePropertyForcesANoOpFallbackWithOneWarning() throws Exception {
        final ChildJvm.Result child = ChildJvm.runProbe(List.of(), List.of("-D" + NativeLoader.DISABLE_PROPERTY + "=true"),
            "0", "9999", "0-1");
        assertEquals(0, child.exitCode(), child::toString);
        assertEquals("FALLBACK", child.value("mode"), child::toString);
        assertTrue(child.value("reason").contains(NativeLoader.DISABLE_PROPERTY), child::toString);
        assertEquals("-1", child.value("currentCpu"), child::toString);
        assertEquals("ok", child.value("pin1"), "a fallback pin is a no-op, even outside the allowed set");
        assertEquals(child.value("threadBefore"), child.value("threadAfter"), child::toString);
        assertEquals(child.value("procAllowed"), child.value("allowed"), "fallback reads the allowed set from /proc");
        assertEquals(1, child.stderr().split(WARNING, -1).length - 1, child::toString);
        assertTrue(child.stderr().contains(NativeLoader.DISABLE_PROPERTY), child::toString);
    }

    @Test
    void nativeChildLogsNoWarning() throws Exception {
        final ChildJvm.Result child = ChildJvm.runProbe(List.of(), List.of());
        assertEquals(0, child.exitCode(), child::toString);
        assertEquals(expectedMode().name(), child.value("mode"), child::toString);
        assertEquals(expectedMode() == AffinityMode.FALLBACK, child.stderr().contains(WARNING), child::toString);
    }

    private static boolean onPath(final String program) {
        for (final String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
