package io.multilane.state.store;

import java.nio.ByteOrder;

import io.multilane.state.StateException;
import io.multilane.state.key.StateKeys;
import io.multilane.state.root.LtHash;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Brings a freshly opened store of record to the state of the last sealed block: creates the metadata record of
 * a new store or validates an existing one, replays the journal's records above the applied height (in order,
 * without gaps), empties the journal, and finally checks the root recomputed by the loading scan against the
 * root recorded for that height.
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
    private long appliedHeight;
    private int replayed;

    StoreRecovery(ChronicleRecords records, BlockJournal journal, long configuredEntries) {
        this.records = records;
        this.journal = journal;
        this.configuredEntries = configuredEntries;
    }

    void run(boolean sync) {
        final ChronicleRecords.Cursor cursor = records.cursor();
        final UnsafeBuffer metaKey = new UnsafeBuffer(new byte[StateKeys.LENGTH]);
        final int len = cursor.get(metaKey, 0, meta, 0);
        if (len < 0) {
            if (records.mapSize() > 0) {
                throw new StateException(records.file() + " is not a multilane state file (no header record)");
            }
            meta.setMemory(0, MetaDescriptor.LENGTH, (byte) 0);
            meta.putLong(MetaDescriptor.MAGIC_OFFSET, MetaDescriptor.MAGIC, LE);
            meta.putLong(MetaDescriptor.VERSION_OFFSET, MetaDescriptor.LAYOUT_VERSION, LE);
            meta.putLong(MetaDescriptor.ENTRIES_OFFSET, configuredEntries, LE);
            new LtHash().digest(meta, MetaDescriptor.ROOT_OFFSET);
            cursor.put(metaKey, 0, meta, 0, MetaDescriptor.LENGTH);
        } else {
            MetaRecords.check(meta, len, records.file());
        }
        entries = meta.getLong(MetaDescriptor.ENTRIES_OFFSET, LE);
        appliedHeight = meta.getLong(MetaDescriptor.APPLIED_HEIGHT_OFFSET, LE);
        final WriteBehind replay = new WriteBehind(records, meta, false, 1, "replay");
        journal.forEachValid(new BlockRecord(), r -> {
            if (r.height() <= appliedHeight) {
                return;
            }
            if (r.height() != appliedHeight + 1) {
                throw new StateException("state journal " + BlockJournal.FILE_NAME + " skips from height " + appliedHeight
                    + " to " + r.height() + ": the journal does not belong to " + records.file());
            }
            replay.apply(r);
            appliedHeight = r.height();
            replayed++;
        });
        replay.copyMeta(meta);
        journal.truncate(sync);
    }

    /** Throws unless the root of the loaded state equals the root recorded for the applied height. */
    void verifyRoot(LtHash loaded) {
        final UnsafeBuffer computed = new UnsafeBuffer(new byte[LtHash.DIGEST_LENGTH]);
        loaded.digest(computed, 0);
        for (int i = 0; i < LtHash.DIGEST_LENGTH; i++) {
            if (computed.getByte(i) != meta.getByte(MetaDescriptor.ROOT_OFFSET + i)) {
                throw new StateException(records.file() + " is corrupt: the root recomputed from its records differs"
                    + " from the root recorded for height " + appliedHeight);
            }
        }
    }

    long entries() {
        return entries;
    }

    long appliedHeight() {
        return appliedHeight;
    }

    int replayed() {
        return replayed;
    }

    DirectBuffer meta() {
        return meta;
    }
}
