package io.multilane.exec.workload;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TransfersUniformWorkloadTest extends TransferContract {
    @Override
    Workload create(final long seed) {
        return Workloads.create(Workloads.TRANSFERS_UNIFORM, seed, ACCOUNTS);
    }

    @Test
    void sendersAreSpreadUniformly() {
        final int[] counts = senderCounts(40);
        final double expected = 40.0 * TXS / ACCOUNTS;
        double chi2 = 0;
        for (int c : counts) {
            chi2 += (c - expected) * (c - expected) / expected;
        }
        // 999 degrees of freedom: mean 999, sd ~45; a Zipf draw would be in the tens of thousands
        assertTrue(chi2 < 1300, "chi-square " + chi2);
    }
}
