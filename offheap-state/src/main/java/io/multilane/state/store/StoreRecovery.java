package io.multilane.state.store;

import java.nio.ByteOrder;

import io.multilane.state.StateException;
import io.multilane.state.key.StateKeys;
import io.multilane.state.root.LtHash;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Brings a freshly opened store to the state of the last sealed block without discarding anything first:
 * <ol>
 *   <li>{@link #readMeta}: creates the metadata record of a new store, or validates an existing one (its height is
 *       the last checkpoint's);</li>
 *   <li>{@link #replay}: merges every journal record above that height, in order and without gaps, into the
 *       checkpointer's table (final values, so a crash in the middle of a checkpoint is repaired);</li>
 *   <li>{@link #load}: fills the fast tier from Chronicle with the merged values taking precedence, validating
 *       every record's key and length, and recomputes the root;</li>
 *   <li>{@link #verifyRoot}: compares it with the root the last replayed block (or the checkpoint) recorded.</li>
 * </ol>
 * Only then does the store checkpoint the replayed blocks and delete the journal; if the check fails nothing has
 * been written or deleted.
 *
 * <p>Used once by the opening thread, before the store is shared.
 */
final class StoreRecovery {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private final ChronicleRecords records;
    private final BlockJournal journal;
    private final long configuredEntries;
    private final UnsafeBuffer meta = new UnsafeBuffer(new byte[MetaDescriptor.LENGTH]);
    private long entries;
    private long checkpointHeight;
    private long recoveredHeight;
    private int replayed;

    StoreRecovery(final ChronicleRecords records, final BlockJournal journal, final long configuredEntries) {
        this.records = records;
        this.journal = journal;
        this.configuredEntries = configuredEntries;
    }

    /**
     * Writes the header record of a new, empty store (height 0, the empty root) through {@code cursor}; a new
     * state file gets it before it is renamed into place ({@link ChronicleRecords#open(java.io.File, long, int,
     * boolean, java.util.function.Consumer)}).
     *
     * @param cursor a cursor on the new file
     * @param configuredEntries the store's configured capacity
     */
    static void writeNewMeta(final ChronicleRecords.Cursor cursor, final long configuredEntries) {
        writeNewMeta(cursor, configuredEntries, new UnsafeBuffer(new byte[MetaDescriptor.LENGTH]));
    }

    private static void writeNewMeta(final ChronicleRecords.Cursor cursor, final long configuredEntries,
                                     final UnsafeBuffer meta) {
        meta.setMemory(0, MetaDescriptor.LENGTH, (byte) 0);
        meta.putLong(MetaDescriptor.MAGIC_OFFSET, MetaDescriptor.MAGIC, LE);
        meta.putLong(MetaDescriptor.VERSION_OFFSET, MetaDescriptor.LAYOUT_VERSION, LE);
        meta.putLong(MetaDescriptor.ENTRIES_OFFSET, configuredEntries, LE);
        new LtHash().digest(meta, MetaDescriptor.ROOT_OFFSET);
        cursor.put(new UnsafeBuffer(new byte[StateKeys.LENGTH]), 0, meta, 0, MetaDescriptor.LENGTH);
    }

    void readMeta() {
        final ChronicleRecords.Cursor cursor = records.cursor();
        final UnsafeBuffer metaKey = new UnsafeBuffer(new byte[StateKeys.LENGTH]);
        final int len = cursor.get(metaKey, 0, meta, 0);
        if (len < 0) {
            if (records.mapSize() > 0) {
                throw new StateException(records.file() + " is not a multilane state file (no header record)");
            }
            writeNewMeta(cursor, configuredEntries, meta);
        } else {
            MetaRecords.check(meta, len, records.file());
        }
        entries = meta.getLong(MetaDescriptor.ENTRIES_OFFSET, LE);
        checkpointHeight = meta.getLong(MetaDescriptor.APPLIED_HEIGHT_OFFSET, LE);
        recoveredHeight = checkpointHeight;
    }

    /** Merges the journal's records above the checkpoint into {@code checkpointer}. */
    void replay(final Checkpointer checkpointer) {
        journal.replay(new BlockRecord(), r -> {
            if (r.height() <= checkpointHeight) {
                return;
            }
            if (r.height() != recoveredHeight + 1) {
                throw new StateException("state journal in " + records.file().getParent() + " skips from height "
                    + recoveredHeight + " to " + r.height() + ": it does not belong to " + records.file()
                    + " or a segment is missing");
            }
            checkpointer.merge(r);
            recoveredHeight = r.height();
            replayed++;
        });
    }

    /**
     * Inserts every record of the recovered state into {@code table} and adds it to {@code root}: Chronicle's
     * records whose keys were not replayed, then the replayed values. Throws naming the file for a record whose
     * key or length does not fit the layout.
     */
    void load(final FastTable table, final MergeTable merged, final LtHash root) {
        records.forEachUnordered((k, ko, v, vo, len) -> {
            final int expected = StateKeys.recordLength(k, ko);
            if (expected < 0 || len != expected) {
                throw new StateException(records.file() + " holds a record of " + len + " bytes under key "
                    + StateKeys.appendTo(new StringBuilder(), k, ko) + (expected < 0 ? ", a malformed key"
                    : ", whose type has " + expected) + ": written by another layout, or corrupt");
            }
            if (merged.find(k, ko) < 0) {
                table.insert(k, ko, v, vo, len, 0);
                root.add(k, ko, v, vo, len);
            }
        });
        final UnsafeBuffer key = new UnsafeBuffer(0, 0);
        final UnsafeBuffer value = new UnsafeBuffer(0, 0);
        for (int i = 0, n = merged.size(); i < n; i++) {
            final long entry = merged.entry(i);
            final int len = MergeTable.length(entry);
            if (len > 0) {
                key.wrap(MergeTable.keyAddress(entry), StateKeys.LENGTH);
                value.wrap(MergeTable.valueAddress(entry), len);
                table.insert(key, 0, value, 0, len, 0);
                root.add(key, 0, value, 0, len);
            }
        }
    }

    /**
     * Throws unless {@code loaded} (the recovered state's root) equals the root recorded for the recovered height:
     * by the last replayed journal record, or by the checkpoint's metadata.
     */
    void verifyRoot(final LtHash loaded, final DirectBuffer recordedRoot) {
        final UnsafeBuffer computed = new UnsafeBuffer(new byte[LtHash.DIGEST_LENGTH]);
        loaded.digest(computed, 0);
        for (int i = 0; i < LtHash.DIGEST_LENGTH; i++) {
            if (computed.getByte(i) != recordedRoot.getByte(i)) {
                throw new StateException(records.file() + " is corrupt: the root recomputed from its records"
                    + (replayed > 0 ? " and " + replayed + " replayed journal blocks" : "") + " differs from the root"
                    + " recorded for height " + recoveredHeight + "; nothing was written or deleted (the journal"
                    + " segments are kept)");
            }
        }
    }

    long entries() {
        return entries;
    }

    long checkpointHeight() {
        return checkpointHeight;
    }

    /** Height of the last sealed block: the last replayed journal record's, or the checkpoint's. */
    long recoveredHeight() {
        return recoveredHeight;
    }

    int replayed() {
        return replayed;
    }

    DirectBuffer meta() {
        return meta;
    }
}
