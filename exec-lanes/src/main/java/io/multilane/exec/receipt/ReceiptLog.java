package io.multilane.exec.receipt;

import static io.multilane.exec.tx.TxDescriptor.ORDER;

import java.util.Arrays;

import io.multilane.exec.tx.TxFlyweight;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

/**
 * The receipts of one block, in transaction order, appended into one growable buffer. Each
 * receipt is little-endian:
 *
 * <pre>
 *   0  u8   status ({@link TxStatus})
 *   1  u8   event count E
 *   2  u16  reason ({@link ReasonCodes})
 *   4  u16  program id (as the transaction stated it)
 *   6  u16  instruction
 *   8  u64  fee charged
 *  16  u64  sender
 *  24  u64  nonce (as the transaction stated it)
 *  32  E events of {@link EventDescriptor#LENGTH} bytes
 * </pre>
 *
 * Capacity grows (allocating) only when a block is larger than any before; steady state allocates
 * nothing. Written by the executing thread; read by others only after the block is sealed and
 * handed over.
 */
public final class ReceiptLog {
    public static final int STATUS_OFFSET = 0;
    public static final int EVENT_COUNT_OFFSET = 1;
    public static final int REASON_OFFSET = 2;
    public static final int PROGRAM_OFFSET = 4;
    public static final int INSTRUCTION_OFFSET = 6;
    public static final int FEE_OFFSET = 8;
    public static final int SENDER_OFFSET = 16;
    public static final int NONCE_OFFSET = 24;
    public static final int HEADER_LENGTH = 32;

    private final ExpandableArrayBuffer buffer;
    private int[] offsets;
    private int count;
    private int limit;

    /**
     * @param expectedTxs initial capacity in receipts
     */
    public ReceiptLog(final int expectedTxs) {
        buffer = new ExpandableArrayBuffer(Math.max(64, expectedTxs * (HEADER_LENGTH + EventDescriptor.LENGTH)));
        offsets = new int[Math.max(16, expectedTxs)];
    }

    /** Empties the log for a new block. */
    public void clear() {
        count = 0;
        limit = 0;
    }

    /**
     * Appends a receipt, copying the transaction's program, instruction, sender and nonce when its
     * header is readable (zeros otherwise).
     *
     * @param status status
     * @param reason reason code
     * @param fee fee charged (0 unless the fee was charged)
     * @param tx the transaction as framed in the block
     * @param events buffer holding the events (ignored when {@code eventCount} is 0)
     * @param eventsOffset their offset
     * @param eventCount how many
     */
    public void add(final int status, final int reason, final long fee, final TxFlyweight tx, final DirectBuffer events,
            final int eventsOffset, final int eventCount) {
        if (count == offsets.length) {
            offsets = Arrays.copyOf(offsets, count * 2);
        }
        final int at = limit;
        offsets[count++] = at;
        final boolean readable = tx.headerReadable();
        buffer.putByte(at + STATUS_OFFSET, (byte) status);
        buffer.putByte(at + EVENT_COUNT_OFFSET, (byte) eventCount);
        buffer.putShort(at + REASON_OFFSET, (short) reason, ORDER);
        buffer.putShort(at + PROGRAM_OFFSET, (short) (readable ? tx.programId() : 0), ORDER);
        buffer.putShort(at + INSTRUCTION_OFFSET, (short) (readable ? tx.instruction() : 0), ORDER);
        buffer.putLong(at + FEE_OFFSET, fee, ORDER);
        buffer.putLong(at + SENDER_OFFSET, readable ? tx.sender() : 0, ORDER);
        buffer.putLong(at + NONCE_OFFSET, readable ? tx.nonce() : 0, ORDER);
        final int eventBytes = eventCount * EventDescriptor.LENGTH;
        if (eventBytes > 0) {
            buffer.putBytes(at + HEADER_LENGTH, events, eventsOffset, eventBytes);
        }
        limit = at + HEADER_LENGTH + eventBytes;
    }

    /** @return receipts in the log */
    public int count() {
        return count;
    }

    /**
     * @param i receipt index (transaction position in the block)
     * @return status
     */
    public int status(final int i) {
        return buffer.getByte(offsets[i] + STATUS_OFFSET) & 0xFF;
    }

    /**
     * @param i receipt index
     * @return reason code
     */
    public int reason(final int i) {
        return buffer.getShort(offsets[i] + REASON_OFFSET, ORDER) & 0xFFFF;
    }

    /**
     * @param i receipt index
     * @return sender field
     */
    public long sender(final int i) {
        return buffer.getLong(offsets[i] + SENDER_OFFSET, ORDER);
    }

    /**
     * @param i receipt index
     * @return nonce field
     */
    public long nonce(final int i) {
        return buffer.getLong(offsets[i] + NONCE_OFFSET, ORDER);
    }

    /**
     * @param i receipt index
     * @return program id field
     */
    public int programId(final int i) {
        return buffer.getShort(offsets[i] + PROGRAM_OFFSET, ORDER) & 0xFFFF;
    }

    /**
     * @param i receipt index
     * @return fee charged
     */
    public long fee(final int i) {
        return buffer.getLong(offsets[i] + FEE_OFFSET, ORDER);
    }

    /**
     * @param i receipt index
     * @return events in the receipt
     */
    public int eventCount(final int i) {
        return buffer.getByte(offsets[i] + EVENT_COUNT_OFFSET) & 0xFF;
    }

    /**
     * @param i receipt index
     * @return offset of the receipt in {@link #buffer()}
     */
    public int offset(final int i) {
        return offsets[i];
    }

    /**
     * @param i receipt index
     * @param event event index
     * @return offset of that event in {@link #buffer()}
     */
    public int eventOffset(final int i, final int event) {
        return offsets[i] + HEADER_LENGTH + event * EventDescriptor.LENGTH;
    }

    /**
     * @param i receipt index
     * @return receipt length in bytes
     */
    public int length(final int i) {
        return HEADER_LENGTH + eventCount(i) * EventDescriptor.LENGTH;
    }

    /** @return the buffer holding every receipt */
    public DirectBuffer buffer() {
        return buffer;
    }
}
