package io.multilane.exec.tx;

import static io.multilane.exec.tx.TxDescriptor.ORDER;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Builds a block ({@link BlockDescriptor}) in a caller-supplied buffer: {@link #wrap} with the
 * header fields, then {@link #appendTx} or {@link #beginTx}/{@link #commitTx} per transaction;
 * {@link #length()} is the block's length so far. Use an expandable buffer for large blocks.
 * Allocation-free; one thread per encoder.
 */
public final class BlockEncoder {
    private final TxEncoder txEncoder = new TxEncoder();
    private MutableDirectBuffer buffer;
    private int offset;
    private int limit;
    private int count;

    /**
     * Starts a block.
     *
     * @param buffer destination
     * @param offset start
     * @param height block height
     * @param timestamp block timestamp
     * @param parentRoot buffer holding the 32-byte parent state root
     * @param parentRootOffset its offset
     * @return this
     */
    public BlockEncoder wrap(final MutableDirectBuffer buffer, final int offset, final long height, final long timestamp,
            final DirectBuffer parentRoot, final int parentRootOffset) {
        this.buffer = buffer;
        this.offset = offset;
        this.limit = offset + BlockDescriptor.HEADER_LENGTH;
        this.count = 0;
        buffer.setMemory(offset, BlockDescriptor.HEADER_LENGTH, (byte) 0);
        buffer.putByte(offset + BlockDescriptor.VERSION_OFFSET, (byte) BlockDescriptor.VERSION_1);
        buffer.putLong(offset + BlockDescriptor.HEIGHT_OFFSET, height, ORDER);
        buffer.putLong(offset + BlockDescriptor.TIMESTAMP_OFFSET, timestamp, ORDER);
        buffer.putBytes(offset + BlockDescriptor.PARENT_ROOT_OFFSET, parentRoot, parentRootOffset, BlockDescriptor.ROOT_LENGTH);
        buffer.putInt(offset + BlockDescriptor.TX_COUNT_OFFSET, 0, ORDER);
        return this;
    }

    /**
     * Appends raw transaction bytes (well formed or not) as one entry.
     *
     * @param tx source
     * @param txOffset its offset
     * @param txLength its length (at most 65535)
     * @return this
     */
    public BlockEncoder appendTx(final DirectBuffer tx, final int txOffset, final int txLength) {
        buffer.putShort(limit, (short) txLength, ORDER);
        buffer.putBytes(limit + BlockDescriptor.ENTRY_PREFIX, tx, txOffset, txLength);
        limit += BlockDescriptor.ENTRY_PREFIX + txLength;
        buffer.putInt(offset + BlockDescriptor.TX_COUNT_OFFSET, ++count, ORDER);
        return this;
    }

    /**
     * Starts a transaction in place at the end of the block; finish it with {@link #commitTx()}.
     *
     * @return the transaction encoder, wrapped at the entry
     */
    public TxEncoder beginTx() {
        return txEncoder.wrap(buffer, limit + BlockDescriptor.ENTRY_PREFIX);
    }

    /** Closes the entry {@link #beginTx()} started, using the length its header implies. */
    public void commitTx() {
        final int txLength = txEncoder.length();
        buffer.putShort(limit, (short) txLength, ORDER);
        limit += BlockDescriptor.ENTRY_PREFIX + txLength;
        buffer.putInt(offset + BlockDescriptor.TX_COUNT_OFFSET, ++count, ORDER);
    }

    /** @return bytes written so far, header included */
    public int length() {
        return limit - offset;
    }

    /** @return entries appended so far */
    public int txCount() {
        return count;
    }
}
