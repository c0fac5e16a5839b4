package io.multilane.state.store;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Consumer;

import io.multilane.state.StateException;
import io.multilane.state.StateVisitor;
import io.multilane.state.key.KeyType;
import io.multilane.state.key.StateKeys;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.bytes.RandomDataInput;
import net.openhft.chronicle.hash.Data;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ChronicleMapBuilder;
import net.openhft.chronicle.map.ExternalMapQueryContext;
import net.openhft.chronicle.map.MapEntry;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The store of record: a persisted Chronicle Map from 32-byte keys to fixed-length records, used only through
 * the allocation-free bytes-level API (query contexts over a {@link BytesStore}, values wrapped in place).
 * One reserved key (all zero bytes, tag 0) holds the store's metadata record ({@link MetaDescriptor}).
 *
 * <p>Chronicle's segment locks make every method safe from any thread, but each thread must use its own
 * {@link Cursor}. Opening and closing are done by one thread.
 */
public final class ChronicleRecords implements AutoCloseable {
    /** Name of the map file in the data directory. */
    public static final String FILE_NAME = "state.cm3";
    /**
     * How far Chronicle may grow past its sizing (extra segment tiers) when records are on average larger than
     * the configured average value size; the store's own entry limit trips long before.
     */
    private static final double MAX_BLOAT = 4.0;

    private final ChronicleMap<byte[], byte[]> map;
    private final File file;

    private ChronicleRecords(ChronicleMap<byte[], byte[]> map, File file) {
        this.map = map;
        this.file = file;
    }

    /**
     * Creates the map file, or opens it (running Chronicle's recovery when {@code recover}, after a crash).
     *
     * @param capacity the number of records Chronicle is sized for (the configured entries plus slack)
     */
    public static ChronicleRecords open(File file, long capacity, int averageValueSize, boolean recover) {
        final ChronicleMapBuilder<byte[], byte[]> builder = ChronicleMapBuilder.of(byte[].class, byte[].class)
            .name("multilane-state")
            .constantKeySizeBySample(new byte[StateKeys.LENGTH])
            .averageValueSize(averageValueSize)
            .entries(capacity)
            .maxBloatFactor(MAX_BLOAT)
            .putReturnsNull(true)
            .removeReturnsNull(true);
        try {
            final ChronicleMap<byte[], byte[]> map = recover && file.exists()
                ? builder.recoverPersistedTo(file, true)
                : builder.createPersistedTo(file);
            return new ChronicleRecords(map, file);
        } catch (final IOException | RuntimeException e) {
            throw new StateException("cannot open state file " + file + " (" + e.getMessage()
                + "): it was written by an incompatible layout or configuration, or it is corrupt", e);
        }
    }

    /** Chronicle is sized with slack above the configured entries so that the store's own limit trips first. */
    public static long capacityFor(long entries) {
        return entries + entries / 8 + 1024;
    }

    public File file() {
        return file;
    }

    /** Records stored in the map, including the metadata record. */
    public long mapSize() {
        return map.longSize();
    }

    /** A per-thread access handle: its scratch memory is reused by every call. */
    public Cursor cursor() {
        return new Cursor();
    }

    /** Visits every record (metadata excluded) in Chronicle's internal order; not sorted. For loading. */
    public void forEachUnordered(StateVisitor visitor) {
        final UnsafeBuffer keyView = new UnsafeBuffer(0, 0);
        final UnsafeBuffer valueView = new UnsafeBuffer(0, 0);
        final Consumer<MapEntry<byte[], byte[]>> action = e -> {
            final Data<byte[]> k = e.key();
            final Data<byte[]> v = e.value();
            keyView.wrap(k.bytes().addressForRead(k.offset()), (int) k.size());
            if (StateKeys.tag(keyView, 0) == 0) {
                return;
            }
            final int len = (int) v.size();
            valueView.wrap(v.bytes().addressForRead(v.offset()), len);
            visitor.visit(keyView, 0, valueView, 0, len);
        };
        map.forEachEntry(action);
    }

    @Override
    public void close() {
        map.close();
    }

    /**
     * Reusable access handle with its own off-heap scratch for one key and one record. Not thread-safe.
     */
    public final class Cursor {
        private final ByteBuffer scratchMemory = ByteBuffer.allocateDirect(StateKeys.LENGTH + KeyType.MAX_RECORD_LENGTH)
            .order(ByteOrder.nativeOrder());
        private final UnsafeBuffer scratch = new UnsafeBuffer(scratchMemory);
        private final BytesStore<?, ByteBuffer> store = BytesStore.wrap(scratchMemory);
        private final UnsafeBuffer view = new UnsafeBuffer(0, 0);

        private Cursor() {
        }

        /** Copies the record under the key into {@code dst}; returns its length or -1 if absent. */
        public int get(DirectBuffer key, int keyOffset, MutableDirectBuffer dst, int dstOffset) {
            scratch.putBytes(0, key, keyOffset, StateKeys.LENGTH);
            try (ExternalMapQueryContext<byte[], byte[], ?> c = map.queryContext(store, 0, StateKeys.LENGTH)) {
                final MapEntry<byte[], byte[]> e = c.entry();
                if (e == null) {
                    return -1;
                }
                final Data<byte[]> v = e.value();
                final int len = (int) v.size();
                final RandomDataInput in = v.bytes();
                view.wrap(in.addressForRead(v.offset()), len);
                dst.putBytes(dstOffset, view, 0, len);
                return len;
            }
        }

        /** Inserts or replaces the record under the key. */
        public void put(DirectBuffer key, int keyOffset, DirectBuffer value, int valueOffset, int length) {
            scratch.putBytes(0, key, keyOffset, StateKeys.LENGTH);
            scratch.putBytes(StateKeys.LENGTH, value, valueOffset, length);
            try (ExternalMapQueryContext<byte[], byte[], ?> c = map.queryContext(store, 0, StateKeys.LENGTH)) {
                c.updateLock().lock();
                final Data<byte[]> data = c.wrapValueBytesAsData(store, StateKeys.LENGTH, length);
                final MapEntry<byte[], byte[]> e = c.entry();
                if (e != null) {
                    c.replaceValue(e, data);
                } else {
                    c.insert(c.absentEntry(), data);
                }
            }
        }

        /** Removes the record under the key if present. */
        public void remove(DirectBuffer key, int keyOffset) {
            scratch.putBytes(0, key, keyOffset, StateKeys.LENGTH);
            try (ExternalMapQueryContext<byte[], byte[], ?> c = map.queryContext(store, 0, StateKeys.LENGTH)) {
                c.updateLock().lock();
                final MapEntry<byte[], byte[]> e = c.entry();
                if (e != null) {
                    c.remove(e);
                }
            }
        }
    }
}
