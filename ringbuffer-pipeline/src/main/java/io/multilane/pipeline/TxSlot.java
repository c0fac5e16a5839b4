package io.multilane.pipeline;

import io.multilane.exec.lane.LaneResult;
import io.multilane.exec.tx.TxDescriptor;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One pre-allocated ring slot. The ingress (the thread inside {@link Engine#submit}) fills it through
 * {@link IngressTranslator}; the lane it is routed to writes the speculative outcome into
 * {@link #result}; the commit stage reads both, then clears the slot. The Disruptor's sequences order
 * these accesses, so the fields are plain.
 */
final class TxSlot {
    /** Cleared slot. */
    static final int EMPTY = 0;
    /** Start of a block: {@link #block} carries the header fields. */
    static final int BLOCK_BEGIN = 1;
    /** One transaction entry of the current block. */
    static final int TX = 2;
    /** End of the current block: seal it. */
    static final int BLOCK_END = 3;
    /**
     * End of a block the ingress refused part-way (more entries than the configured maximum, found while copying):
     * roll back what of it was committed, seal nothing, hand the result back to the submitter, which reports why.
     */
    static final int BLOCK_REFUSED = 4;

    final UnsafeBuffer tx = new UnsafeBuffer(new byte[TxDescriptor.MAX_LENGTH]);
    final LaneResult result;
    final long[] laneNanos;
    int kind;
    int lane;
    /** Framed length of the entry; bytes beyond {@link TxDescriptor#MAX_LENGTH} are not copied (it is malformed). */
    int length;
    BlockResult block;

    TxSlot(final int resultCapacity, final int lanes) {
        this.result = new LaneResult(resultCapacity);
        this.laneNanos = new long[lanes];
    }

    void clear() {
        kind = EMPTY;
        block = null;
        length = 0;
        result.clear();
    }
}
