package io.multilane.state.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import io.multilane.state.StateConfig;
import io.multilane.state.TestRecords;
import io.multilane.state.key.KeyType;
import io.multilane.state.key.StateKeys;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpointed persistence: blocks that rewrite the same keys cost one Chronicle write per key per checkpoint
 * (inline and on the persistence thread), the journal stays bounded over a long closed-loop run with small
 * segments, and what a checkpoint recorded is exactly what a reopen finds.
 */
class CheckpointTest {
    private static final int KEYS = 100;
    private static final int BLOCKS = 50;

    @TempDir
    Path dir;

    private final UnsafeBuffer key = new UnsafeBuffer(new byte[32]);
    private final UnsafeBuffer value = new UnsafeBuffer(new byte[144]);
    private final UnsafeBuffer root = new UnsafeBuffer(new byte[32]);

    private StateConfig config(final Path at, final boolean threaded) {
        return StateConfig.of(at, 100_000).withSyncOnSeal(false).withWriteBehindThread(threaded)
            .withCheckpointIntervalBlocks(BLOCKS).withCheckpointIntervalMillis(TimeUnit.HOURS.toMillis(1));
    }

    /** One block writing every one of the {@value #KEYS} token balances with a value that depends on the block. */
    private void rewriteAll(final TieredStateStore s) {
        final long h = s.sealedHeight() + 1;
        s.beginBlock(h);
        for (int k = 1; k <= KEYS; k++) {
            StateKeys.encode(key, 0, KeyType.TOKEN_BALANCE, 1, k, 0);
            value.putLong(0, h * 1000 + k);
            s.write(key, 0, value, 0, 16);
        }
        s.seal(h, root, 0);
    }

    @Test
    void inlineCheckpointWritesEachKeyOncePerInterval() {
        dedup(dir.resolve("inline"), false);
    }

    @Test
    void threadCheckpointWritesEachKeyOncePerInterval() {
        dedup(dir.resolve("thread"), true);
    }

    private void dedup(final Path at, final boolean threaded) {
        try (TieredStateStore s = TieredStateStore.open(config(at, threaded))) {
            assertEquals(threaded, s.persistenceThread() != null);
            final PersistenceStats stats = s.persistenceStats();
            for (int round = 1; round <= 3; round++) {
                for (int b = 0; b < BLOCKS - 1; b++) {
                    rewriteAll(s);
                }
                s.flush();
                assertEquals(round - 1, stats.checkpoints(), "no checkpoint before the interval's last block");
                rewriteAll(s);
                awaitCheckpoints(stats, round);
                assertEquals((long) round * BLOCKS, stats.checkpointedHeight());
                assertEquals((long) round * KEYS, stats.chronicleWrites(), "one write per key per checkpoint");
                assertEquals((long) round * BLOCKS * KEYS, stats.entriesMerged());
                assertEquals(BLOCKS, stats.dedupFactor(), 1e-9);
            }
        }
        try (TieredStateStore s = TieredStateStore.open(config(at, threaded))) {
            assertEquals(3L * BLOCKS, s.sealedHeight());
            assertEquals(root, TestRecords.root(s));
            assertEquals(TestRecords.scanRoot(s), root);
            assertEquals(3L * BLOCKS, s.checkpointedHeight(), "closed cleanly: checkpointed through the last block");
            assertEquals(0, s.persistenceStats().journalSegments());
        }
    }

    private static void awaitCheckpoints(final PersistenceStats stats, final long n) {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (stats.checkpoints() < n) {
            assertTrue(System.nanoTime() < deadline, "checkpoint " + n + " did not complete: " + stats);
            Thread.onSpinWait();
        }
    }

    @Test
    void journalStaysBoundedOverTwentyThousandBlocks() {
        final long segmentBytes = 16 * 1024;
        final StateConfig cfg = StateConfig.of(dir, 10_000).withSyncOnSeal(false).withJournalSegmentBytes(segmentBytes)
            .withCheckpointIntervalBlocks(20).withCheckpointIntervalMillis(5);
        final SplittableRandom rnd = new SplittableRandom(11);
        final int ids = 8_000 / (3 * KeyType.values().length); // distinct keys stay below the 10,000 entries
        long maxBytes = 0;
        long maxSegments = 0;
        long journalled = 0;
        try (TieredStateStore s = TieredStateStore.open(cfg)) {
            final PersistenceStats stats = s.persistenceStats();
            for (int b = 1; b <= 20_000; b++) {
                s.beginBlock(b);
                for (int i = 0; i < 20; i++) {
                    final KeyType t = TestRecords.randomKey(rnd, ids, key);
                    TestRecords.randomValue(rnd, t.recordLength(), value, 0.05);
                    s.write(key, 0, value, 0, t.recordLength());
                }
                s.seal(b, root, 0);
                maxBytes = Math.max(maxBytes, stats.journalBytes());
                maxSegments = Math.max(maxSegments, stats.journalSegments());
                journalled += 1;
            }
            s.checkpoint();
            final long segmentsOnDisk = BlockJournal.listSegments(dir).length;
            System.out.println("journalStaysBounded: " + stats + ", max journal " + maxBytes + " bytes in "
                + maxSegments + " segments, " + segmentsOnDisk + " on disk at the end");
            assertTrue(stats.checkpoints() >= 20_000 / 20 / 4, "checkpoints: " + stats);
            assertTrue(maxSegments <= 24, "journal segments peaked at " + maxSegments);
            assertTrue(maxBytes <= 24 * (segmentBytes + 4096), "journal bytes peaked at " + maxBytes);
            assertEquals(stats.journalSegments(), segmentsOnDisk, "the counter matches the directory");
            assertEquals(20_000, journalled);
        }
        try (TieredStateStore s = TieredStateStore.open(cfg)) {
            assertEquals(20_000, s.sealedHeight());
            assertEquals(root, TestRecords.root(s));
        }
    }

    @Test
    void reopenAfterCheckpointsWithoutCloseReplaysOnlyTheTail() {
        final StateConfig cfg = config(dir, false).withCheckpointIntervalBlocks(7);
        final TieredStateStore s = TieredStateStore.open(cfg);
        for (int b = 0; b < 30; b++) {
            rewriteAll(s);
        }
        assertEquals(28, s.checkpointedHeight());
        assertTrue(BlockJournal.listSegments(dir).length > 0, "blocks 29 and 30 are only in the journal");
        assertNull(s.persistenceThread());
        s.abandon();
        try (TieredStateStore r = TieredStateStore.open(cfg)) {
            assertEquals(30, r.sealedHeight());
            assertEquals(root, TestRecords.root(r));
            assertEquals(TestRecords.scanRoot(r), root);
            assertEquals(30, r.checkpointedHeight(), "recovery checkpoints what it replayed");
            assertEquals(2, r.persistenceStats().blocksMerged(), "only the blocks above the checkpoint are replayed");
        }
    }
}
