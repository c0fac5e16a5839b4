package io.multilane.cluster;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import io.multilane.exec.tx.BlockDescriptor;
import io.multilane.state.StateException;
import io.multilane.state.store.SnapshotFile;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The height and root a state snapshot file ({@link SnapshotFile}: magic, layout version, height, record count,
 * root, big-endian) claims, read without importing it: a node learns its genesis height and root from it. The
 * import itself recomputes and checks the root. Immutable; any thread.
 */
final class StateFileHeader {
    final long height;
    final UnsafeBuffer root = new UnsafeBuffer(new byte[BlockDescriptor.ROOT_LENGTH]);

    private StateFileHeader(final long height, final byte[] root) {
        this.height = height;
        this.root.putBytes(0, root);
    }

    static StateFileHeader read(final Path file) {
        try (InputStream in = Files.newInputStream(file); DataInputStream data = new DataInputStream(in)) {
            if (data.readLong() != SnapshotFile.MAGIC) {
                throw new StateException(file + " is not a multilane state snapshot");
            }
            data.readLong();
            final long height = data.readLong();
            data.readLong();
            final byte[] root = new byte[BlockDescriptor.ROOT_LENGTH];
            data.readFully(root);
            return new StateFileHeader(height, root);
        } catch (final IOException e) {
            throw new StateException("cannot read the header of state snapshot " + file + ": " + e, e);
        }
    }
}
