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
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import java.util.zip.CRC32C;

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
 * into the Chronicle file of a new store, recomputing the root, and refuses a file whose records do not hash to
 * the root it claims. Format (big-endian, as DataOutputStream writes): magic u64 "MLSNAP01", layout version u64,
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
    public static void export(StateStore store, Path file) {
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
     * Streams the snapshot's records into {@code cursor}, checking lengths, capacity, CRC and root; returns the
     * header. Throws {@link StateException} on any mismatch.
     */
    static Header readInto(Path file, ChronicleRecords.Cursor cursor, long maxEntries) {
        final Header h = new Header();
        final CRC32C crc = new CRC32C();
        final LtHash computed = new LtHash();
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
            if (h.count > maxEntries) {
                throw new StateFullException(maxEntries);
            }
            final UnsafeBuffer key = new UnsafeBuffer(new byte[StateKeys.LENGTH]);
            final UnsafeBuffer value = new UnsafeBuffer(new byte[KeyType.MAX_RECORD_LENGTH]);
            for (long i = 0; i < h.count; i++) {
                in.readFully(key.byteArray());
                final int len = in.readInt();
                if (len <= 0 || len > KeyType.MAX_RECORD_LENGTH || StateKeys.recordLength(key, 0) != len) {
                    throw new StateException(file + " record " + i + " has a bad key or length " + len);
                }
                in.readFully(value.byteArray(), 0, len);
                cursor.put(key, 0, value, 0, len);
                computed.add(key, 0, value, 0, len);
            }
            final int expected = (int) crc.getValue();
            if (in.readInt() != expected) {
                throw new StateException(file + " fails its CRC32C check: the snapshot is corrupt");
            }
        } catch (final EOFException e) {
            throw new StateException(file + " is truncated", e);
        } catch (final IOException e) {
            throw new StateException("cannot read snapshot " + file + ": " + e, e);
        }
        final UnsafeBuffer root = new UnsafeBuffer(new byte[LtHash.DIGEST_LENGTH]);
        computed.digest(root, 0);
        if (!root.equals(h.root)) {
            throw new StateException(file + " does not verify: its records hash to a root other than the one it"
                + " records for height " + h.height);
        }
        return h;
    }
}
