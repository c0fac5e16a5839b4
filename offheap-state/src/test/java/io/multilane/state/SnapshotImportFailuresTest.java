package io.multilane.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import io.multilane.state.key.KeyType;
import io.multilane.state.key.StateKeys;
import io.multilane.state.root.LtHash;
import io.multilane.state.store.MetaDescriptor;
import io.multilane.state.store.SnapshotFile;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshot import validates every record and leaves nothing behind when it fails: snapshots with a repeated key, an
 * all-zero record, records out of order, an unknown key tag, a record of the wrong length, a truncated record, a
 * wrong root, a record count that does not match, or bytes after the checksum (each with a valid CRC, so the
 * validation itself is what refuses them) fail with a message naming the file, the record and the problem;
 * afterwards the target directory holds nothing but its lock file, and a correct import into the same directory
 * succeeds at the right height with the right root and records. After a failed import, opening the directory
 * creates a fresh, empty store.
 */
class SnapshotImportFailuresTest {
    private static final long HEIGHT = 42;

    @TempDir
    Path dir;

    /** One record of a hand-made snapshot. */
    private static final class Rec {
        final byte[] key = new byte[StateKeys.LENGTH];
        final byte[] value;

        Rec(final KeyType type, final long id1, final long id2, final long fill) {
            StateKeys.encode(new UnsafeBuffer(key), 0, type, id1, id2, 0);
            value = new byte[type.recordLength()];
            final UnsafeBuffer v = new UnsafeBuffer(value);
            for (int i = 0; i < value.length; i += 8) {
                v.putLong(i, fill == 0 ? 0 : fill * 31 + i);
            }
        }
    }

    /** Valid records in ascending key order: accounts 1..20 (tag 1) then token balances (tag 3). */
    private static List<Rec> validRecords() {
        final List<Rec> recs = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            recs.add(new Rec(KeyType.TOKEN, i, 0, i));
        }
        for (int i = 1; i <= 10; i++) {
            recs.add(new Rec(KeyType.TOKEN_BALANCE, 7, i, 100 + i));
        }
        return recs;
    }

    private static byte[] rootOf(final List<Rec> recs) {
        final LtHash h = new LtHash();
        for (final Rec r : recs) {
            h.add(new UnsafeBuffer(r.key), 0, new UnsafeBuffer(r.value), 0, r.value.length);
        }
        final byte[] root = new byte[LtHash.DIGEST_LENGTH];
        h.digest(new UnsafeBuffer(root), 0);
        return root;
    }

    /**
     * The bytes of a snapshot of {@code recs} as export writes them, with {@code count} in the header and a root
     * over exactly these records (or {@code root} if given), and a correct CRC32C.
     */
    private static byte[] snapshot(final List<Rec> recs, final long count, final byte[] root) throws IOException {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(SnapshotFile.MAGIC);
            out.writeLong(MetaDescriptor.LAYOUT_VERSION);
            out.writeLong(HEIGHT);
            out.writeLong(count);
            out.write(root == null ? rootOf(recs) : root);
            for (final Rec r : recs) {
                out.write(r.key);
                out.writeInt(r.value.length);
                out.write(r.value);
            }
            final CRC32C crc = new CRC32C();
            crc.update(bytes.toByteArray());
            out.writeInt((int) crc.getValue());
        }
        return bytes.toByteArray();
    }

    private static byte[] snapshot(final List<Rec> recs) throws IOException {
        return snapshot(recs, recs.size(), null);
    }

    private static List<String> files(final Path at) throws IOException {
        if (!Files.exists(at)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(at)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    /**
     * Imports {@code bytes} into a fresh directory: it must fail with a message naming the file and containing each
     * of {@code fragments}, leave only the lock file, and let a correct import into the same directory succeed.
     */
    private void assertRefusedAndNothingLeft(final byte[] bytes, final String... fragments) throws IOException {
        final Path bad = Files.write(dir.resolve("bad.snap"), bytes);
        final Path target = dir.resolve("t");
        final StateConfig config = StateConfig.of(target, 1000);
        final StateException e = assertThrows(StateException.class, () -> StateSnapshots.importTo(bad, config));
        assertTrue(e.getMessage().contains(bad.toString()), e.getMessage());
        for (final String f : fragments) {
            assertTrue(e.getMessage().contains(f), "expected \"" + f + "\" in: " + e.getMessage());
        }
        assertEquals(List.of("state.lock"), files(target), "a failed import leaves no store behind");

        final List<Rec> good = validRecords();
        final Path ok = Files.write(dir.resolve("good.snap"), snapshot(good));
        try (StateStore s = StateSnapshots.importTo(ok, config)) {
            assertEquals(HEIGHT, s.sealedHeight());
            assertEquals(new UnsafeBuffer(rootOf(good)), TestRecords.root(s));
            assertEquals(good.size(), s.size());
            final List<String> imported = new ArrayList<>();
            s.scan((k, ko, v, vo, len) -> imported.add(TestRecords.hex(new UnsafeBuffer(k, ko, 32))
                + TestRecords.hex(new UnsafeBuffer(v, vo, len))));
            assertEquals(good.stream().map(r -> TestRecords.hex(new UnsafeBuffer(r.key))
                + TestRecords.hex(new UnsafeBuffer(r.value))).collect(Collectors.toList()), imported);
        }
    }

    @Test
    void repeatedKeyIsRefused() throws IOException {
        final List<Rec> recs = validRecords();
        recs.add(3, new Rec(KeyType.TOKEN, 3, 0, 999));
        assertRefusedAndNothingLeft(snapshot(recs), "record 3 repeats the key of record 2", "TOKEN(3,0,0)");
    }

    @Test
    void allZeroRecordIsRefused() throws IOException {
        final List<Rec> recs = validRecords();
        recs.set(5, new Rec(KeyType.TOKEN, 6, 0, 0));
        assertRefusedAndNothingLeft(snapshot(recs), "record 5", "all zero");
    }

    @Test
    void recordsOutOfOrderAreRefused() throws IOException {
        final List<Rec> recs = validRecords();
        final Rec r = recs.remove(2);
        recs.add(7, r);
        assertRefusedAndNothingLeft(snapshot(recs), "record 7", "out of order");
    }

    @Test
    void unknownKeyTagIsRefused() throws IOException {
        final List<Rec> recs = validRecords();
        recs.get(recs.size() - 1).key[0] = (byte) 200;
        assertRefusedAndNothingLeft(snapshot(recs), "record " + (recs.size() - 1), "malformed key tag200");
    }

    @Test
    void wrongRecordLengthIsRefused() throws IOException {
        final List<Rec> recs = validRecords();
        final Rec shortAccount = new Rec(KeyType.TOKEN_BALANCE, 1, 1, 5);
        StateKeys.encode(new UnsafeBuffer(shortAccount.key), 0, KeyType.TOKEN, 30, 0, 0);
        recs.add(20, shortAccount);
        assertRefusedAndNothingLeft(snapshot(recs), "record 20", "has length 16; records of its type have 32");
    }

    @Test
    void recordTruncatedInTheMiddleIsRefused() throws IOException {
        final byte[] whole = snapshot(validRecords());
        final int header = 8 * 4 + 32;
        final int account = 32 + 4 + 32;
        assertRefusedAndNothingLeft(Arrays.copyOf(whole, header + 2 * account + 40), "truncated in record 2 of 30");
    }

    @Test
    void wrongRootIsRefused() throws IOException {
        final List<Rec> recs = validRecords();
        final List<Rec> other = validRecords();
        other.remove(0);
        assertRefusedAndNothingLeft(snapshot(recs, recs.size(), rootOf(other)), "does not verify",
            "height " + HEIGHT);
    }

    @Test
    void countLargerThanTheRecordsIsRefused() throws IOException {
        final List<Rec> recs = validRecords();
        assertRefusedAndNothingLeft(snapshot(recs, recs.size() + 1, null), "truncated in record 30 of 31");
    }

    @Test
    void bytesAfterTheChecksumAreRefused() throws IOException {
        final byte[] whole = snapshot(validRecords());
        assertRefusedAndNothingLeft(Arrays.copyOf(whole, whole.length + 3), "bytes after its checksum");
    }

    @Test
    void openingAfterAFailedImportCreatesAFreshEmptyStore() throws IOException {
        final List<Rec> recs = validRecords();
        recs.add(1, recs.get(0));
        final Path bad = Files.write(dir.resolve("dup.snap"), snapshot(recs));
        final Path target = dir.resolve("o");
        assertThrows(StateException.class, () -> StateSnapshots.importTo(bad, StateConfig.of(target, 1000)));
        try (StateStore s = StateStores.open(StateConfig.of(target, 1000))) {
            assertEquals(0, s.sealedHeight());
            assertEquals(0, s.size());
            assertEquals(TestRecords.scanRoot(s), TestRecords.root(s));
        }
    }
}
