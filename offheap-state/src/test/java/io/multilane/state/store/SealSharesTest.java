package io.multilane.state.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.multilane.state.StateConfig;
import io.multilane.state.TestRecords;
import io.multilane.state.key.KeyType;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seal shared with a helper thread ({@link TieredStateStore#assistSeal}) gives the seal of one thread: over random
 * blocks (hot keys, deletions, keys deleted and re-created, values written back to where they started, rollbacks),
 * every root equals that of a store sealing alone and a full scan, the journal is the same file byte for byte (the
 * helpers' entries go into the record in the block's order), and the store reopens to the same root. The helper
 * really folded chunks: the test fails if it never got one.
 */
class SealSharesTest {
    private static final int BLOCKS = 60;

    @TempDir
    Path dir;

    private final UnsafeBuffer key = new UnsafeBuffer(new byte[32]);
    private final UnsafeBuffer value = new UnsafeBuffer(new byte[144]);
    private final UnsafeBuffer alone = new UnsafeBuffer(new byte[32]);
    private final UnsafeBuffer shared = new UnsafeBuffer(new byte[32]);

    private static TieredStateStore open(final Path at, final boolean persistenceThread) {
        return TieredStateStore.open(StateConfig.of(at, 200_000).withSyncOnSeal(false)
            .withWriteBehindThread(persistenceThread).withPersistenceHelpingSeals(persistenceThread));
    }

    @Test
    void aSealSharedWithAHelperEqualsOneSealedAlone() throws Exception {
        sealAloneAndShared(true, false);
    }

    /** With the option on, the store's persistence thread, woken by each seal, helps when it has nothing else to do. */
    @Test
    void thePersistenceThreadHelpsWithSeals() throws Exception {
        sealAloneAndShared(false, true);
    }

    private void sealAloneAndShared(final boolean helperThread, final boolean persistenceThread) throws Exception {
        final Path a = dir.resolve("alone");
        final Path b = dir.resolve("shared");
        final long seed = new SplittableRandom().nextLong();
        final SplittableRandom rnd = new SplittableRandom(seed);
        long helped;
        try (TieredStateStore single = open(a, false); TieredStateStore helpedStore = open(b, persistenceThread)) {
            final Thread helper = helper(helpedStore);
            if (helperThread) {
                helper.start();
            }
            try {
                for (int block = 0; block < BLOCKS; block++) {
                    final long h = single.sealedHeight() + 1;
                    single.beginBlock(h);
                    helpedStore.beginBlock(h);
                    final int writes = 500 + rnd.nextInt(4000);
                    for (int i = 0; i < writes; i++) {
                        // a few hot keys among many: rewritten, deleted and re-created within a block
                        final KeyType t = TestRecords.randomKey(rnd, rnd.nextInt(8) == 0 ? 20 : 50_000, key);
                        TestRecords.randomValue(rnd, t.recordLength(), value, 0.1);
                        single.write(key, 0, value, 0, t.recordLength());
                        helpedStore.write(key, 0, value, 0, t.recordLength());
                    }
                    if (rnd.nextInt(10) == 0) {
                        single.rollback();
                        helpedStore.rollback();
                        continue;
                    }
                    single.seal(h, alone, 0);
                    helpedStore.seal(h, shared, 0);
                    assertEquals(alone, shared, "root of block " + h + ", seed " + seed);
                    if (block % 10 == 0) {
                        assertEquals(TestRecords.scanRoot(helpedStore), shared, "full scan at " + h + ", seed " + seed);
                    }
                }
                helped = helpedStore.sealChunksHelped();
            } finally {
                helper.interrupt();
                helper.join();
            }
            // the journals before close (a clean close checkpoints and releases them)
            final List<Path> journals = journals(a);
            assertFalse(journals.isEmpty());
            helpedStore.flush();
            assertEquals(journals.size(), journals(b).size());
            for (final Path j : journals) {
                assertArrayEquals(Files.readAllBytes(j), Files.readAllBytes(b.resolve(j.getFileName())),
                        j.getFileName() + " differs, seed " + seed);
            }
            assertFalse(helpedStore.sealOpen(), "no seal open between blocks");
            assertFalse(helpedStore.assistSeal(), "nothing to help with between blocks");
        }
        assertTrue(helped > 0, "the helper folded no chunk in " + BLOCKS + " blocks (seed " + seed + ")");
        try (TieredStateStore reopened = open(b, false)) {
            assertEquals(alone, TestRecords.root(reopened), "reopened, seed " + seed);
        }
    }

    private static Thread helper(final TieredStateStore store) {
        final Thread t = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                if (!store.assistSeal()) {
                    Thread.onSpinWait();
                }
            }
        }, "seal-helper");
        t.setDaemon(true);
        return t;
    }

    private static List<Path> journals(final Path at) throws IOException {
        try (Stream<Path> files = Files.list(at)) {
            return files.filter(p -> p.getFileName().toString().startsWith("state.journal")).sorted()
                    .collect(Collectors.toList());
        }
    }
}
