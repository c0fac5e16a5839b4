package io.multilane.exec.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.multilane.exec.replay.AddressBook;
import io.multilane.exec.replay.BundledWorkloads;
import io.multilane.exec.replay.WorkloadOp;
import io.multilane.exec.tx.BlockDescriptor;
import io.multilane.exec.tx.BlockFlyweight;
import io.multilane.exec.tx.TxDescriptor;
import io.multilane.state.StateConfig;
import io.multilane.state.StateStore;
import io.multilane.state.StateStores;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class MainnetLoopWorkloadTest extends WorkloadContract {
    static final int COPIES = 2;
    static final int MULTIPLIER = 4;

    static MainnetLoopWorkload bundled(final int copies, final int multiplier) {
        return new MainnetLoopWorkload(BundledWorkloads.load(BundledWorkloads.MAINNET_PEVM), BundledWorkloads.MAINNET_PEVM,
                copies, multiplier);
    }

    @Override
    Workload create(final long seed) {
        return bundled(COPIES, MULTIPLIER);
    }

    @Override
    boolean seeded() {
        return false;
    }

    @Override
    Set<String> allowedFailures() {
        return Set.of("slippage");
    }

    @Override
    double successFloor() {
        return 0.99;
    }

    /** Counts by kind of the first {@code n} ops of the file, looping. */
    private static Map<WorkloadOp.Kind, Integer> fileKinds(final int n) {
        final List<List<WorkloadOp>> blocks = BundledWorkloads.load(BundledWorkloads.MAINNET_PEVM).blocks();
        final Map<WorkloadOp.Kind, Integer> kinds = new HashMap<>();
        int seen = 0;
        while (seen < n) {
            for (List<WorkloadOp> b : blocks) {
                for (WorkloadOp op : b) {
                    if (seen++ < n) {
                        kinds.merge(op.kind(), 1, Integer::sum);
                    }
                }
            }
        }
        return kinds;
    }

    @Override
    void assertMix(final Map<String, Integer> counts, final int total) {
        final Map<WorkloadOp.Kind, Integer> kinds = fileKinds(total);
        final Map<String, Integer> expected = new TreeMap<>();
        expected.put("1/2", kinds.getOrDefault(WorkloadOp.Kind.COIN_TRANSFER, 0));
        expected.put("2/3", kinds.getOrDefault(WorkloadOp.Kind.TOKEN_TRANSFER, 0));
        expected.put("3/4", kinds.getOrDefault(WorkloadOp.Kind.SWAP, 0));
        assertEquals(expected, counts, "the ops of the file, in order");
    }

    @Test
    void loopsOverTheOpsWithFreshSendersAndStaysValid() {
        final MainnetLoopWorkload w = bundled(COPIES, MULTIPLIER);
        final int ops = w.opsPerLoop();
        final long idLimit = w.addresses().idLimit();
        final int txs = 1000;
        final int blocks = (2 * ops + ops / 2) / txs;
        final BlockFlyweight flyweight = new BlockFlyweight();
        final long[] fresh = new long[3];
        final int[] seen = {0};
        try (StateStore store = StateStores.open(StateConfig.of(dir.resolve("loop"), w.stateEntries()).withSyncOnSeal(false))) {
            final WorkloadRun.Result r = WorkloadRun.run(w, store, blocks, txs, (setup, block, length, receipts) -> {
                flyweight.wrap(block, 0, length);
                while (flyweight.nextTx()) {
                    final long sender = block.getLong(flyweight.txOffset() + TxDescriptor.SENDER_OFFSET, TxDescriptor.ORDER);
                    final int loop = seen[0]++ / ops;
                    if (sender >= idLimit) {
                        fresh[loop]++;
                    }
                }
            });
            System.out.printf("mainnet loop: %d txs over %.2f loops, success share %.4f, failures %s%n", r.transactions(),
                    (double) r.transactions() / ops, r.successShare(), r.failuresByReason());
            assertEquals(3, w.loops());
            assertEquals(0, fresh[0], "loop 0 uses the file's senders");
            assertEquals(ops, fresh[1], "loop 1 uses copy 1: every sender is fresh");
            assertEquals(0, fresh[2], "loop 2 is copy 0 again (COPIES = 2)");
            assertTrue(r.successShare() >= successFloor(), "success share " + r.successShare() + " " + r.failuresByReason());
            // later loops meet drifted shared pairs: some swaps miss their amount_out_min, and a sender that
            // spends a swap's output may then lack the balance
            assertTrue(List.of("slippage", "insufficient_balance").containsAll(r.failuresByReason().keySet()),
                    r.failuresByReason().toString());
        }
    }

    @Test
    void copiedSenderIdsStartAboveTheAddressBook() {
        final MainnetLoopWorkload w = bundled(3, 1);
        assertEquals(w.addresses().idLimit(), w.senderId(1, 0));
        assertEquals(w.addresses().idLimit() + w.senders(), w.senderId(2, 0));
        assertTrue(w.senderId(0, 0) >= AddressBook.FIRST_ID && w.senderId(0, 0) < w.addresses().idLimit());
        final UnsafeBuffer root = new UnsafeBuffer(new byte[BlockDescriptor.ROOT_LENGTH]);
        final ExpandableArrayBuffer out = new ExpandableArrayBuffer(1 << 20);
        w.encodeBlock(2, 2, root, 0, out, 0, w.opsPerLoop());
        final int length = w.encodeBlock(3, 3, root, 0, out, 0, 1);
        final BlockFlyweight block = new BlockFlyweight().wrap(out, 0, length);
        assertTrue(block.nextTx());
        assertEquals(w.senderId(1, 0), out.getLong(block.txOffset() + TxDescriptor.SENDER_OFFSET, TxDescriptor.ORDER));
        assertEquals(0, out.getLong(block.txOffset() + TxDescriptor.NONCE_OFFSET, TxDescriptor.ORDER), "fresh nonce");
    }
}
