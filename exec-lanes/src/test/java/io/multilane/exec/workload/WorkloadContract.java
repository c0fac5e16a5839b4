package io.multilane.exec.workload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.multilane.exec.tx.BlockDescriptor;
import io.multilane.exec.tx.BlockFlyweight;
import io.multilane.exec.tx.TxDescriptor;
import io.multilane.state.StateConfig;
import io.multilane.state.StateStore;
import io.multilane.state.StateStores;
import io.multilane.state.U128;
import io.multilane.state.key.KeyType;
import io.multilane.state.key.StateKeys;
import io.multilane.state.record.TokenBalanceDescriptor;
import io.multilane.state.record.TokenDescriptor;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks every {@link Workload} must pass, run on small sizes: its blocks are accepted by the real
 * serial executor, setup succeeds, the workload's success floor and mix hold, blocks are a pure
 * function of the seed, and {@code encodeBlock} allocates nothing once warm. Subclasses name the
 * workload, its floor and its mix.
 */
abstract class WorkloadContract {
    static final int BLOCKS = 20;
    static final int TXS = 500;

    @TempDir
    Path dir;

    /** @return a fresh workload at test size */
    abstract Workload create(long seed);

    /** @return the documented least share of successful workload transactions */
    abstract double successFloor();

    /** Asserts the mix from counts keyed "program/instruction" over {@code total} workload transactions. */
    abstract void assertMix(Map<String, Integer> counts, int total);

    /** @return the failure reasons the workload may produce (names as in {@link io.multilane.exec.program.ReasonNames#of}) */
    Set<String> allowedFailures() {
        return Set.of();
    }

    /** @return whether a different seed must give different blocks */
    boolean seeded() {
        return true;
    }

    /** @return transactions per block of the allocation check */
    int allocationTxs() {
        return 100;
    }

    static void assertShare(final Map<String, Integer> counts, final int total, final double expected, final double tolerance,
            final String... keys) {
        int n = 0;
        for (String k : keys) {
            n += counts.getOrDefault(k, 0);
        }
        final double share = (double) n / total;
        assertTrue(Math.abs(share - expected) <= tolerance,
                String.join("+", keys) + " share " + share + ", expected " + expected + " +- " + tolerance + " in " + counts);
    }

    final WorkloadRun.Result runSerial(final Workload w, final Map<String, Integer> counts) {
        try (StateStore store = StateStores.open(StateConfig.of(dir.resolve("store"), w.stateEntries()).withSyncOnSeal(false))) {
            final BlockFlyweight flyweight = new BlockFlyweight();
            final WorkloadRun.Result result = WorkloadRun.run(w, store, BLOCKS, TXS,
                    (setup, block, length, receipts) -> {
                        assertEquals(receipts.count(), flyweight.wrap(block, 0, length).declaredTxCount());
                        if (setup) {
                            return;
                        }
                        while (flyweight.nextTx()) {
                            final int offset = flyweight.txOffset();
                            final int program = block.getShort(offset + TxDescriptor.PROGRAM_OFFSET, TxDescriptor.ORDER);
                            final int instruction = block.getShort(offset + TxDescriptor.INSTRUCTION_OFFSET, TxDescriptor.ORDER);
                            counts.merge(program + "/" + instruction, 1, Integer::sum);
                        }
                    });
            assertSupplyEqualsBalances(store);
            return result;
        }
    }

    /** Every token's total supply equals the sum of its balances (genesis writes them consistently). */
    static void assertSupplyEqualsBalances(final StateStore store) {
        final Map<Long, BigInteger> supply = new HashMap<>();
        final Map<Long, BigInteger> balances = new HashMap<>();
        final U128 amount = new U128();
        store.scan((key, keyOffset, value, valueOffset, length) -> {
            final KeyType type = StateKeys.type(key, keyOffset);
            if (type == KeyType.TOKEN) {
                supply.put(StateKeys.id1(key, keyOffset),
                        new BigInteger(amount.read(value, valueOffset + TokenDescriptor.TOTAL_SUPPLY_OFFSET).toString()));
            } else if (type == KeyType.TOKEN_BALANCE) {
                balances.merge(StateKeys.id1(key, keyOffset),
                        new BigInteger(amount.read(value, valueOffset + TokenBalanceDescriptor.BALANCE_OFFSET).toString()),
                        BigInteger::add);
            }
        });
        for (Map.Entry<Long, BigInteger> e : supply.entrySet()) {
            assertEquals(e.getValue(), balances.getOrDefault(e.getKey(), BigInteger.ZERO), "token " + e.getKey());
        }
        assertTrue(supply.keySet().containsAll(balances.keySet()), "balances of unknown tokens");
    }

    @Test
    void serialExecutorAcceptsSetupAndBlocksWithTheDocumentedSuccessShareAndMix() {
        final Workload w = create(42);
        final Map<String, Integer> counts = new TreeMap<>();
        final WorkloadRun.Result r = runSerial(w, counts);
        System.out.printf("%s: setup %d txs, workload %d txs, success share %.4f, failures %s%n", w.name(),
                r.setupTransactions(), r.transactions(), r.successShare(), r.failuresByReason());
        assertEquals(r.setupTransactions(), r.setupSucceeded(), "every setup transaction succeeds");
        assertEquals(BLOCKS, r.blockRoots().size());
        assertEquals((long) BLOCKS * TXS, r.transactions());
        assertEquals(BLOCKS, r.blockRoots().stream().distinct().count(), "every block changes the root");
        assertTrue(r.successShare() >= successFloor(),
                w.name() + ": success share " + r.successShare() + " below " + successFloor() + ", failures "
                        + r.failuresByReason());
        assertMix(counts, BLOCKS * TXS);
        assertTrue(allowedFailures().containsAll(r.failuresByReason().keySet()), "unexpected failures " + r.failuresByReason());
    }

    @Test
    void sameSeedGivesIdenticalBlocksAndAnotherSeedDifferentOnes() {
        final byte[][] first = encode(create(7), 5);
        assertArrayEquals(first, encode(create(7), 5));
        if (seeded()) {
            assertFalse(Arrays.deepEquals(first, encode(create(8), 5)));
        }
    }

    private byte[][] encode(final Workload w, final int blocks) {
        final UnsafeBuffer root = new UnsafeBuffer(new byte[BlockDescriptor.ROOT_LENGTH]);
        final ExpandableArrayBuffer out = new ExpandableArrayBuffer(1 << 16);
        final byte[][] encoded = new byte[blocks][];
        for (int b = 0; b < blocks; b++) {
            root.putLong(0, b);
            final int length = w.encodeBlock(10 + b, 100 + b, root, 0, out, 0, TXS);
            encoded[b] = Arrays.copyOf(out.byteArray(), length);
        }
        return encoded;
    }

    @Test
    void encodeBlockAllocatesNothingAfterWarmUp() {
        final Workload w = create(3);
        final com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final UnsafeBuffer root = new UnsafeBuffer(new byte[BlockDescriptor.ROOT_LENGTH]);
        final int txs = allocationTxs();
        final UnsafeBuffer out = new UnsafeBuffer(new byte[BlockDescriptor.HEADER_LENGTH
                + txs * w.maxTxBytes()]);
        final long tid = Thread.currentThread().getId();
        long height = 1;
        for (int b = 0; b < 200; b++) {
            w.encodeBlock(height++, height, root, 0, out, 0, txs);
        }
        final long before = mx.getThreadAllocatedBytes(tid);
        long bytes = 0;
        for (int b = 0; b < 200; b++) {
            bytes += w.encodeBlock(height++, height, root, 0, out, 0, txs);
        }
        final long allocated = mx.getThreadAllocatedBytes(tid) - before;
        assertTrue(bytes > 200L * txs * TxDescriptor.MIN_LENGTH, "encoded " + bytes + " bytes");
        assertTrue(allocated < 1024, w.name() + ": encodeBlock allocated " + allocated + " bytes over 200 blocks");
    }
}
