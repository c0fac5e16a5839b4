package io.multilane.exec.workload;

import java.util.Map;
import java.util.Set;

class DefiMixWorkloadTest extends WorkloadContract {
    @Override
    Workload create(final long seed) {
        return Workloads.create(Workloads.DEFI_MIX, seed, 1000);
    }

    /** A second claim by one user in one block finds nothing owed. */
    @Override
    Set<String> allowedFailures() {
        return Set.of("nothing_to_claim");
    }

    @Override
    double successFloor() {
        return 0.9;
    }

    @Override
    void assertMix(final Map<String, Integer> counts, final int total) {
        assertShare(counts, total, 0.40, 0.03, "2/3");
        assertShare(counts, total, 0.35, 0.03, "3/4");
        assertShare(counts, total, 0.10, 0.02, "4/3", "4/5", "4/7", "4/8");
        assertShare(counts, total, 0.10, 0.02, "5/3", "5/4", "5/5");
        assertShare(counts, total, 0.05, 0.015, "3/2", "3/3");
        assertShare(counts, total, 1.0, 0.0, "2/3", "3/4", "4/3", "4/5", "4/7", "4/8", "5/3", "5/4", "5/5", "3/2", "3/3");
    }
}
