package io.multilane.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import io.multilane.state.key.KeyType;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Differential property: random blocks of writes (many to few hot keys, zeros that delete, deletes followed by
 * re-creation in the same block), random rollbacks, and reopenings in both write-behind modes, against a
 * sorted-map model. After every block the store's reads, scan and size equal the model's, and its root equals a
 * full-scan recomputation; after every reopen the persisted state equals the model. jqwik prints the seed.
 */
class StateStoreModelTest {
    private final UnsafeBuffer key = new UnsafeBuffer(new byte[32]);
    private final UnsafeBuffer value = new UnsafeBuffer(new byte[144]);
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[144]);
    private final UnsafeBuffer root = new UnsafeBuffer(new byte[32]);

    @Property(tries = 8)
    void storeMatchesAModelAcrossBlocksRollbacksAndReopens(@ForAll final long seed) throws IOException {
        final SplittableRandom rnd = new SplittableRandom(seed);
        final Path dir = Files.createTempDirectory("multilane-model");
        final TreeMap<String, byte[]> model = new TreeMap<>();
        StateStore s = open(dir, rnd);
        try {
            for (int block = 1; block <= 25; block++) {
                final long h = s.sealedHeight() + 1;
                final Map<String, byte[]> pending = new HashMap<>();
                s.beginBlock(h);
                final int writes = rnd.nextInt(120);
                for (int i = 0; i < writes; i++) {
                    final KeyType t = TestRecords.randomKey(rnd, 1 + rnd.nextInt(60), key);
                    TestRecords.randomValue(rnd, t.recordLength(), value, 0.3);
                    s.write(key, 0, value, 0, t.recordLength());
                    final byte[] v = new byte[t.recordLength()];
                    value.getBytes(0, v);
                    pending.put(TestRecords.hex(new UnsafeBuffer(key, 0, 32)), isZero(v) ? null : v);
                }
                if (rnd.nextInt(5) == 0) {
                    s.rollback();
                } else {
                    s.seal(h, root, 0);
                    for (final Map.Entry<String, byte[]> e : pending.entrySet()) {
                        if (e.getValue() == null) {
                            model.remove(e.getKey());
                        } else {
                            model.put(e.getKey(), e.getValue());
                        }
                    }
                    assertEquals(TestRecords.scanRoot(s), root);
                }
                check(s, model);
                if (rnd.nextInt(6) == 0) {
                    s.close();
                    s = open(dir, rnd);
                    check(s, model);
                }
            }
        } finally {
            s.close();
            DirectoryTree.delete(dir);
        }
    }

    private static StateStore open(final Path dir, final SplittableRandom rnd) {
        return StateStores.open(StateConfig.of(dir, 2000).withSyncOnSeal(false).withWriteBehindThread(rnd.nextBoolean())
            .withJournalSegmentBytes(rnd.nextBoolean() ? 1 : 1 << 20).withCheckpointIntervalBlocks(1 + rnd.nextInt(8))
            .withCheckpointIntervalMillis(rnd.nextInt(20)));
    }

    private void check(final StateStore s, final TreeMap<String, byte[]> model) {
        assertEquals(model.size(), s.size());
        assertEquals(TestRecords.scanRoot(s), TestRecords.root(s));
        final TreeMap<String, byte[]> scanned = new TreeMap<>();
        s.scan((k, ko, v, vo, len) -> {
            final byte[] bytes = new byte[len];
            v.getBytes(vo, bytes);
            scanned.put(TestRecords.hex(new UnsafeBuffer(k, ko, 32)), bytes);
        });
        assertEquals(model.keySet(), scanned.keySet());
        for (final Map.Entry<String, byte[]> e : model.entrySet()) {
            assertArrayEquals(e.getValue(), scanned.get(e.getKey()), e.getKey());
            for (int i = 0; i < 32; i++) {
                key.putByte(i, (byte) Integer.parseInt(e.getKey().substring(2 * i, 2 * i + 2), 16));
            }
            assertEquals(e.getValue().length, s.read(key, 0, out, 0));
            final byte[] read = new byte[e.getValue().length];
            out.getBytes(0, read);
            assertArrayEquals(e.getValue(), read);
        }
    }

    private static boolean isZero(final byte[] v) {
        for (final byte b : v) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
