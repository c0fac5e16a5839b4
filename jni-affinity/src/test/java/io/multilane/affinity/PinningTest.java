package io.multilane.affinity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Native pinning against the kernel's own account of it ({@code /proc}). Runs where the build produced the
 * library; {@link AffinityModeTest} fails the build if it should have and did not.
 */
class PinningTest {
    private static final int CALLS_PER_CPU = 200_000;

    @BeforeEach
    void nativeOnly() {
        assumeTrue(Affinity.mode() == AffinityMode.NATIVE, "fallback: " + Affinity.fallbackReason());
    }

    @Test
    void allowedSetIsCpusAllowedListOfProcSelfStatus() throws Exception {
        assertEquals(CpuSet.parse(cpusAllowedList(Path.of("/proc/self/status"))), Affinity.allowedCpus());
        assertTrue(Affinity.allowedCpus().containsAll(Affinity.currentThreadCpus()));
    }

    @Test
    void pinnedThreadReportsItsCpuOnEveryCall() throws Exception {
        final CpuSet allowed = Affinity.allowedCpus();
        FreshThread.run("pinned-sampler", () -> {
            for (int cpu = allowed.first(); cpu >= 0; cpu = allowed.next(cpu + 1)) {
                Affinity.pinCurrentThread(cpu);
                int mismatches = 0;
                int firstWrong = -1;
                for (int i = 0; i < CALLS_PER_CPU; i++) {
                    final int seen = Affinity.currentCpu();
                    if (seen != cpu) {
                        mismatches++;
                        firstWrong = firstWrong < 0 ? seen : firstWrong;
                    }
                    if ((i & 1023) == 0) {
                        Thread.yield();
                    }
                }
                assertEquals(0, mismatches, "pinned to CPU " + cpu + ", first other CPU seen " + firstWrong);
            }
        });
    }

    @Test
    void pinUnpinAndRepin() throws Exception {
        final CpuSet allowed = Affinity.allowedCpus();
        final int first = allowed.first();
        final int last = allowed.last();
        FreshThread.run("repinned", () -> {
            Affinity.pinCurrentThread(first);
            assertThreadMask(CpuSet.of(first));
            assertEquals(first, Affinity.currentCpu());

            Affinity.unpinCurrentThread();
            assertThreadMask(allowed);

            Affinity.pinCurrentThread(last);
            assertThreadMask(CpuSet.of(last));
            assertEquals(last, Affinity.currentCpu());

            Affinity.pinCurrentThread(allowed);
            assertThreadMask(allowed);
        });
    }

    @Test
    void pinningOutsideTheAllowedSetFailsNamingCpuAndSet() throws Exception {
        final CpuSet allowed = Affinity.allowedCpus();
        final int outside = allowed.last() + 1;
        FreshThread.run("misconfigured", () -> {
            Affinity.pinCurrentThread(allowed.first());
            final AffinityException alone = assertThrows(AffinityException.class, () -> Affinity.pinCurrentThread(outside));
            assertEquals("cannot pin thread 'misconfigured' to CPUs " + outside + ": CPU " + outside
                + " is not in the set this process may use (" + allowed + ")", alone.getMessage());
            assertEquals(CpuSet.of(outside), alone.requested());
            assertEquals(allowed, alone.allowed());
            // the kernel would silently drop the disallowed CPU of a mixed set; we refuse the whole request
            final CpuSet mixed = CpuSet.of(allowed.last(), outside, outside + 5);
            final AffinityException some = assertThrows(AffinityException.class, () -> Affinity.pinCurrentThread(mixed));
            assertTrue(some.getMessage().contains("CPUs " + CpuSet.of(outside, outside + 5) + " are not in the set"),
                some.getMessage());
            assertThreadMask(CpuSet.of(allowed.first()));
            assertThrows(IllegalArgumentException.class, () -> Affinity.pinCurrentThread(CpuSet.empty()));
        });
    }

    @Test
    void newThreadInheritsItsCreatorsMask() throws Exception {
        final CpuSet allowed = Affinity.allowedCpus();
        final CpuSet runnerMask = Affinity.currentThreadCpus();
        FreshThread.run("creator", () -> {
            Affinity.pinCurrentThread(allowed.last());
            final AtomicReference<CpuSet> childMask = new AtomicReference<>();
            final Thread child = new Thread(() -> childMask.set(Affinity.currentThreadCpus()), "created");
            child.start();
            child.join();
            assertEquals(CpuSet.of(allowed.last()), childMask.get());
        });
        assertEquals(runnerMask, Affinity.currentThreadCpus(), "pinning another thread leaked into the test runner");
    }

    @Test
    void processRestrictedByTasksetSeesOnlyItsCpus() throws Exception {
        final CpuSet allowed = Affinity.allowedCpus();
        assumeTrue(allowed.size() >= 2 && Files.isExecutable(Path.of("/usr/bin/taskset")), "needs 2 CPUs and taskset");
        final int only = allowed.first();
        final int other = allowed.last();
        final ChildJvm.Result child = ChildJvm.runProbe(List.of("/usr/bin/taskset", "-c", Integer.toString(only)), List.of(),
            Integer.toString(other), Integer.toString(only));
        assertEquals(0, child.exitCode(), child::toString);
        assertEquals("NATIVE", child.value("mode"), child::toString);
        assertEquals(Integer.toString(only), child.value("allowed"), child::toString);
        assertEquals(child.value("procAllowed"), child.value("allowed"), child::toString);
        assertEquals("AffinityException: cannot pin thread 'main' to CPUs " + other + ": CPU " + other
            + " is not in the set this process may use (" + only + ")", child.value("pin0"), child::toString);
        assertEquals("ok", child.value("pin1"), child::toString);
    }

    /** The calling thread's mask as Affinity reports it and as the kernel publishes it in /proc/thread-self. */
    private static void assertThreadMask(final CpuSet expected) throws Exception {
        assertEquals(expected, Affinity.currentThreadCpus());
        assertEquals(expected, CpuSet.parse(cpusAllowedList(Path.of("/proc/thread-self/status"))));
    }

    /** Parsed here, independently of ProcStatus. */
    private static String cpusAllowedList(final Path status) throws Exception {
        return Files.readAllLines(status).stream()
            .filter(line -> line.startsWith("Cpus_allowed_list:"))
            .map(line -> line.substring(line.indexOf(':') + 1).strip())
            .findFirst()
            .orElseThrow(() -> new AssertionError("no Cpus_allowed_list in " + status));
    }
}
