package io.multilane.state.store;

import io.multilane.state.ByteRanges;
import net.openhft.chronicle.algo.hashing.LongHashFunction;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.bytes.RandomDataInput;
import net.openhft.chronicle.bytes.RandomDataOutput;
import net.openhft.chronicle.hash.AbstractData;
import org.agrona.UnsafeApi;

/**
 * A key or a value for Chronicle Map, given as a range of a cursor's off-heap scratch. Chronicle's query context
 * takes it as it is: no wrapping of the bytes in Chronicle's own {@code Bytes} per call (and no closing of that
 * wrapper), the key's hash supplied when the caller knows it (the checkpoint keeps each key's hash), and keys
 * compared and bytes copied word by word through their addresses.
 *
 * <p>Not thread-safe: one per cursor and role (key or value).
 */
final class ScratchData extends AbstractData<byte[]> {
    private final BytesStore<?, ?> store;
    private final long offset;
    private final long address;
    private int size;
    private long hash;
    private boolean hashKnown;

    /** The range starting at {@code offset} of {@code store}, a direct-memory store whose address is fixed. */
    ScratchData(final BytesStore<?, ?> store, final long offset) {
        this.store = store;
        this.offset = offset;
        this.address = store.addressForRead(offset);
    }

    /** Sets the size of the bytes (written into the scratch by the caller); the hash will be computed if asked. */
    ScratchData size(final int bytes) {
        this.size = bytes;
        this.hashKnown = false;
        return this;
    }

    /** Sets the size and Chronicle's hash of the bytes, as {@link ChronicleOrder#hashAt} gives it. */
    ScratchData size(final int bytes, final long knownHash) {
        this.size = bytes;
        this.hash = knownHash;
        this.hashKnown = true;
        return this;
    }

    @Override
    public RandomDataInput bytes() {
        return store;
    }

    @Override
    public long offset() {
        return offset;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public long hash(final LongHashFunction f) {
        if (hashKnown && f == ChronicleOrder.HASH) {
            return hash;
        }
        return f.hashMemory(address, size);
    }

    @Override
    public boolean equivalent(final RandomDataInput source, final long sourceOffset) {
        if (!source.isDirectMemory()) {
            return super.equivalent(source, sourceOffset);
        }
        return ByteRanges.equal(address, source.addressForRead(sourceOffset), size);
    }

    @Override
    @SuppressWarnings("rawtypes") // Chronicle's Data.writeTo declares the raw type
    public void writeTo(final RandomDataOutput target, final long targetOffset) {
        if (!target.isDirectMemory()) {
            super.writeTo(target, targetOffset);
            return;
        }
        UnsafeApi.copyMemory(address, target.addressForWrite(targetOffset), size);
    }

    /** A copy of the bytes (allocates; Chronicle calls it only to print an entry). */
    @Override
    public byte[] get() {
        return getUsing(null);
    }

    @Override
    public byte[] getUsing(final byte[] using) {
        final byte[] out = using != null && using.length == size ? using : new byte[size];
        for (int i = 0; i < size; i++) {
            out[i] = UnsafeApi.getByte(address + i);
        }
        return out;
    }
}
