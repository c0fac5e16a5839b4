package io.multilane.state.store;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

import io.multilane.state.key.StateKeys;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;

/**
 * A reusable buffer holding one sealed block in the {@link BlockRecordDescriptor} format: the commit thread
 * fills it ({@link #begin}, {@link #put}, {@link #finish}), the journal writes it, write-behind applies it.
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
    public void begin(long height) {
        this.height = height;
        this.count = 0;
        this.position = BlockRecordDescriptor.HEADER_LENGTH;
    }

    /** Adds the final value of a key; {@code length} 0 records a deletion. */
    public void put(DirectBuffer key, int keyOffset, DirectBuffer value, int valueOffset, int length) {
        buffer.putBytes(position, key, keyOffset, StateKeys.LENGTH);
        buffer.putInt(position + BlockRecordDescriptor.ENTRY_LENGTH_OFFSET, length, LE);
        buffer.putInt(position + BlockRecordDescriptor.ENTRY_LENGTH_OFFSET + 4, 0, LE);
        if (length > 0) {
            buffer.putBytes(position + BlockRecordDescriptor.ENTRY_HEADER_LENGTH, value, valueOffset, length);
        }
        position += BlockRecordDescriptor.ENTRY_HEADER_LENGTH + length;
        count++;
    }

    /** Writes header and trailer with the block's 32-byte root; the record is then complete. */
    public void finish(DirectBuffer root, int rootOffset) {
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

    int crc(ByteBuffer bb, int from, int to) {
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

    /** Sets the state after the record was loaded into {@link #buffer()} by a reader. */
    void loaded(long height, int length) {
        this.height = height;
        this.position = length;
    }
}
