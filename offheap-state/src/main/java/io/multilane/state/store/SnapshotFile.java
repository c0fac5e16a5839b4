package io.multilane.state.store;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

import io.multilane.state.StateException;
import io.multilane.state.StateFullException;
import io.multilane.state.StateStore;
import io.multilane.state.key.KeyType;
import io.multilane.state.key.StateKeys;
import io.multilane.state.root.LtHash;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Snapshot files: the whole state at a sealed height, records in ascending key order, with the root and a
 * CRC32C. Export streams a store's scan to a temporary file and renames it into place; import streams a file
 * into the Chronicle file of a new store, validating every record and recomputing the root, and refuses a file
 * with a malformed, repeated, out-of-order or all-zero record or whose records do not hash to the root it claims. Format (big-endian, as DataOutputStream writes): magic u64 "MLSNAP01", layout version u64,
 * height u64, record count u64, root (32); per record key (32), length u32, value; then CRC32C u32 of all the
 * preceding bytes.
 *
 * <p>Export runs on the store's writer thread between blocks; import runs on the thread that opens the store.
 */
public final class SnapshotFile {
    /** "MLSNAP01". */
    public static final long MAGIC = 0x4D4C534E41503031L;

    private SnapshotFile() {
    }

    /** Writes the store's sealed state to {@code file}. No block may be open. */
    public static void export(final StateStore store, final Path file) {
        if (store instanceof TieredStateStore && ((TieredStateStore) store).blockOpen()) {
            throw new IllegalStateException("export between blocks only: a block is open");
        }
        final UnsafeBuffer root = new UnsafeBuffer(new byte[LtHash.DIGEST_LENGTH]);
        store.root(root, 0);
        final Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        final CRC32C crc = new CRC32C();
        try (OutputStream fileOut = Files.newOutputStream(tmp);
             CheckedOutputStream checked = new CheckedOutputStream(new BufferedOutputStream(fileOut, 1 << 16), crc);
             DataOutputStream out = new DataOutputStream(checked)) {
            out.writeLong(MAGIC);
            out.writeLong(MetaDescriptor.LAYOUT_VERSION);
            out.writeLong(store.sealedHeight());
            out.writeLong(store.size());
            out.write(root.byteArray());
            final byte[] k = new byte[StateKeys.LENGTH];
            final byte[] v = new byte[KeyType.MAX_RECORD_LENGTH];
            final IOException[] error = new IOException[1];
            store.scan((key, ko, value, vo, len) -> {
                if (error[0] != null) {
                    return;
                }
                key.getBytes(ko, k);
                value.getBytes(vo, v, 0, len);
                try {
                    out.write(k);
                    out.writeInt(len);
                    out.write(v, 0, len);
                } catch (final IOException e) {
                    error[0] = e;
                }
            });
            if (error[0] != null) {
                throw error[0];
            }
            out.flush();
            out.writeInt((int) crc.getValue());
        } catch (final IOException e) {
            throw new StateException("cannot write snapshot " + file + ": " + e, e);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (final IOException e) {
            throw new StateException("cannot move snapshot into place at " + file + ": " + e, e);
        }
    }

    /** Header of a snapshot being imported. */
    static final class Header {
        long height;
        long count;
        final UnsafeBuffer root = new UnsafeBuffer(new byte[LtHash.DIGEST_LENGTH]);
    }

    /**
     * Streams the snapshot's records into {@code cursor}, validating each before it is stored: a well-formed key
     * of a known type, the type's record length, keys strictly ascending (as export writes them, so no key
     * twice), and not all zero bytes (a zero record means absent and is never stored). Then checks the CRC, that
     * nothing follows it (the header's count is the number of records), and that the records hash to the header's
     * root. Returns the header; throws a {@link StateException} naming the file and the record at fault otherwise,
     * having possibly stored some records: the caller discards the map.
     */
    static Header readInto(final Path file, final ChronicleRecords.Cursor cursor, final long maxEntries) {
        final Header h = new Header();
        final CRC32C crc = new CRC32C();
        final LtHash computed = new LtHash();
        long index = -1;
        try (InputStream fileIn = Files.newInputStream(file);
             CheckedInputStream checked = new CheckedInputStream(new BufferedInputStream(fileIn, 1 << 16), crc);
             DataInputStream in = new DataInputStream(checked)) {
            if (in.readLong() != MAGIC) {
                throw new StateException(file + " is not a multilane snapshot");
            }
            final long version = in.readLong();
            if (version != MetaDescriptor.LAYOUT_VERSION) {
                throw new StateException(file + " has snapshot layout version " + version + "; this build reads "
                    + MetaDescriptor.LAYOUT_VERSION);
            }
            h.height = in.readLong();
            h.count = in.readLong();
            in.readFully(h.root.byteArray());
            if (h.height < 0 || h.count < 0) {
                throw new StateException(file + " has a corrupt header: height " + h.height + ", record count "
                    + h.count);
            }
            if (h.count > maxEntries) {
                throw new StateFullException(maxEntries);
            }
            UnsafeBuffer key = new UnsafeBuffer(new byte[StateKeys.LENGTH]);
            UnsafeBuffer previous = new UnsafeBuffer(new byte[StateKeys.LENGTH]);
            final UnsafeBuffer value = new UnsafeBuffer(new byte[KeyType.MAX_RECORD_LENGTH]);
            for (index = 0; index < h.count; index++) {
                in.readFully(key.byteArray());
                final int len = in.readInt();
                checkRecordHead(file, index, key, len);
                if (index > 0) {
                    checkAscending(file, index, previous, key);
                }
                in.readFully(value.byteArray(), 0, len);
                if (RecordChecks.isZero(value, 0, len)) {
                    throw new StateException(file + " record " + index + " ("
                        + StateKeys.appendTo(new StringBuilder(), key, 0) + ") is all zero bytes: a zero record means"
                        + " absent and is never stored");
                }
                cursor.put(key, 0, value, 0, len);
                computed.add(key, 0, value, 0, len);
                final UnsafeBuffer t = previous;
                previous = key;
                key = t;
            }
            final int expected = (int) crc.getValue();
            if (in.readInt() != expected) {
                throw new StateException(file + " fails its CRC32C check: the snapshot is corrupt");
            }
            if (in.read() >= 0) {
                throw new StateException(file + " has bytes after its checksum: it holds more than the "
                    + h.count + " records its header counts, or it is corrupt");
            }
        } catch (final EOFException e) {
            throw new StateException(file + " is truncated " + (index < 0 ? "in its header"
                : index < h.count ? "in record " + index + " of " + h.count : "before its checksum"), e);
        } catch (final IOException e) {
            throw new StateException("cannot read snapshot " + file + ": " + e, e);
        }
        final UnsafeBuffer root = new UnsafeBuffer(new byte[LtHash.DIGEST_LENGTH]);
        computed.digest(root, 0);
        if (!root.equals(h.root)) {
            throw new StateException(file + " does not verify: its " + h.count + " records hash to a root other than"
                + " the one it records for height " + h.height);
        }
        return h;
    }

    private static void checkRecordHead(final Path file, final long index, final UnsafeBuffer key, final int len) {
        final int expected = StateKeys.recordLength(key, 0);
        if (expected < 0) {
            throw new StateException(file + " record " + index + " has a malformed key "
                + StateKeys.appendTo(new StringBuilder(), key, 0) + " (unknown type tag, or non-zero bytes 1..7)");
        }
        if (len != expected) {
            throw new StateException(file + " record " + index + " (" + StateKeys.appendTo(new StringBuilder(), key, 0)
                + ") has length " + len + "; records of its type have " + expected);
        }
    }

    private static void checkAscending(final Path file, final long index, final UnsafeBuffer previous,
                                       final UnsafeBuffer key) {
        final int c = StateKeys.compare(previous, 0, key, 0);
        if (c == 0) {
            throw new StateException(file + " record " + index + " repeats the key of record " + (index - 1) + " ("
                + StateKeys.appendTo(new StringBuilder(), key, 0) + "): a key may appear once");
        }
        if (c > 0) {
            throw new StateException(file + " record " + index + " (" + StateKeys.appendTo(new StringBuilder(), key, 0)
                + ") is out of order: snapshot records are in strictly ascending key order");
        }
    }
}
