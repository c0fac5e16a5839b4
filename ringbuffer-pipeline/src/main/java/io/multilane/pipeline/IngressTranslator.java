package io.multilane.pipeline;

import io.multilane.exec.lane.LaneRouter;
import io.multilane.exec.tx.TxDescriptor;
import org.agrona.DirectBuffer;

/**
 * Fills ring slots from a submitted block: block boundaries travel in the stream as
 * {@link TxSlot#BLOCK_BEGIN}/{@link TxSlot#BLOCK_END} slots; each entry's bytes are copied into its
 * slot once and routed by {@link LaneRouter} from that copy (the header fields and the first argument the router
 * reads are then in the copier's cache, not read again from the caller's buffer). Stateless, non-capturing,
 * allocation-free; called by whichever thread copies the block ({@link RingFeed}).
 */
final class IngressTranslator {
    private IngressTranslator() {
    }

    static void begin(final TxSlot slot, final BlockResult block) {
        slot.kind = TxSlot.BLOCK_BEGIN;
        slot.block = block;
        slot.length = 0;
    }

    static void tx(final TxSlot slot, final DirectBuffer buffer, final int offset, final int length, final int lanes) {
        final int copied = Math.min(length, TxDescriptor.MAX_LENGTH);
        slot.tx.putBytes(0, buffer, offset, copied);
        slot.kind = TxSlot.TX;
        slot.block = null;
        slot.length = length;
        slot.lane = LaneRouter.route(slot.tx, 0, copied, lanes);
    }

    /** A slot claimed for an entry the block turned out not to have: lanes and the commit role pass over it. */
    static void skip(final TxSlot slot) {
        slot.kind = TxSlot.EMPTY;
        slot.block = null;
        slot.length = 0;
    }

    static void end(final TxSlot slot, final BlockResult block) {
        slot.kind = TxSlot.BLOCK_END;
        slot.block = block;
        slot.length = 0;
    }

    static void refused(final TxSlot slot, final BlockResult block) {
        slot.kind = TxSlot.BLOCK_REFUSED;
        slot.block = block;
        slot.length = 0;
    }
}
