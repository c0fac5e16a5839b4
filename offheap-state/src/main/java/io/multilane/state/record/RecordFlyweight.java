package io.multilane.state.record;

import java.nio.ByteOrder;

import io.multilane.state.U128;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Base of the record flyweights: wraps a buffer and an offset and reads or writes little-endian u64 and
 * u128 fields at descriptor offsets. Subclasses add the typed accessors of one record layout.
 *
 * <p>A flyweight is reusable and allocation-free but not thread-safe: one thread uses an instance at a time.
 * Wrap a {@link MutableDirectBuffer} to use setters; a flyweight wrapped over a read-only {@link DirectBuffer}
 * supports getters only.
 */
public abstract class RecordFlyweight {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private DirectBuffer buffer;
    private MutableDirectBuffer mutable;
    private int offset;

    /** Wraps a writable record at {@code offset}. */
    public RecordFlyweight wrap(final MutableDirectBuffer buf, final int offset) {
        this.buffer = buf;
        this.mutable = buf;
        this.offset = offset;
        return this;
    }

    /** Wraps a read-only record at {@code offset}; setters then fail. */
    public RecordFlyweight wrapForRead(final DirectBuffer buf, final int offset) {
        this.buffer = buf;
        this.mutable = null;
        this.offset = offset;
        return this;
    }

    public DirectBuffer buffer() {
        return buffer;
    }

    public int offset() {
        return offset;
    }

    /** Fixed length of this record type in bytes. */
    public abstract int length();

    /** Sets every byte of the record to zero (the "absent" value). */
    public void clear() {
        mutable.setMemory(offset, length(), (byte) 0);
    }

    /** True when every byte of the record is zero, which the store treats as absent. */
    public boolean isZero() {
        final int len = length();
        for (int i = 0; i < len; i += 8) {
            if (buffer.getLong(offset + i, LE) != 0) {
                return false;
            }
        }
        return true;
    }

    protected final long getU64(final int field) {
        return buffer.getLong(offset + field, LE);
    }

    protected final void putU64(final int field, final long value) {
        mutable.putLong(offset + field, value, LE);
    }

    protected final U128 getU128(final int field, final U128 dst) {
        return dst.read(buffer, offset + field);
    }

    protected final void putU128(final int field, final U128 value) {
        value.write(mutable, offset + field);
    }
}
