package io.multilane.state.store;

import java.io.File;
import java.nio.ByteOrder;

import io.multilane.state.StateException;
import org.agrona.DirectBuffer;

/**
 * Validates a metadata record read from a state file ({@link MetaDescriptor}). Stateless; any thread.
 */
public final class MetaRecords {
    private MetaRecords() {
    }

    /** Throws a {@link StateException} naming the file unless the record is a current-version header. */
    public static void check(final DirectBuffer meta, final int length, final File file) {
        if (length != MetaDescriptor.LENGTH
            || meta.getLong(MetaDescriptor.MAGIC_OFFSET, ByteOrder.LITTLE_ENDIAN) != MetaDescriptor.MAGIC) {
            throw new StateException(file + " is not a multilane state file (no header record)");
        }
        final long version = meta.getLong(MetaDescriptor.VERSION_OFFSET, ByteOrder.LITTLE_ENDIAN);
        if (version != MetaDescriptor.LAYOUT_VERSION) {
            throw new StateException(file + " has state layout version " + version + "; this build reads version "
                + MetaDescriptor.LAYOUT_VERSION + " only (export a snapshot with the matching build)");
        }
    }
}
