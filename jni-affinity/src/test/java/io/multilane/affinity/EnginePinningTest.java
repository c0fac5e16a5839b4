package io.multilane.affinity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The engine's use: lanes and the commit stage pinned by a configuration string, each thread pinning itself in
 * {@code onStart} on its own thread, as Disruptor's LifecycleAware handlers do.
 */
class EnginePinningTest {
    private static final int SAMPLES = 20_000;

    /** Stands in for a lane or commit handler: pins in onStart, then samples where it runs. */
    private static final class Handler implements Runnable {
        private final CpuLayout layout;
        private final CpuRole role;
        private volatile CpuSet pinned;
        private volatile CpuSet maskSeen;
        private volatile int strayCpus = -1;

        Handler(final CpuLayout layout, final CpuRole role) {
            this.layout = layout;
            this.role = role;
        }

        void onStart() {
            pinned = Affinity.pinCurrentThread(layout, role);
        }

        void onShutdown() {
            Affinity.unpinCurrentThread();
        }

        @Override
        public void run() {
            onStart();
            maskSeen = Affinity.currentThreadCpus();
            int stray = 0;
            for (int i = 0; i < SAMPLES; i++) {
                stray += pinned.contains(Affinity.currentCpu()) ? 0 : 1;
            }
            strayCpus = stray;
            onShutdown();
        }
    }

    @Test
    void lanesAndCommitArePinnedByConfiguration() throws Exception {
        assumeTrue(Affinity.mode() == AffinityMode.NATIVE, "fallback: " + Affinity.fallbackReason());
        final CpuSet allowed = Affinity.allowedCpus();
        final String spec = "lane0=" + allowed.first() + ",lane1=" + allowed.last() + ",commit=" + allowed.last()
            + ",ingress=" + allowed.first();
        System.setProperty(CpuLayout.PROPERTY, spec);
        final CpuLayout layout;
        try {
            layout = CpuLayout.fromSystemProperties();
        } finally {
            System.clearProperty(CpuLayout.PROPERTY);
        }
        final CpuSet builderMask = Affinity.currentThreadCpus();
        final List<Handler> handlers = List.of(new Handler(layout, CpuRole.lane(0)), new Handler(layout, CpuRole.lane(1)),
            new Handler(layout, CpuRole.COMMIT));
        final List<Thread> threads = new ArrayList<>();
        for (final Handler handler : handlers) {
            threads.add(new Thread(handler, handler.role.toString()));
        }
        // one at a time: never more busy threads than this 2-core box has cores
        for (final Thread thread : threads) {
            thread.start();
            thread.join();
        }
        final Map<CpuRole, CpuSet> expectedCpus = Map.of(CpuRole.lane(0), CpuSet.of(allowed.first()),
            CpuRole.lane(1), CpuSet.of(allowed.last()), CpuRole.COMMIT, CpuSet.of(allowed.last()));
        for (final Handler handler : handlers) {
            final CpuSet expected = expectedCpus.get(handler.role);
            assertEquals(expected, handler.pinned, handler.role.toString());
            assertEquals(expected, handler.maskSeen, handler.role.toString());
            assertEquals(0, handler.strayCpus, handler.role + " ran outside its CPUs");
        }
        assertEquals(builderMask, Affinity.currentThreadCpus(), "the engine's builder thread must stay unpinned");
    }
}
