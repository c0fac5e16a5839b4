package io.multilane.pipeline;

import io.multilane.exec.lane.LaneRouter;
import io.multilane.exec.tx.TxDescriptor;
import org.agrona.DirectBuffer;

/**
 * Fills ring slots from a submitted block: block boundaries travel in the stream as
 * {@link TxSlot#BLOCK_BEGIN}/{@link TxSlot#BLOCK_END} slots; each entry's bytes are copied into its
 * slot and routed by {@link LaneRouter}. Stateless, non-capturing, allocation-free; called by the
 * submitting thread while it holds the ingress lock.
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
        slot.kind = TxSlot.TX;
        slot.block = null;
        slot.length = length;
        slot.tx.putBytes(0, buffer, offset, Math.min(length, TxDescriptor.MAX_LENGTH));
        slot.lane = LaneRouter.route(buffer, offset, length, lanes);
    }

    static void end(final TxSlot slot, final BlockResult block) {
        slot.kind = TxSlot.BLOCK_END;
        slot.block = block;
        slot.length = 0;
    }
}
