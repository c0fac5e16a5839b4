package io.multilane.state.store;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

import io.multilane.state.StateException;
import io.multilane.state.key.StateKeys;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;

/**
 * A reusable buffer holding one sealed block in the {@link BlockRecordDescriptor} format: the commit thread
 * fills it ({@link #begin}, {@link #put}, {@link #finish}), the journal writes it, the persistence thread merges it
 * ({@link Checkpointer}).
 *
 * <p>Owned by one thread at a time; ownership passes through the store's hand-off queues. Allocation-free once
 * the buffer has grown to the largest block.
 */
public final class BlockRecord {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private final ExpandableDirectByteBuffer buffer = new ExpandableDirectByteBuffer(64 * 1024);
    private final CRC32C crc = new CRC32C();
    private int position;
    private int count;
    private long height;

    /** Starts the record of block {@code height}. */
    public void begin(final long height) {
        this.height = height;
        this.count = 0;
        this.position = BlockRecordDescriptor.HEADER_LENGTH;
    }

    /** Adds the final value of a key; {@code length} 0 records a deletion. */
    public void put(final DirectBuffer key, final int keyOffset, final DirectBuffer value, final int valueOffset,
            final int length) {
        buffer.putBytes(position, key, keyOffset, StateKeys.LENGTH);
        buffer.putInt(position + BlockRecordDescriptor.ENTRY_LENGTH_OFFSET, length, LE);
        buffer.putInt(position + BlockRecordDescriptor.ENTRY_LENGTH_OFFSET + 4, 0, LE);
        if (length > 0) {
            buffer.putBytes(position + BlockRecordDescriptor.ENTRY_HEADER_LENGTH, value, valueOffset, length);
        }
        position += BlockRecordDescriptor.ENTRY_HEADER_LENGTH + length;
        count++;
    }

    /**
     * Appends entries another record collected (a seal helper's share): bytes {@code [from, to)} of {@code source},
     * holding {@code entries} whole entries written by {@link #put}.
     */
    void append(final BlockRecord source, final int from, final int to, final int entries) {
        buffer.putBytes(position, source.buffer, from, to - from);
        position += to - from;
        count += entries;
    }

    /** Bytes written so far (where the next {@link #put} goes). */
    int position() {
        return position;
    }

    /** Entries put so far. */
    int entries() {
        return count;
    }

    /** Writes header and trailer with the block's 32-byte root; the record is then complete. */
    public void finish(final DirectBuffer root, final int rootOffset) {
        buffer.putInt(0, BlockRecordDescriptor.MAGIC, LE);
        buffer.putInt(BlockRecordDescriptor.COUNT_OFFSET, count, LE);
        buffer.putLong(BlockRecordDescriptor.HEIGHT_OFFSET, height, LE);
        buffer.putLong(BlockRecordDescriptor.PAYLOAD_LENGTH_OFFSET, position - BlockRecordDescriptor.HEADER_LENGTH, LE);
        buffer.putLong(24, 0L, LE);
        buffer.putBytes(position, root, rootOffset, 32);
        final int crcEnd = position + 32;
        buffer.putInt(crcEnd, crc(buffer.byteBuffer(), 0, crcEnd), LE);
        buffer.putInt(crcEnd + 4, BlockRecordDescriptor.END_MAGIC, LE);
        position += BlockRecordDescriptor.TRAILER_LENGTH;
    }

    int crc(final ByteBuffer bb, final int from, final int to) {
        crc.reset();
        final ByteBuffer view = bb;
        final int oldLimit = view.limit();
        final int oldPosition = view.position();
        view.limit(to).position(from);
        crc.update(view);
        view.limit(oldLimit).position(oldPosition);
        return (int) crc.getValue();
    }

    /** Makes this record a copy of {@code length} bytes read from a journal (for replay). */
    public ExpandableDirectByteBuffer buffer() {
        return buffer;
    }

    /** Total length of the finished record. */
    public int length() {
        return position;
    }

    public long height() {
        return height;
    }

    /** Entries in the finished or loaded record. */
    public int count() {
        return buffer.getInt(BlockRecordDescriptor.COUNT_OFFSET, LE);
    }

    /** Offset of the 32-byte root in the trailer of the finished or loaded record (the end of its entries). */
    public int rootOffset() {
        return position - BlockRecordDescriptor.TRAILER_LENGTH;
    }

    /**
     * Checks a record read from {@code source} whose checksum matched: every entry has a well-formed key and a
     * length of 0 (deletion) or its type's record length, and the entries fill the payload exactly. Throws a
     * {@link StateException} naming the source, the height and the entry otherwise, so that a record of another
     * layout is reported instead of being copied into fixed-size slots.
     */
    public void validate(final Object source) {
        final int end = rootOffset();
        final int count = count();
        int at = BlockRecordDescriptor.HEADER_LENGTH;
        for (int i = 0; i < count; i++) {
            if (at + BlockRecordDescriptor.ENTRY_HEADER_LENGTH > end) {
                throw invalid(source, i, "runs past the end of the record");
            }
            final int expected = StateKeys.recordLength(buffer, at);
            final int len = buffer.getInt(at + BlockRecordDescriptor.ENTRY_LENGTH_OFFSET, LE);
            if (expected < 0) {
                throw invalid(source, i, "has a malformed key");
            }
            if (len != 0 && len != expected) {
                throw invalid(source, i, "has a value of " + len + " bytes, its key's type has " + expected);
            }
            at += BlockRecordDescriptor.ENTRY_HEADER_LENGTH + len;
        }
        if (at != end) {
            throw invalid(source, count, "would start inside the root trailer: " + count + " entries do not fill "
                + (end - BlockRecordDescriptor.HEADER_LENGTH) + " payload bytes");
        }
    }

    private StateException invalid(final Object source, final int entry, final String what) {
        return new StateException(source + ": block record of height " + height + ", entry " + entry + " " + what
            + " (a journal of another layout version, or corrupt)");
    }

    /** Sets the state after the record was loaded into {@link #buffer()} by a reader. */
    void loaded(final long height, final int length) {
        this.height = height;
        this.position = length;
    }
}
