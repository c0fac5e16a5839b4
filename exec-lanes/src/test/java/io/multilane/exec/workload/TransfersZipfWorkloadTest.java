package io.multilane.exec.workload;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TransfersZipfWorkloadTest extends TransferContract {
    @Override
    Workload create(final long seed) {
        return Workloads.create(Workloads.TRANSFERS_ZIPF, seed, ACCOUNTS);
    }

    @Test
    void hottestSendersFollowZipfWithExponentOne() {
        final int blocks = 40;
        final int[] counts = senderCounts(blocks);
        final double total = blocks * TXS;
        double harmonic = 0;
        for (int k = 1; k <= ACCOUNTS; k++) {
            harmonic += 1.0 / k;
        }
        for (int rank = 0; rank < 3; rank++) {
            final double expected = 1.0 / ((rank + 1) * harmonic);
            final double share = counts[rank] / total;
            assertTrue(Math.abs(share - expected) < 0.01, "rank " + rank + ": share " + share + ", expected " + expected);
        }
        assertTrue(counts[0] > 50 * counts[ACCOUNTS - 1] + 50, "rank 0 " + counts[0] + " vs last " + counts[ACCOUNTS - 1]);
    }
}
