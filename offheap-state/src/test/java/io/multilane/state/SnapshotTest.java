package io.multilane.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import io.multilane.state.key.KeyType;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshot export and import: a round trip reproduces height, root and every record; a snapshot whose bytes were
 * altered is refused; importing into a directory that already holds a store is refused.
 */
class SnapshotTest {
    @TempDir
    Path dir;

    private final UnsafeBuffer key = new UnsafeBuffer(new byte[32]);
    private final UnsafeBuffer value = new UnsafeBuffer(new byte[144]);
    private final UnsafeBuffer root = new UnsafeBuffer(new byte[32]);

    private Path exportRandomState(final long seed) {
        final SplittableRandom rnd = new SplittableRandom(seed);
        final Path snap = dir.resolve("state.snap");
        try (StateStore s = StateStores.open(StateConfig.of(dir.resolve("a"), 5000).withSyncOnSeal(false))) {
            for (int h = 1; h <= 5; h++) {
                s.beginBlock(h);
                for (int i = 0; i < 400; i++) {
                    final KeyType t = TestRecords.randomKey(rnd, 400, key);
                    TestRecords.randomValue(rnd, t.recordLength(), value, 0.1);
                    s.write(key, 0, value, 0, t.recordLength());
                }
                s.seal(h, root, 0);
            }
            StateSnapshots.export(s, snap);
        }
        return snap;
    }

    @Test
    void roundTripReproducesHeightRootAndRecords() {
        final Path snap = exportRandomState(7);
        final List<String> original = new ArrayList<>();
        final UnsafeBuffer originalRoot;
        try (StateStore s = StateStores.open(StateConfig.of(dir.resolve("a"), 5000))) {
            s.scan((k, ko, v, vo, len) -> original.add(TestRecords.hex(new UnsafeBuffer(k, ko, 32))
                + TestRecords.hex(new UnsafeBuffer(v, vo, len))));
            originalRoot = TestRecords.root(s);
        }
        try (StateStore s = StateSnapshots.importTo(snap, StateConfig.of(dir.resolve("b"), 5000))) {
            assertEquals(5, s.sealedHeight());
            assertEquals(originalRoot, TestRecords.root(s));
            final List<String> imported = new ArrayList<>();
            s.scan((k, ko, v, vo, len) -> imported.add(TestRecords.hex(new UnsafeBuffer(k, ko, 32))
                + TestRecords.hex(new UnsafeBuffer(v, vo, len))));
            assertEquals(original, imported);
            s.beginBlock(6);
            s.seal(6, root, 0);
            assertEquals(originalRoot, root);
        }
    }

    @Test
    void alteredSnapshotIsRefused() throws Exception {
        final Path snap = exportRandomState(8);
        try (RandomAccessFile f = new RandomAccessFile(snap.toFile(), "rw")) {
            final long at = 100 + (f.length() - 200) / 2;
            f.seek(at);
            final int b = f.read();
            f.seek(at);
            f.write(b ^ 0x10);
        }
        final StateException e = assertThrows(StateException.class,
            () -> StateSnapshots.importTo(snap, StateConfig.of(dir.resolve("c"), 5000)));
        assertTrue(e.getMessage().contains(snap.toString()), e.getMessage());
        assertFalse(Files.exists(dir.resolve("c").resolve("state.cm3")), "a failed import leaves no state file");
    }

    @Test
    void importIntoAnExistingStoreIsRefused() {
        final Path snap = exportRandomState(9);
        final StateException e = assertThrows(StateException.class,
            () -> StateSnapshots.importTo(snap, StateConfig.of(dir.resolve("a"), 5000)));
        assertTrue(e.getMessage().contains("already holds"), e.getMessage());
    }
}
