package io.multilane.state.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.SplittableRandom;

import io.multilane.state.StateConfig;
import io.multilane.state.U128;
import io.multilane.state.Writeback;
import io.multilane.state.key.KeyType;
import io.multilane.state.key.StateKeys;
import io.multilane.state.record.AccountFlyweight;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The hot path allocates nothing: after a warm-up, the thread's allocated-bytes counter
 * ({@code com.sun.management.ThreadMXBean}) does not move across many reads, u128 credits and writes (with undo
 * records) between seals, and, with the persistence thread, across whole blocks including their seals. Inline
 * seals (which also merge and checkpoint into Chronicle) run between the measured loops of the first test.
 */
class ZeroAllocationTest {
    @TempDir
    Path dir;

    private final UnsafeBuffer key = new UnsafeBuffer(new byte[StateKeys.LENGTH]);
    private final UnsafeBuffer value = new UnsafeBuffer(new byte[32]);
    private final UnsafeBuffer root = new UnsafeBuffer(new byte[32]);
    private final AccountFlyweight account = new AccountFlyweight();
    private final U128 balance = new U128();
    private final U128 amount = new U128(0, 7);
    private final long[] ids = new long[2048];

    /** Draws the keys the blocks touch from {@code seed}; returns the allocation counter (enabled). */
    private com.sun.management.ThreadMXBean prepare(final long seed) {
        final com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(mx.isThreadAllocatedMemorySupported());
        final SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < ids.length; i++) {
            ids[i] = 1 + rnd.nextInt(2000);
        }
        account.wrap(value, 0);
        return mx;
    }

    /**
     * Runs blocks of read-modify-writes; returns the bytes this thread allocated inside the op loops, or, with
     * {@code withSeal}, in whole blocks (begin, ops, root, seal).
     */
    private long blocks(final TieredStateStore s, final int count, final com.sun.management.ThreadMXBean mx,
            final boolean withSeal) {
        final long tid = Thread.currentThread().getId();
        long allocated = 0;
        for (int b = 0; b < count; b++) {
            final long blockStart = mx.getThreadAllocatedBytes(tid);
            final long h = s.sealedHeight() + 1;
            s.beginBlock(h);
            final long before = mx.getThreadAllocatedBytes(tid);
            for (int i = 0; i < ids.length; i++) {
                StateKeys.encode(key, 0, KeyType.TOKEN, ids[i], 0, 0);
                s.read(key, 0, value, 0);
                account.balance(balance).add(amount);
                account.setBalance(balance).setNonce(account.nonce() + 1);
                s.write(key, 0, value, 0, 32);
            }
            allocated += mx.getThreadAllocatedBytes(tid) - before;
            s.seal(h, root, 0);
            s.root(root, 0);
            if (withSeal) {
                allocated = mx.getThreadAllocatedBytes(tid) - blockStart;
            }
        }
        return allocated;
    }

    @Test
    void readsCreditsAndWritesAllocateNothing() {
        final com.sun.management.ThreadMXBean mx = prepare(3);
        try (TieredStateStore s = TieredStateStore.open(StateConfig.of(dir, 10_000).withSyncOnSeal(false)
            .withWriteBehindThread(false))) {
            blocks(s, 300, mx, false);
            assertEquals(0, blocks(s, 40, mx, false), "bytes allocated by 40 blocks of 2048 reads, credits and writes");
        }
    }

    /**
     * With the persistence thread, the commit thread's whole blocks allocate nothing per block either: the root
     * fold, the block record, the journal append (a positional write of a direct buffer) and the hand-off are
     * allocation-free; merging and checkpoints run on the other thread. Not exactly zero over thousands of blocks:
     * the JDK's {@code FileChannel.write} was seen to allocate 56 and 72 bytes on two calls around its 2000th (then
     * never again), and a few hundred bytes appear once in a while in seal's hand-off, so the bound is an average
     * below 8 bytes per block over 400 blocks and at most 4 blocks allocating anything; a per-block allocation of a
     * single object would break both. (A new journal segment allocates a few objects; these segments never roll.)
     */
    @Test
    void wholeBlocksWithTheirSealsAllocateNothingPerBlockOnTheCommitThread() {
        final com.sun.management.ThreadMXBean mx = prepare(5);
        try (TieredStateStore s = TieredStateStore.open(StateConfig.of(dir, 10_000).withSyncOnSeal(false)
            .withJournalSegmentBytes(1L << 30).withCheckpointIntervalBlocks(10))) {
            blocks(s, 300, mx, true);
            final long checkpointsBefore = s.persistenceStats().checkpoints();
            long total = 0;
            int allocating = 0;
            for (int b = 0; b < 400; b++) {
                final long bytes = blocks(s, 1, mx, true);
                total += bytes;
                allocating += bytes == 0 ? 0 : 1;
            }
            assertTrue(total < 400 * 8 && allocating <= 4, total + " bytes allocated by " + allocating
                + " of 400 whole blocks (2048 read-modify-writes, seal, root)");
            assertTrue(s.persistenceStats().checkpoints() - checkpointsBefore >= 10, s.persistenceStats().toString());
        }
    }

    /**
     * The persistence thread allocates nothing per block or per checkpoint once warm, whatever each checkpoint does
     * behind its progress: merging each sealed block, writing the checkpoint into Chronicle (and dropping Chronicle's
     * page-table entries behind it, and with paced writeback forcing its ranges through the thread's own mapping),
     * forcing and recording it, and releasing the journal. Same bound as the commit thread's test above (one object
     * per block or per checkpoint would break it).
     */
    @ParameterizedTest
    @EnumSource(Writeback.class)
    void thePersistenceThreadAllocatesNothingPerCheckpoint(final Writeback mode) {
        final com.sun.management.ThreadMXBean mx = prepare(7);
        try (TieredStateStore s = TieredStateStore.open(StateConfig.of(dir, 10_000).withSyncOnSeal(false)
            .withJournalSegmentBytes(1L << 30).withCheckpointIntervalBlocks(10).withWriteback(mode))) {
            final long tid = s.persistenceThread().getId();
            blocks(s, 300, mx, true);
            s.checkpoint();
            final long checkpointsBefore = s.persistenceStats().checkpoints();
            final long before = mx.getThreadAllocatedBytes(tid);
            blocks(s, 400, mx, true);
            s.checkpoint();
            final long bytes = mx.getThreadAllocatedBytes(tid) - before;
            final long checkpoints = s.persistenceStats().checkpoints() - checkpointsBefore;
            assertTrue(checkpoints >= 10, s.persistenceStats().toString());
            assertTrue(bytes < 400 * 8, bytes + " bytes allocated by the persistence thread over 400 blocks and "
                + checkpoints + " checkpoints (" + mode + ")");
        }
    }
}
