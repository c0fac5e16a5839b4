package io.multilane.state.store;

import java.nio.ByteOrder;

import io.multilane.state.StateConfig;
import io.multilane.state.StateException;
import io.multilane.state.StateStore;
import io.multilane.state.StateVisitor;
import io.multilane.state.key.KeyType;
import io.multilane.state.key.StateKeys;
import io.multilane.state.root.LtHash;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The production state store: every live record in an off-heap {@link FastTable} that readers query without
 * locks, Chronicle Map as the persisted store of record behind it, and a redo {@link BlockJournal} that makes each
 * sealed block atomic across crashes.
 *
 * <p>Write path (writer thread only): {@link #write} updates the fast tier and, on a key's first write in the
 * block, the {@link UndoLog}; it does not hash. {@link #seal} folds the block into the LtHash root once per
 * distinct key ({@link RootFold}: subtract the block-start record, add the final one), collects the block's final
 * values into a {@link BlockRecord}, appends it to the journal (forced to the device if configured) and hands it
 * to {@link WriteBehind}, which applies it to Chronicle inline or on its own thread. Recovery on open:
 * Chronicle's own crash recovery, then replay of journal records above Chronicle's applied height, then a full
 * scan that rebuilds the fast tier and recomputes the root, which must equal the root of the last sealed block.
 * Readers call {@link #read} from any thread concurrently with the writer.
 */
public final class TieredStateStore implements StateStore {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private final StateConfig config;
    private final DataDirectory dir;
    private final ChronicleRecords records;
    private final BlockJournal journal;
    private final FastTable table;
    private final WriteBehind writeBehind;
    private final long journalTruncateBytes;
    /** The LtHash vector of the last sealed block's state. */
    private final LtHash root = new LtHash();
    /** Scratch: the sealed vector plus the open block's fold (seal, root). */
    private final LtHash sealing = new LtHash();
    private final UndoLog undo = new UndoLog();
    private final RootFold fold;
    private final UnsafeBuffer sealedRoot = new UnsafeBuffer(new byte[LtHash.DIGEST_LENGTH]);
    private final UnsafeBuffer old = new UnsafeBuffer(new byte[KeyType.MAX_RECORD_LENGTH]);
    private final UnsafeBuffer scratchRoot = new UnsafeBuffer(new byte[LtHash.DIGEST_LENGTH]);
    private long sealedHeight;
    private long openHeight = -1;
    private boolean closed;

    private TieredStateStore(StateConfig config, DataDirectory dir, ChronicleRecords records, BlockJournal journal,
                             FastTable table, WriteBehind writeBehind, long sealedHeight) {
        this.config = config;
        this.dir = dir;
        this.records = records;
        this.journal = journal;
        this.table = table;
        this.writeBehind = writeBehind;
        this.sealedHeight = sealedHeight;
        this.journalTruncateBytes = config.journalTruncateBytes();
        this.fold = new RootFold(table);
    }

    /** Opens, creating or recovering, the store described by {@code config}. Opening thread. */
    public static TieredStateStore open(StateConfig config) {
        final DataDirectory dir = DataDirectory.acquire(config.directory());
        ChronicleRecords records = null;
        BlockJournal journal = null;
        FastTable table = null;
        try {
            records = ChronicleRecords.open(dir.resolve(ChronicleRecords.FILE_NAME).toFile(),
                ChronicleRecords.capacityFor(config.entries()), config.averageValueSize(), dir.uncleanShutdown());
            journal = BlockJournal.open(dir.resolve(BlockJournal.FILE_NAME));
            final StoreRecovery recovery = new StoreRecovery(records, journal, config.entries());
            recovery.run(config.syncOnSeal());
            table = new FastTable(recovery.entries());
            final LtHash loaded = new LtHash();
            final FastTable t = table;
            records.forEachUnordered((k, ko, v, vo, len) -> {
                t.insert(k, ko, v, vo, len, 0);
                loaded.add(k, ko, v, vo, len);
            });
            recovery.verifyRoot(loaded);
            final WriteBehind wb = new WriteBehind(records, recovery.meta(), config.writeBehindThread(),
                config.maxPendingBlocks(), "multilane-state-write-behind");
            final TieredStateStore store = new TieredStateStore(config, dir, records, journal, table, wb,
                recovery.appliedHeight());
            store.root.copyFrom(loaded);
            loaded.digest(store.sealedRoot, 0);
            return store;
        } catch (final RuntimeException e) {
            if (table != null) {
                table.close();
            }
            if (journal != null) {
                journal.close();
            }
            if (records != null) {
                records.close();
            }
            dir.close();
            throw e;
        }
    }

    /**
     * Creates a store in {@code config.directory()} (which must not hold one yet) from a snapshot file, verifying
     * the snapshot's root, and opens it at the snapshot's height.
     */
    public static TieredStateStore importSnapshot(java.nio.file.Path snapshot, StateConfig config) {
        final DataDirectory dir = DataDirectory.acquire(config.directory());
        final java.io.File file = dir.resolve(ChronicleRecords.FILE_NAME).toFile();
        if (file.exists()) {
            dir.close();
            throw new StateException("cannot import " + snapshot + " into " + config.directory()
                + ": it already holds a state store");
        }
        boolean done = false;
        try (ChronicleRecords records = ChronicleRecords.open(file, ChronicleRecords.capacityFor(config.entries()),
            config.averageValueSize(), false)) {
            final ChronicleRecords.Cursor cursor = records.cursor();
            final SnapshotFile.Header header = SnapshotFile.readInto(snapshot, cursor, config.entries());
            final UnsafeBuffer meta = new UnsafeBuffer(new byte[MetaDescriptor.LENGTH]);
            meta.putLong(MetaDescriptor.MAGIC_OFFSET, MetaDescriptor.MAGIC, LE);
            meta.putLong(MetaDescriptor.VERSION_OFFSET, MetaDescriptor.LAYOUT_VERSION, LE);
            meta.putLong(MetaDescriptor.APPLIED_HEIGHT_OFFSET, header.height, LE);
            meta.putLong(MetaDescriptor.ENTRIES_OFFSET, config.entries(), LE);
            meta.putBytes(MetaDescriptor.ROOT_OFFSET, header.root, 0, LtHash.DIGEST_LENGTH);
            final UnsafeBuffer metaKey = new UnsafeBuffer(new byte[StateKeys.LENGTH]);
            cursor.put(metaKey, 0, meta, 0, MetaDescriptor.LENGTH);
            done = true;
        } finally {
            if (done) {
                dir.closeClean();
            } else {
                file.delete();
                dir.closeClean();
            }
        }
        return open(config);
    }

    /** Writer thread: whether a block is open. */
    public boolean blockOpen() {
        return openHeight >= 0;
    }

    @Override
    public int read(DirectBuffer key, int keyOffset, MutableDirectBuffer dst, int dstOffset) {
        return table.get(key, keyOffset, dst, dstOffset);
    }

    @Override
    public void beginBlock(long height) {
        checkOpen();
        if (openHeight >= 0) {
            throw new IllegalStateException("block " + openHeight + " is still open");
        }
        if (height != sealedHeight + 1) {
            throw new IllegalArgumentException("block height " + height + " must be sealedHeight + 1 = "
                + (sealedHeight + 1));
        }
        openHeight = height;
        undo.clear();
    }

    @Override
    public void write(final DirectBuffer key, final int keyOffset, final DirectBuffer value, final int valueOffset,
                      final int length) {
        if (openHeight < 0) {
            throw new IllegalStateException("write outside a block");
        }
        RecordChecks.checkWrite(key, keyOffset, length);
        value.boundsCheck(valueOffset, length);
        final boolean zero = RecordChecks.isZero(value, valueOffset, length);
        final long index = table.find(key, keyOffset);
        if (index < 0) {
            if (zero) {
                return;
            }
            table.insert(key, keyOffset, value, valueOffset, length, UndoLog.stampOf(undo.count()));
            undo.add(key, keyOffset, old, 0, UndoLog.ABSENT);
            return;
        }
        if (table.stamp(index) == 0) {
            final int oldLength = table.copyValue(index, old, 0);
            if (!zero && RecordChecks.sameBytes(old, 0, value, valueOffset, length)) {
                return;
            }
            table.stamp(index, UndoLog.stampOf(undo.count()));
            undo.add(key, keyOffset, old, 0, oldLength);
        }
        if (zero) {
            table.delete(index);
        } else {
            table.replace(index, value, valueOffset, length);
        }
    }

    @Override
    public void seal(final long height, final MutableDirectBuffer rootOut, final int rootOffset) {
        if (height != openHeight) {
            throw new IllegalArgumentException("seal(" + height + ") but the open block is " + openHeight);
        }
        final BlockRecord record = writeBehind.acquire();
        sealing.copyFrom(root);
        fold.fold(undo, 0, undo.count(), sealing);
        sealing.digest(scratchRoot, 0);
        collect(record, height);
        record.finish(scratchRoot, 0);
        if (journal.size() >= journalTruncateBytes && writeBehind.appliedHeight() == sealedHeight) {
            journal.truncate(config.syncOnSeal());
        }
        journal.append(record, config.syncOnSeal());
        root.copyFrom(sealing);
        sealedRoot.putBytes(0, scratchRoot, 0, LtHash.DIGEST_LENGTH);
        sealedHeight = height;
        openHeight = -1;
        undo.clear();
        writeBehind.submit(record);
        rootOut.putBytes(rootOffset, scratchRoot, 0, LtHash.DIGEST_LENGTH);
    }

    /**
     * Fills {@code record} with the final value of every key whose value differs from the block's start (a
     * deletion for a key that existed and is gone) and resets the keys' stamps.
     */
    private void collect(final BlockRecord record, final long height) {
        record.begin(height);
        final DirectBuffer keys = undo.buffer();
        for (int i = 0, n = undo.count(); i < n; i++) {
            final int keyOffset = undo.keyOffset(i);
            final int oldLength = undo.oldLength(i);
            final long index = table.find(keys, keyOffset);
            if (index < 0) {
                if (oldLength != UndoLog.ABSENT) {
                    record.put(keys, keyOffset, old, 0, 0);
                }
            } else if (table.stamp(index) == UndoLog.stampOf(i)) {
                table.stamp(index, 0);
                final int len = table.copyValue(index, old, 0);
                if (oldLength != len || !RecordChecks.sameBytes(keys, undo.oldValueOffset(i), old, 0, len)) {
                    record.put(keys, keyOffset, old, 0, len);
                }
            }
        }
    }

    @Override
    public void rollback() {
        if (openHeight < 0) {
            return;
        }
        final DirectBuffer buf = undo.buffer();
        for (int i = undo.count() - 1; i >= 0; i--) {
            final int keyOffset = undo.keyOffset(i);
            final int oldLength = undo.oldLength(i);
            final long index = table.find(buf, keyOffset);
            if (oldLength == UndoLog.ABSENT) {
                if (index >= 0) {
                    table.delete(index);
                }
            } else if (index >= 0) {
                table.replace(index, buf, undo.oldValueOffset(i), oldLength);
                table.stamp(index, 0);
            } else {
                table.insert(buf, keyOffset, buf, undo.oldValueOffset(i), oldLength, 0);
            }
        }
        undo.clear();
        openHeight = -1;
    }

    @Override
    public long sealedHeight() {
        return sealedHeight;
    }

    /**
     * The sealed root when no block is open (kept from the last seal: no hashing); with a block open, the root
     * folded on demand from a copy of the sealed vector and the open block's undo log (not for the hot path: the
     * commit stage asks between blocks).
     */
    @Override
    public void root(final MutableDirectBuffer out, final int offset) {
        if (openHeight < 0) {
            out.putBytes(offset, sealedRoot, 0, LtHash.DIGEST_LENGTH);
            return;
        }
        sealing.copyFrom(root);
        fold.fold(undo, 0, undo.count(), sealing);
        sealing.digest(out, offset);
    }

    @Override
    public void scan(StateVisitor visitor) {
        final SortedCollector collector = new SortedCollector();
        table.forEach(collector);
        collector.replaySorted(visitor);
    }

    @Override
    public long size() {
        return table.size();
    }

    /** Height of the last block applied to Chronicle by write-behind. Any thread. */
    public long appliedHeight() {
        return writeBehind.appliedHeight();
    }

    /** Item hashes the root fold has computed (seal and open-block {@link #root}); a cost counter for tests. */
    long rootItemHashes() {
        return fold.itemHashes();
    }

    /** Writer thread: waits until write-behind has applied every sealed block. */
    public void flush() {
        writeBehind.drain();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        rollback();
        closed = true;
        boolean clean = false;
        try {
            writeBehind.close();
            journal.truncate(config.syncOnSeal());
            clean = true;
        } finally {
            journal.close();
            records.close();
            table.close();
            if (clean) {
                dir.closeClean();
            } else {
                dir.close();
            }
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new StateException("state store in " + dir.path() + " is closed");
        }
    }

}
