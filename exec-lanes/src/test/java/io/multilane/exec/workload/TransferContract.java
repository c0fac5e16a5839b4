package io.multilane.exec.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import io.multilane.exec.tx.BlockDescriptor;
import io.multilane.exec.tx.BlockFlyweight;
import io.multilane.exec.tx.TxDescriptor;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/** The transfer workloads at 1000 accounts: every transfer succeeds, the mix is accounts/transfer only. */
abstract class TransferContract extends WorkloadContract {
    static final int ACCOUNTS = 1000;

    @Override
    double successFloor() {
        return 1.0;
    }

    @Override
    void assertMix(final Map<String, Integer> counts, final int total) {
        assertEquals(Map.of("1/2", total), counts, "only accounts/transfer");
    }

    /**
     * Encodes {@code blocks} blocks of {@link #TXS} and counts how often each account index sends.
     */
    final int[] senderCounts(final int blocks) {
        final Workload w = create(5);
        final int[] senders = new int[ACCOUNTS];
        final UnsafeBuffer root = new UnsafeBuffer(new byte[BlockDescriptor.ROOT_LENGTH]);
        final ExpandableArrayBuffer out = new ExpandableArrayBuffer(1 << 17);
        final BlockFlyweight block = new BlockFlyweight();
        for (int b = 0; b < blocks; b++) {
            final int length = w.encodeBlock(2 + b, 2 + b, root, 0, out, 0, TXS);
            block.wrap(out, 0, length);
            while (block.nextTx()) {
                final long sender = out.getLong(block.txOffset() + TxDescriptor.SENDER_OFFSET, TxDescriptor.ORDER);
                senders[(int) (sender - TransferWorkload.FIRST_ACCOUNT)]++;
            }
        }
        return senders;
    }
}
