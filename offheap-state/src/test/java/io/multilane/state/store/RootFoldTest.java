package io.multilane.state.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import io.multilane.state.DirectoryTree;
import io.multilane.state.StateConfig;
import io.multilane.state.TestRecords;
import io.multilane.state.key.KeyType;
import io.multilane.state.key.StateKeys;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The root folded at the seal: over random blocks with hot keys, deletions, deletions followed by re-creation in
 * the same block, values written back to where they started, and rollbacks, the root after every seal and the
 * open block's root at random moments equal a full-scan recomputation; a key written hundreds of times in a block
 * costs two item hashes at the seal (one when it is new, none when it ends where it started).
 */
class RootFoldTest {
    @TempDir
    Path dir;

    private final UnsafeBuffer key = new UnsafeBuffer(new byte[32]);
    private final UnsafeBuffer value = new UnsafeBuffer(new byte[144]);
    private final UnsafeBuffer root = new UnsafeBuffer(new byte[32]);

    private TieredStateStore open(final Path at) {
        return TieredStateStore.open(StateConfig.of(at, 5000).withSyncOnSeal(false).withWriteBehindThread(false));
    }

    @Property(tries = 20)
    void rootAtSealEqualsAFullScan(@ForAll final long seed) throws IOException {
        final SplittableRandom rnd = new SplittableRandom(seed);
        final Path at = Files.createTempDirectory("multilane-fold");
        try {
            sealRandomBlocks(rnd, seed, at);
        } finally {
            DirectoryTree.delete(at);
        }
    }

    private void sealRandomBlocks(final SplittableRandom rnd, final long seed, final Path at) {
        try (TieredStateStore s = open(at)) {
            for (int b = 0; b < 40; b++) {
                final long h = s.sealedHeight() + 1;
                s.beginBlock(h);
                final int writes = rnd.nextInt(200);
                for (int i = 0; i < writes; i++) {
                    final KeyType t = TestRecords.randomKey(rnd, 1 + rnd.nextInt(40), key);
                    TestRecords.randomValue(rnd, t.recordLength(), value, 0.25);
                    s.write(key, 0, value, 0, t.recordLength());
                    if (rnd.nextInt(50) == 0) {
                        assertEquals(TestRecords.scanRoot(s), TestRecords.root(s), "open-block root, seed " + seed);
                    }
                }
                if (rnd.nextInt(5) == 0) {
                    s.rollback();
                    assertEquals(TestRecords.scanRoot(s), TestRecords.root(s), "after rollback, seed " + seed);
                } else {
                    s.seal(h, root, 0);
                    assertEquals(TestRecords.scanRoot(s), root, "seal of " + h + ", seed " + seed);
                    assertEquals(root, TestRecords.root(s));
                }
            }
        }
        try (TieredStateStore s = open(at)) {
            assertEquals(root, TestRecords.root(s), "reopened, seed " + seed);
        }
    }

    @Test
    void deletedAndRecreatedKeyCountsOnce() {
        try (TieredStateStore s = open(dir)) {
            StateKeys.encode(key, 0, KeyType.TOKEN, 3, 0, 0);
            s.beginBlock(1);
            value.putLong(0, 1);
            s.write(key, 0, value, 0, 32);
            s.seal(1, root, 0);
            s.beginBlock(2);
            for (int i = 0; i < 5; i++) {
                value.putLong(0, 0);
                s.write(key, 0, value, 0, 32);
                value.putLong(0, 10 + i);
                s.write(key, 0, value, 0, 32);
                assertEquals(TestRecords.scanRoot(s), TestRecords.root(s));
            }
            s.seal(2, root, 0);
            assertEquals(TestRecords.scanRoot(s), root);
            s.beginBlock(3);
            value.putLong(0, 0);
            s.write(key, 0, value, 0, 32);
            value.putLong(0, 7);
            s.write(key, 0, value, 0, 32);
            value.putLong(0, 0);
            s.write(key, 0, value, 0, 32);
            s.seal(3, root, 0);
            assertEquals(TestRecords.scanRoot(s), root);
            assertEquals(0, s.size());
        }
    }

    @Test
    void aKeyWrittenManyTimesIsHashedTwiceAtTheSeal() {
        try (TieredStateStore s = open(dir)) {
            StateKeys.encode(key, 0, KeyType.AMM_POOL, 9, 0, 0);
            s.beginBlock(1);
            long before = s.rootItemHashes();
            for (int i = 1; i <= 300; i++) {
                value.putLong(16, i);
                s.write(key, 0, value, 0, 80);
            }
            s.seal(1, root, 0);
            assertEquals(1, s.rootItemHashes() - before, "a new key: its final record is added once");

            s.beginBlock(2);
            before = s.rootItemHashes();
            for (int i = 1; i <= 300; i++) {
                value.putLong(16, 1000 + i);
                s.write(key, 0, value, 0, 80);
            }
            s.seal(2, root, 0);
            assertEquals(2, s.rootItemHashes() - before, "300 writes of one key: subtract once, add once");
            assertEquals(TestRecords.scanRoot(s), root);

            s.beginBlock(3);
            before = s.rootItemHashes();
            for (int i = 1; i <= 300; i++) {
                value.putLong(16, i == 300 ? 1300 : i);
                s.write(key, 0, value, 0, 80);
            }
            s.seal(3, root, 0);
            assertEquals(0, s.rootItemHashes() - before, "back to its block-start value: nothing to hash");
            assertEquals(TestRecords.scanRoot(s), root);
        }
    }
}
