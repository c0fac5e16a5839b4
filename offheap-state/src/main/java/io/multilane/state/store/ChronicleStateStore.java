package io.multilane.state.store;

import java.nio.ByteOrder;

import io.multilane.state.StateConfig;
import io.multilane.state.StateFullException;
import io.multilane.state.StateStore;
import io.multilane.state.StateVisitor;
import io.multilane.state.key.KeyType;
import io.multilane.state.key.StateKeys;
import io.multilane.state.root.LtHash;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A state store that reads and writes Chronicle Map directly, with an in-memory undo log for
 * {@link #rollback}: the Chronicle-only baseline the benchmarks compare the tiered store with. It is not
 * block-atomic across a crash and {@link io.multilane.state.StateStores} never returns it.
 *
 * <p>One writer thread calls every method but {@link #read}; readers use a per-thread cursor.
 */
public final class ChronicleStateStore implements StateStore {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final int UNDO_STRIDE = StateKeys.LENGTH + 8 + KeyType.MAX_RECORD_LENGTH;

    private final DataDirectory dir;
    private final ChronicleRecords records;
    private final long entries;
    private final ChronicleRecords.Cursor writer;
    private final ThreadLocal<ChronicleRecords.Cursor> readers;
    private final LtHash root = new LtHash();
    private final LtHash rootAtBegin = new LtHash();
    private final UnsafeBuffer old = new UnsafeBuffer(new byte[KeyType.MAX_RECORD_LENGTH]);
    private final UnsafeBuffer meta = new UnsafeBuffer(new byte[MetaDescriptor.LENGTH]);
    private final UnsafeBuffer metaKey = new UnsafeBuffer(new byte[StateKeys.LENGTH]);
    private final ExpandableDirectByteBuffer undo = new ExpandableDirectByteBuffer(UNDO_STRIDE * 256);
    private int undoCount;
    private long size;
    private long sealedHeight;
    private long openHeight = -1;

    private ChronicleStateStore(DataDirectory dir, ChronicleRecords records, long entries) {
        this.dir = dir;
        this.records = records;
        this.entries = entries;
        this.writer = records.cursor();
        this.readers = ThreadLocal.withInitial(records::cursor);
    }

    /** Opens or creates the store described by {@code config}. */
    public static ChronicleStateStore open(StateConfig config) {
        final DataDirectory dir = DataDirectory.acquire(config.directory());
        try {
            final ChronicleRecords records = ChronicleRecords.open(dir.resolve(ChronicleRecords.FILE_NAME).toFile(),
                ChronicleRecords.capacityFor(config.entries()), config.averageValueSize(), dir.uncleanShutdown());
            final ChronicleStateStore store = new ChronicleStateStore(dir, records, config.entries());
            store.load();
            return store;
        } catch (final RuntimeException e) {
            dir.close();
            throw e;
        }
    }

    private void load() {
        final int metaLen = writer.get(metaKey, 0, meta, 0);
        if (metaLen < 0) {
            meta.setMemory(0, MetaDescriptor.LENGTH, (byte) 0);
            meta.putLong(MetaDescriptor.MAGIC_OFFSET, MetaDescriptor.MAGIC, LE);
            meta.putLong(MetaDescriptor.VERSION_OFFSET, MetaDescriptor.LAYOUT_VERSION, LE);
            meta.putLong(MetaDescriptor.ENTRIES_OFFSET, entries, LE);
            root.digest(meta, MetaDescriptor.ROOT_OFFSET);
            writer.put(metaKey, 0, meta, 0, MetaDescriptor.LENGTH);
            return;
        }
        MetaRecords.check(meta, metaLen, records.file());
        sealedHeight = meta.getLong(MetaDescriptor.APPLIED_HEIGHT_OFFSET, LE);
        final LtHash r = root;
        final long[] n = new long[1];
        records.forEachUnordered((k, ko, v, vo, len) -> {
            r.add(k, ko, v, vo, len);
            n[0]++;
        });
        size = n[0];
    }

    @Override
    public int read(DirectBuffer key, int keyOffset, MutableDirectBuffer dst, int dstOffset) {
        return readers.get().get(key, keyOffset, dst, dstOffset);
    }

    @Override
    public void beginBlock(long height) {
        if (openHeight >= 0) {
            throw new IllegalStateException("block " + openHeight + " is still open");
        }
        if (height != sealedHeight + 1) {
            throw new IllegalArgumentException("block height " + height + " must be sealedHeight + 1 = "
                + (sealedHeight + 1));
        }
        openHeight = height;
        rootAtBegin.copyFrom(root);
        undoCount = 0;
    }

    @Override
    public void write(DirectBuffer key, int keyOffset, DirectBuffer value, int valueOffset, int length) {
        if (openHeight < 0) {
            throw new IllegalStateException("write outside a block");
        }
        RecordChecks.checkWrite(key, keyOffset, length);
        final int oldLen = writer.get(key, keyOffset, old, 0);
        final boolean zero = RecordChecks.isZero(value, valueOffset, length);
        if (oldLen < 0 && zero) {
            return;
        }
        if (oldLen < 0 && size >= entries) {
            throw new StateFullException(entries);
        }
        final int at = undoCount * UNDO_STRIDE;
        undo.putBytes(at, key, keyOffset, StateKeys.LENGTH);
        undo.putInt(at + StateKeys.LENGTH, oldLen, LE);
        if (oldLen > 0) {
            undo.putBytes(at + StateKeys.LENGTH + 8, old, 0, oldLen);
            root.subtract(key, keyOffset, old, 0, oldLen);
        }
        undoCount++;
        if (zero) {
            writer.remove(key, keyOffset);
            size--;
        } else {
            root.add(key, keyOffset, value, valueOffset, length);
            writer.put(key, keyOffset, value, valueOffset, length);
            if (oldLen < 0) {
                size++;
            }
        }
    }

    @Override
    public void seal(long height, MutableDirectBuffer rootOut, int rootOffset) {
        if (height != openHeight) {
            throw new IllegalArgumentException("seal(" + height + ") but the open block is " + openHeight);
        }
        meta.putLong(MetaDescriptor.APPLIED_HEIGHT_OFFSET, height, LE);
        root.digest(meta, MetaDescriptor.ROOT_OFFSET);
        writer.put(metaKey, 0, meta, 0, MetaDescriptor.LENGTH);
        sealedHeight = height;
        openHeight = -1;
        undoCount = 0;
        root.digest(rootOut, rootOffset);
    }

    @Override
    public void rollback() {
        if (openHeight < 0) {
            return;
        }
        for (int i = undoCount - 1; i >= 0; i--) {
            final int at = i * UNDO_STRIDE;
            final int oldLen = undo.getInt(at + StateKeys.LENGTH, LE);
            final boolean existsNow = writer.get(undo, at, old, 0) >= 0;
            if (oldLen < 0) {
                if (existsNow) {
                    writer.remove(undo, at);
                    size--;
                }
            } else {
                writer.put(undo, at, undo, at + StateKeys.LENGTH + 8, oldLen);
                if (!existsNow) {
                    size++;
                }
            }
        }
        root.copyFrom(rootAtBegin);
        undoCount = 0;
        openHeight = -1;
    }

    @Override
    public long sealedHeight() {
        return sealedHeight;
    }

    @Override
    public void root(MutableDirectBuffer out, int offset) {
        root.digest(out, offset);
    }

    @Override
    public void scan(StateVisitor visitor) {
        final SortedCollector collector = new SortedCollector();
        records.forEachUnordered(collector);
        collector.replaySorted(visitor);
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public void close() {
        rollback();
        records.close();
        dir.closeClean();
    }

    /** The data directory this store holds. */
    public DataDirectory directory() {
        return dir;
    }
}
