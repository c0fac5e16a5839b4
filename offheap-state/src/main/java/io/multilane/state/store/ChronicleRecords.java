package io.multilane.state.store;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

import io.multilane.state.StateException;
import io.multilane.state.StateVisitor;
import io.multilane.state.key.KeyType;
import io.multilane.state.key.StateKeys;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.bytes.RandomDataInput;
import net.openhft.chronicle.hash.Data;
import net.openhft.chronicle.hash.impl.SizePrefixedBlob;
import net.openhft.chronicle.hash.impl.VanillaChronicleHash;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ChronicleMapBuilder;
import net.openhft.chronicle.map.ExternalMapQueryContext;
import net.openhft.chronicle.map.MapEntry;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.UnsafeApi;
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
    /** Suffix of the name a new map file has until it is completely created and renamed to its own name. */
    public static final String CREATING_SUFFIX = ".creating";
    private static final System.Logger LOG = System.getLogger(ChronicleRecords.class.getName());
    /**
     * How far Chronicle may grow past its sizing (extra segment tiers) when records are on average larger than
     * the configured average value size; the store's own entry limit trips long before.
     */
    private static final double MAX_BLOAT = 4.0;

    private final ChronicleMap<byte[], byte[]> map;
    private final File file;
    private final ChronicleOrder order;

    private ChronicleRecords(final ChronicleMap<byte[], byte[]> map, final File file) {
        this.map = map;
        this.file = file;
        this.order = ChronicleOrder.of((VanillaChronicleHash<?, ?, ?, ?>) map);
    }

    /**
     * Opens the map file, creating it first if it does not exist (recovering it with Chronicle's recovery when
     * {@code recover}, after a crash). A new file is created complete under {@link #creatingFile} and then renamed
     * into place ({@link #publish}), so {@code file} exists only once Chronicle has finished creating it; a
     * leftover creating file is an interrupted creation and is deleted ({@link #discardInterruptedCreation}).
     * Before Chronicle sees an existing file its header is checked ({@link #checkCreationComplete}): Chronicle
     * would wait 60 s for a header another process may still be writing, and here no other process can be (the
     * directory is locked).
     *
     * @param capacity the number of records Chronicle is sized for (the configured entries plus slack)
     */
    public static ChronicleRecords open(final File file, final long capacity, final int averageValueSize,
                                        final boolean recover) {
        return open(file, capacity, averageValueSize, recover, cursor -> { });
    }

    /**
     * As {@link #open(File, long, int, boolean)}, and a new file gets its first records from {@code initialize}
     * (e.g. the store's header record) before it is renamed into place: a file under its own name then always
     * holds them, whenever the process is killed.
     *
     * @param initialize writes the records a new file starts with, through a cursor on the file being created
     */
    public static ChronicleRecords open(final File file, final long capacity, final int averageValueSize,
                                        final boolean recover, final Consumer<Cursor> initialize) {
        discardInterruptedCreation(file);
        final boolean existed = file.exists();
        if (!existed) {
            final File creating = creatingFile(file);
            try (ChronicleRecords fresh = create(creating, capacity, averageValueSize)) {
                initialize.accept(fresh.cursor());
            }
            publish(creating, file);
        }
        checkCreationComplete(file);
        final ChronicleMapBuilder<byte[], byte[]> builder = builder(capacity, averageValueSize);
        try {
            final ChronicleMap<byte[], byte[]> map = recover && existed
                ? builder.recoverPersistedTo(file, true)
                : builder.createPersistedTo(file);
            return new ChronicleRecords(map, file);
        } catch (final IOException | RuntimeException e) {
            throw new StateException("cannot open state file " + file + " (" + e.getMessage()
                + "): it was written by an incompatible layout or configuration, or it is corrupt", e);
        }
    }

    private static ChronicleMapBuilder<byte[], byte[]> builder(final long capacity, final int averageValueSize) {
        return ChronicleMapBuilder.of(byte[].class, byte[].class)
            .name("multilane-state")
            .constantKeySizeBySample(new byte[StateKeys.LENGTH])
            .averageValueSize(averageValueSize)
            .entries(capacity)
            .maxBloatFactor(MAX_BLOAT)
            .putReturnsNull(true)
            .removeReturnsNull(true);
    }

    /** The name a new map file is created under: {@code file} plus {@link #CREATING_SUFFIX}. */
    public static File creatingFile(final File file) {
        return new File(file.getPath() + CREATING_SUFFIX);
    }

    /**
     * Creates a new, empty map file at {@code creating} (which must not exist) and opens it; on failure deletes
     * whatever Chronicle wrote. Fill it, close it and {@link #publish} it.
     */
    static ChronicleRecords create(final File creating, final long capacity, final int averageValueSize) {
        try {
            return new ChronicleRecords(builder(capacity, averageValueSize).createPersistedTo(creating), creating);
        } catch (final IOException | RuntimeException e) {
            final StateException failure = new StateException("cannot create state file " + creating + ": " + e, e);
            try {
                Files.deleteIfExists(creating.toPath());
            } catch (final IOException x) {
                failure.addSuppressed(x);
            }
            throw failure;
        }
    }

    /**
     * Moves a completely created (and closed) map file from {@code creating} to {@code file}: forces it, renames
     * it atomically and forces the directory, so that after a crash the file is either absent or complete.
     */
    static void publish(final File creating, final File file) {
        try {
            try (FileChannel ch = FileChannel.open(creating.toPath(), StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(creating.toPath(), file.toPath(), StandardCopyOption.ATOMIC_MOVE);
            DataDirectory.forceDirectory(file.getAbsoluteFile().getParentFile().toPath());
        } catch (final IOException e) {
            throw new StateException("cannot move the new state file " + creating + " into place as " + file + ": "
                + e, e);
        }
    }

    /**
     * Deletes the creating file of {@code file} if one is left over: its creation (a new store's, or a snapshot
     * import's) was interrupted, so it never held a store. Logged as a warning.
     */
    static void discardInterruptedCreation(final File file) {
        final Path creating = creatingFile(file).toPath();
        try {
            if (Files.deleteIfExists(creating)) {
                LOG.log(System.Logger.Level.WARNING, "deleted " + creating + ", left by an interrupted creation of"
                    + " a state file (a new store or a snapshot import); it never held a store");
            }
        } catch (final IOException e) {
            throw new StateException("cannot delete " + creating + ", left by an interrupted creation of a state"
                + " file: " + e, e);
        }
    }

    /**
     * Throws at once unless Chronicle finished creating {@code file}: its self-bootstrapping header is complete
     * and marked ready. A file that is not was created in place by a build before {@link #creatingFile} and its
     * creation interrupted, or it was truncated; it is left untouched (it may be all that remains of a store).
     */
    static void checkCreationComplete(final File file) {
        final ByteBuffer word = ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        final long size;
        try (FileChannel ch = FileChannel.open(file.toPath(), StandardOpenOption.READ)) {
            size = ch.size();
            if (size >= SizePrefixedBlob.SELF_BOOTSTRAPPING_HEADER_OFFSET) {
                while (word.hasRemaining()) {
                    if (ch.read(word, SizePrefixedBlob.SIZE_WORD_OFFSET + word.position()) < 0) {
                        break;
                    }
                }
            }
        } catch (final IOException e) {
            throw new StateException("cannot read state file " + file + ": " + e, e);
        }
        if (!word.hasRemaining() && SizePrefixedBlob.isReady(word.getInt(0))) {
            return;
        }
        throw new StateException(file + " is incomplete (" + size + " bytes, its Chronicle Map header never marked"
            + " ready): its creation was interrupted, or it was truncated. It was left as it is; if the store never"
            + " sealed a block, delete it and open again, otherwise restore the directory from a snapshot");
    }

    /** Chronicle is sized with slack above the configured entries so that the store's own limit trips first. */
    public static long capacityFor(final long entries) {
        return entries + entries / 8 + 1024;
    }

    public File file() {
        return file;
    }

    /** Where the map keeps each key: the order a checkpoint writes in ({@link MergeTable}). */
    ChronicleOrder order() {
        return order;
    }

    /** The map itself, for tests that look at its layout. */
    ChronicleMap<byte[], byte[]> map() {
        return map;
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
    public void forEachUnordered(final StateVisitor visitor) {
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
     * Reusable access handle with its own off-heap scratch for one key and one record, which it hands to Chronicle
     * as {@link ScratchData} (no per-call wrapping). Not thread-safe.
     */
    public final class Cursor {
        private final ByteBuffer scratchMemory = ByteBuffer.allocateDirect(StateKeys.LENGTH + KeyType.MAX_RECORD_LENGTH)
            .order(ByteOrder.nativeOrder());
        private final UnsafeBuffer scratch = new UnsafeBuffer(scratchMemory);
        private final BytesStore<?, ByteBuffer> store = BytesStore.wrap(scratchMemory);
        private final ScratchData keyData = new ScratchData(store, 0);
        private final ScratchData valueData = new ScratchData(store, StateKeys.LENGTH);
        private final UnsafeBuffer view = new UnsafeBuffer(0, 0);

        private Cursor() {
        }

        /** Copies the record under the key into {@code dst}; returns its length or -1 if absent. */
        public int get(final DirectBuffer key, final int keyOffset, final MutableDirectBuffer dst, final int dstOffset) {
            scratch.putBytes(0, key, keyOffset, StateKeys.LENGTH);
            try (ExternalMapQueryContext<byte[], byte[], ?> c = map.queryContext(keyData.size(StateKeys.LENGTH))) {
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
        public void put(final DirectBuffer key, final int keyOffset, final DirectBuffer value, final int valueOffset,
                final int length) {
            scratch.putBytes(0, key, keyOffset, StateKeys.LENGTH);
            scratch.putBytes(StateKeys.LENGTH, value, valueOffset, length);
            put(keyData.size(StateKeys.LENGTH), length);
        }

        /**
         * Inserts or replaces the record under the 32-byte key at {@code keyAddress}, whose Chronicle hash is
         * {@code keyHash} ({@link ChronicleOrder#hashAt}), with the {@code length} bytes at {@code valueAddress}.
         */
        void put(final long keyAddress, final long keyHash, final long valueAddress, final int length) {
            UnsafeApi.copyMemory(keyAddress, scratch.addressOffset(), StateKeys.LENGTH);
            UnsafeApi.copyMemory(valueAddress, scratch.addressOffset() + StateKeys.LENGTH, length);
            put(keyData.size(StateKeys.LENGTH, keyHash), length);
        }

        private void put(final ScratchData key, final int length) {
            try (ExternalMapQueryContext<byte[], byte[], ?> c = map.queryContext(key)) {
                c.updateLock().lock();
                final MapEntry<byte[], byte[]> e = c.entry();
                if (e != null) {
                    c.replaceValue(e, valueData.size(length));
                } else {
                    c.insert(c.absentEntry(), valueData.size(length));
                }
            }
        }

        /** Removes the record under the key if present. */
        public void remove(final DirectBuffer key, final int keyOffset) {
            scratch.putBytes(0, key, keyOffset, StateKeys.LENGTH);
            remove(keyData.size(StateKeys.LENGTH));
        }

        /** Removes the record under the 32-byte key at {@code keyAddress} (Chronicle hash {@code keyHash}), if present. */
        void remove(final long keyAddress, final long keyHash) {
            UnsafeApi.copyMemory(keyAddress, scratch.addressOffset(), StateKeys.LENGTH);
            remove(keyData.size(StateKeys.LENGTH, keyHash));
        }

        private void remove(final ScratchData key) {
            try (ExternalMapQueryContext<byte[], byte[], ?> c = map.queryContext(key)) {
                c.updateLock().lock();
                final MapEntry<byte[], byte[]> e = c.entry();
                if (e != null) {
                    c.remove(e);
                }
            }
        }
    }
}
