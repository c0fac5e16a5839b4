package io.multilane.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import io.multilane.state.key.KeyType;
import io.multilane.state.key.StateKeys;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@link StateStore} contract, shared by every implementation (JCTools' QueueSanityTest pattern): reads see
 * writes, zeros delete, rollback restores the sealed state, seal persists across reopen, scan is in ascending key
 * order, the root (also with a block open) equals a full-scan recomputation, and a full store fails with a message
 * naming its size. A subclass names the implementation through {@link #open} (the tiered store, {@code HotAccountStore}
 * over it); the class ships in offheap-state's test jar so that implementations in other modules can run it too.
 */
public abstract class StateStoreContract {
    @TempDir
    Path dir;

    private static final int ACCOUNT_LENGTH = KeyType.ACCOUNT.recordLength();
    private final UnsafeBuffer key = new UnsafeBuffer(new byte[32]);
    private final UnsafeBuffer value = new UnsafeBuffer(new byte[144]);
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[144]);
    private final UnsafeBuffer rootOut = new UnsafeBuffer(new byte[32]);

    /**
     * Opens (creating or reopening) the implementation under test over a store in {@code directory} sized for
     * {@code entries} records; a second open of the same directory while the first is open must fail.
     */
    protected abstract StateStore open(Path directory, long entries);

    private StateStore open(final long entries) {
        return open(dir, entries);
    }

    @Test
    void readsWritesDeletesAndPersistsSealedBlocks() {
        final Map<String, byte[]> model = new HashMap<>();
        final SplittableRandom rnd = new SplittableRandom(42);
        try (StateStore s = open(10_000)) {
            assertEquals(0, s.sealedHeight());
            for (int h = 1; h <= 20; h++) {
                s.beginBlock(h);
                for (int i = 0; i < 200; i++) {
                    final KeyType t = TestRecords.randomKey(rnd, 300, key);
                    TestRecords.randomValue(rnd, t.recordLength(), value, 0.1);
                    s.write(key, 0, value, 0, t.recordLength());
                    apply(model, t);
                    final int len = s.read(key, 0, out, 0);
                    if (model.containsKey(hexKey())) {
                        assertEquals(t.recordLength(), len);
                    } else {
                        assertEquals(-1, len);
                    }
                }
                assertEquals(TestRecords.scanRoot(s), TestRecords.root(s), "root with the block open");
                s.seal(h, rootOut, 0);
                assertEquals(TestRecords.scanRoot(s), rootOut);
                assertEquals(rootOut, TestRecords.root(s), "root between blocks");
                assertEquals(model.size(), s.size());
            }
        }
        try (StateStore s = open(10_000)) {
            assertEquals(20, s.sealedHeight());
            assertEquals(rootOut, TestRecords.root(s));
            assertEquals(model.size(), s.size());
            final List<String> seen = new ArrayList<>();
            s.scan((k, ko, v, vo, len) -> {
                final byte[] bytes = new byte[len];
                v.getBytes(vo, bytes);
                final String hk = hex(k, ko, 32);
                assertTrue(java.util.Arrays.equals(model.get(hk), bytes), hk);
                seen.add(hk);
            });
            assertEquals(model.size(), seen.size());
            final List<String> sorted = new ArrayList<>(seen);
            java.util.Collections.sort(sorted);
            assertEquals(sorted, seen, "scan order must be ascending key bytes");
        }
    }

    @Test
    void rollbackRestoresSealedStateAndRoot() {
        try (StateStore s = open(1000)) {
            s.beginBlock(1);
            StateKeys.encode(key, 0, KeyType.ACCOUNT, 7, 0, 0);
            value.putLong(0, 100);
            s.write(key, 0, value, 0, ACCOUNT_LENGTH);
            s.seal(1, rootOut, 0);
            final UnsafeBuffer sealed = TestRecords.root(s);

            s.beginBlock(2);
            value.putLong(0, 55);
            s.write(key, 0, value, 0, ACCOUNT_LENGTH);
            StateKeys.encode(key, 0, KeyType.TOKEN_BALANCE, 1, 7, 0);
            s.write(key, 0, value, 0, 16);
            assertNotEquals(sealed, TestRecords.root(s));
            s.rollback();
            assertEquals(sealed, TestRecords.root(s));
            assertEquals(-1, s.read(key, 0, out, 0));
            StateKeys.encode(key, 0, KeyType.ACCOUNT, 7, 0, 0);
            assertEquals(ACCOUNT_LENGTH, s.read(key, 0, out, 0));
            assertEquals(100, out.getLong(0));
            assertEquals(1, s.sealedHeight());
            assertEquals(1, s.size());
            s.beginBlock(2);
            s.seal(2, rootOut, 0);
            assertEquals(sealed, rootOut);
        }
    }

    @Test
    void zeroRecordIsAbsentAndInvisibleToTheRoot() {
        try (StateStore s = open(1000)) {
            final UnsafeBuffer empty = TestRecords.root(s);
            s.beginBlock(1);
            StateKeys.encode(key, 0, KeyType.STAKING_POOL, 3, 0, 0);
            value.putLong(8, 9);
            s.write(key, 0, value, 0, 96);
            assertEquals(96, s.read(key, 0, out, 0));
            value.setMemory(0, 144, (byte) 0);
            s.write(key, 0, value, 0, 96);
            assertEquals(-1, s.read(key, 0, out, 0));
            assertEquals(empty, TestRecords.root(s));
            assertEquals(0, s.size());
            s.seal(1, rootOut, 0);
            assertEquals(empty, rootOut);
        }
    }

    /**
     * Whether the implementation hands out read versions that prove unchanged records (both here do, for every key
     * but the {@code HotAccountStore}'s cached one); one that does not must still never prove a changed record.
     */
    protected boolean keepsVersions() {
        return true;
    }

    @Test
    void readVersionsProveOnlyUnchangedRecordsAndWritesTakeAnyVersionAsAHint() {
        final UnsafeBuffer other = new UnsafeBuffer(new byte[32]);
        final UnsafeBuffer v = new UnsafeBuffer(new byte[StateReader.VERSION_LENGTH]);
        final UnsafeBuffer w = new UnsafeBuffer(new byte[StateReader.VERSION_LENGTH]);
        try (StateStore s = open(1000)) {
            StateKeys.encode(key, 0, KeyType.TOKEN_BALANCE, 4, 5, 0);
            StateKeys.encode(other, 0, KeyType.TOKEN_BALANCE, 4, 6, 0);
            s.beginBlock(1);
            value.putLong(0, 77);
            s.write(key, 0, value, 0, 16);
            s.write(other, 0, value, 0, 16);
            s.seal(1, rootOut, 0);

            s.beginBlock(2);
            assertEquals(16, s.read(key, 0, out, 0, v, 0));
            assertEquals(77, out.getLong(0));
            assertEquals(keepsVersions(), s.unchangedSince(key, 0, v, 0), "nothing written since the read");
            value.putLong(0, 78);
            s.write(other, 0, value, 0, 16, v, 0);
            assertEquals(keepsVersions(), s.unchangedSince(key, 0, v, 0), "another key written");
            assertEquals(77, readLong(s, key), "a write given another key's version writes its own key");
            assertEquals(78, readLong(s, other));
            s.write(key, 0, value, 0, 16, v, 0);
            assertFalse(s.unchangedSince(key, 0, v, 0), "written since the read");
            assertEquals(78, readLong(s, key));

            assertEquals(16, s.read(key, 0, out, 0, v, 0));
            value.putLong(0, 79);
            s.write(key, 0, value, 0, 16, v, 0);
            assertFalse(s.unchangedSince(key, 0, v, 0), "written with its own version as the hint");
            assertEquals(79, readLong(s, key));
            s.write(key, 0, value, 0, 16, v, 0);
            assertEquals(79, readLong(s, key), "a stale hint writes all the same");

            assertEquals(16, s.read(other, 0, out, 0, w, 0));
            value.putLong(0, 0);
            s.write(other, 0, value, 0, 16);
            assertFalse(s.unchangedSince(other, 0, w, 0), "deleted since the read");
            assertEquals(-1, s.read(other, 0, out, 0, w, 0));
            assertFalse(s.unchangedSince(other, 0, w, 0), "an absent key: nothing to prove");

            assertEquals(16, s.read(key, 0, out, 0, v, 0));
            s.rollback();
            assertFalse(s.unchangedSince(key, 0, v, 0), "the rollback restored the sealed record over the one read");
            assertEquals(77, readLong(s, key));
            assertEquals(77, readLong(s, other));
        }
    }

    private long readLong(final StateStore s, final UnsafeBuffer k) {
        assertEquals(16, s.read(k, 0, out, 0));
        return out.getLong(0);
    }

    @Test
    void rewritingTheSameValueChangesNothingAndRollsBackCleanly() {
        try (StateStore s = open(1000)) {
            s.beginBlock(1);
            StateKeys.encode(key, 0, KeyType.TOKEN_BALANCE, 4, 5, 0);
            value.putLong(0, 77);
            s.write(key, 0, value, 0, 16);
            s.seal(1, rootOut, 0);
            final UnsafeBuffer sealed = TestRecords.root(s);
            s.beginBlock(2);
            s.write(key, 0, value, 0, 16);
            assertEquals(sealed, TestRecords.root(s));
            value.putLong(0, 78);
            s.write(key, 0, value, 0, 16);
            value.putLong(0, 77);
            s.write(key, 0, value, 0, 16);
            assertEquals(sealed, TestRecords.root(s), "back to the sealed value, back to the sealed root");
            value.putLong(0, 79);
            s.write(key, 0, value, 0, 16);
            s.rollback();
            assertEquals(16, s.read(key, 0, out, 0));
            assertEquals(77, out.getLong(0));
            assertEquals(sealed, TestRecords.root(s));
        }
    }

    @Test
    void rejectsWrongLengthsAndHeights() {
        try (StateStore s = open(1000)) {
            assertThrows(IllegalArgumentException.class, () -> s.beginBlock(2));
            s.beginBlock(1);
            assertThrows(IllegalStateException.class, () -> s.beginBlock(1));
            StateKeys.encode(key, 0, KeyType.ACCOUNT, 1, 0, 0);
            assertThrows(IllegalArgumentException.class, () -> s.write(key, 0, value, 0, 16));
            key.putByte(0, (byte) 99);
            assertThrows(IllegalArgumentException.class, () -> s.write(key, 0, value, 0, 16));
            assertThrows(IllegalArgumentException.class, () -> s.seal(2, rootOut, 0));
        }
    }

    @Test
    void fullStoreFailsNamingItsSizeAndStaysUsable() {
        try (StateStore s = open(100)) {
            s.beginBlock(1);
            value.putLong(0, 1);
            for (int i = 0; i < 100; i++) {
                StateKeys.encode(key, 0, KeyType.ACCOUNT, i + 1, 0, 0);
                s.write(key, 0, value, 0, ACCOUNT_LENGTH);
            }
            StateKeys.encode(key, 0, KeyType.ACCOUNT, 1000, 0, 0);
            final StateFullException e = assertThrows(StateFullException.class, () -> s.write(key, 0, value, 0, ACCOUNT_LENGTH));
            assertTrue(e.getMessage().contains("100 entries"), e.getMessage());
            assertEquals(100, e.configuredEntries());
            StateKeys.encode(key, 0, KeyType.ACCOUNT, 5, 0, 0);
            value.putLong(0, 2);
            s.write(key, 0, value, 0, ACCOUNT_LENGTH);
            s.seal(1, rootOut, 0);
            assertEquals(TestRecords.scanRoot(s), rootOut);
        }
        try (StateStore s = open(100)) {
            assertEquals(100, s.size());
        }
    }

    /**
     * A full store is a local limit, never a verdict on the block: the block that did not fit is rolled back, and
     * after a reopen with more entries the same writes go in; beyond four times the creation size the open refuses,
     * naming the snapshot route, and leaves the store as it was.
     */
    @Test
    void fullStoreTakesTheSameBlockAfterReopenWithMoreEntries() {
        value.putLong(0, 1);
        try (StateStore s = open(100)) {
            s.beginBlock(1);
            assertThrows(StateFullException.class, () -> {
                for (int i = 0; i < 150; i++) {
                    StateKeys.encode(key, 0, KeyType.ACCOUNT, i + 1, 0, 0);
                    s.write(key, 0, value, 0, ACCOUNT_LENGTH);
                }
            });
            s.rollback();
            assertEquals(0, s.size());
        }
        final StateException refused = assertThrows(StateException.class, () -> open(401));
        assertTrue(refused.getMessage().contains("snapshot"), refused.getMessage());
        try (StateStore s = open(400)) {
            s.beginBlock(1);
            for (int i = 0; i < 400; i++) {
                StateKeys.encode(key, 0, KeyType.ACCOUNT, i + 1, 0, 0);
                s.write(key, 0, value, 0, ACCOUNT_LENGTH);
            }
            s.seal(1, rootOut, 0);
            assertEquals(TestRecords.scanRoot(s), rootOut);
        }
        try (StateStore s = open(100)) {
            assertEquals(400, s.size(), "a store never shrinks below what it was opened with");
            assertEquals(1, s.sealedHeight());
        }
    }

    @Test
    void secondOpenOfTheSameDirectoryFails() {
        try (StateStore s = open(100)) {
            assertEquals(0, s.sealedHeight());
            final StateException e = assertThrows(StateException.class, () -> open(100));
            assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
        }
    }

    private void apply(final Map<String, byte[]> model, final KeyType t) {
        final byte[] bytes = new byte[t.recordLength()];
        value.getBytes(0, bytes);
        boolean zero = true;
        for (final byte b : bytes) {
            zero &= b == 0;
        }
        if (zero) {
            model.remove(hexKey());
        } else {
            model.put(hexKey(), bytes);
        }
    }

    private String hexKey() {
        return hex(key, 0, 32);
    }

    private static String hex(final org.agrona.DirectBuffer b, final int off, final int len) {
        final byte[] bytes = new byte[len];
        b.getBytes(off, bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
