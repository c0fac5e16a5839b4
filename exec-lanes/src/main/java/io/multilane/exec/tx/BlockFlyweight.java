package io.multilane.exec.tx;

import static io.multilane.exec.tx.TxDescriptor.ORDER;

import org.agrona.DirectBuffer;

/**
 * Read-only view of an encoded block ({@link BlockDescriptor}) with an allocation-free cursor
 * over its entries: {@link #rewind()}, then {@link #nextTx()} while it returns true, reading
 * {@link #txOffset()} and {@link #txLength()}. One thread per flyweight.
 */
public final class BlockFlyweight {
    private DirectBuffer buffer;
    private int offset;
    private int length;
    private int cursor;
    private int txOffset;
    private int txLength;
    private int index;

    /**
     * Points at a block and rewinds the cursor.
     *
     * @param buffer buffer holding the block
     * @param offset where it starts
     * @param length its length
     * @return this
     */
    public BlockFlyweight wrap(final DirectBuffer buffer, final int offset, final int length) {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        rewind();
        return this;
    }

    /** @return whether the header is present and of a known version */
    public boolean headerValid() {
        return buffer != null && offset >= 0 && length >= BlockDescriptor.HEADER_LENGTH
                && length <= buffer.capacity() - offset
                && (buffer.getByte(offset + BlockDescriptor.VERSION_OFFSET) & 0xFF) == BlockDescriptor.VERSION_1;
    }

    public long height() {
        return buffer.getLong(offset + BlockDescriptor.HEIGHT_OFFSET, ORDER);
    }

    public long timestamp() {
        return buffer.getLong(offset + BlockDescriptor.TIMESTAMP_OFFSET, ORDER);
    }

    /** @return the transaction count the header declares (entries are what the cursor finds) */
    public int declaredTxCount() {
        return buffer.getInt(offset + BlockDescriptor.TX_COUNT_OFFSET, ORDER);
    }

    /** @return absolute offset of the 32-byte parent state root */
    public int parentRootOffset() {
        return offset + BlockDescriptor.PARENT_ROOT_OFFSET;
    }

    public DirectBuffer buffer() {
        return buffer;
    }

    /** Moves the cursor before the first entry. */
    public void rewind() {
        cursor = offset + BlockDescriptor.HEADER_LENGTH;
        index = -1;
        txOffset = 0;
        txLength = 0;
    }

    /** @return whether {@link #nextTx()} would find another entry (bytes are left after the current one) */
    public boolean hasNextTx() {
        return cursor < offset + length;
    }

    /**
     * @return the most entries the block's bytes can frame: every entry takes at least its length prefix, and a
     *         last fragment shorter than a prefix is one (malformed) entry; 0 for a block without a valid header
     */
    public int maxEntries() {
        final long body = (long) length - BlockDescriptor.HEADER_LENGTH;
        return body <= 0 ? 0 : (int) ((body + BlockDescriptor.ENTRY_PREFIX - 1) / BlockDescriptor.ENTRY_PREFIX);
    }

    /**
     * Advances to the next entry.
     *
     * @return false at the end of the block
     */
    public boolean nextTx() {
        final int end = offset + length;
        if (cursor >= end) {
            return false;
        }
        index++;
        if (end - cursor < BlockDescriptor.ENTRY_PREFIX) {
            txOffset = cursor;
            txLength = end - cursor;
            cursor = end;
            return true;
        }
        final int declared = buffer.getShort(cursor, ORDER) & 0xFFFF;
        txOffset = cursor + BlockDescriptor.ENTRY_PREFIX;
        final int available = end - txOffset;
        txLength = Math.min(declared, available);
        cursor = declared <= available ? txOffset + declared : end;
        return true;
    }

    /** @return absolute offset of the current transaction */
    public int txOffset() {
        return txOffset;
    }

    /** @return length of the current transaction (what its frame holds) */
    public int txLength() {
        return txLength;
    }

    /** @return position of the current entry, from 0 */
    public int txIndex() {
        return index;
    }
}
