package io.multilane.exec.serial;

import io.multilane.exec.context.RecordingTxContext;
import io.multilane.exec.context.TxProcessor;
import io.multilane.exec.program.ProgramRegistry;
import io.multilane.exec.receipt.ReceiptLog;
import io.multilane.exec.receipt.ReasonCodes;
import io.multilane.exec.receipt.TxStatus;
import io.multilane.exec.tx.BlockDescriptor;
import io.multilane.exec.tx.BlockFlyweight;
import io.multilane.state.StateStore;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The serial oracle: executes a block's transactions one by one, in order, against the store,
 * applying each transaction's recorded effects before the next one runs, then seals the block.
 * The result (receipts, state, root) is a pure function of (state, block): the parallel engine
 * must reproduce it bit for bit. Allocation-free per transaction once warm. Owned by the thread
 * that owns the store (its single writer).
 */
public final class SerialExecutor {
    /** Default account credited with fees. */
    public static final long DEFAULT_FEE_COLLECTOR = 1;

    private final StateStore store;
    private final TxProcessor processor;
    private final BlockFlyweight block = new BlockFlyweight();
    private final UnsafeBuffer root = new UnsafeBuffer(new byte[BlockDescriptor.ROOT_LENGTH]);

    /**
     * @param store the store to execute against (this executor becomes its writer)
     * @param programs programs for this thread
     * @param feeCollector account credited with fees
     * @param verifySignatures false for pre-verified blocks
     */
    public SerialExecutor(final StateStore store, final ProgramRegistry programs, final long feeCollector,
            final boolean verifySignatures) {
        this.store = store;
        this.processor = new TxProcessor(programs, feeCollector, verifySignatures);
    }

    /**
     * Executes and seals one block.
     *
     * @param buffer buffer holding the block
     * @param offset its offset
     * @param length its length
     * @param receipts cleared, then filled with one receipt per entry
     * @param rootOut receives the 32-byte state root after the block
     * @param rootOffset where
     * @return {@link BlockStatus#SEALED}, or why the block was refused (store unchanged)
     */
    public int execute(final DirectBuffer buffer, final int offset, final int length, final ReceiptLog receipts,
            final MutableDirectBuffer rootOut, final int rootOffset) {
        block.wrap(buffer, offset, length);
        if (!block.headerValid()) {
            return BlockStatus.BAD_HEADER;
        }
        final long height = block.height();
        if (height != store.sealedHeight() + 1) {
            return BlockStatus.WRONG_HEIGHT;
        }
        store.root(root, 0);
        if (!sameRoot(buffer, block.parentRootOffset())) {
            return BlockStatus.PARENT_ROOT_MISMATCH;
        }
        receipts.clear();
        store.beginBlock(height);
        try {
            final long timestamp = block.timestamp();
            while (block.nextTx()) {
                executeTx(block.txOffset(), block.txLength(), height, timestamp, receipts);
            }
        } catch (RuntimeException e) {
            store.rollback();
            throw e;
        }
        store.seal(height, rootOut, rootOffset);
        return BlockStatus.SEALED;
    }

    /**
     * Executes one transaction inside the store's open block and appends its receipt (for callers
     * that manage blocks themselves, such as benchmarks and the fuzz harness).
     *
     * @param buffer buffer holding the transaction (block's buffer when called from {@link #execute})
     * @param offset its offset
     * @param length its framed length
     * @param height block height
     * @param timestamp block timestamp
     * @param receipts receives the receipt
     * @return the status
     */
    public int executeTx(final DirectBuffer buffer, final int offset, final int length, final long height,
            final long timestamp, final ReceiptLog receipts) {
        processor.process(store, buffer, offset, length, height, timestamp);
        final RecordingTxContext ctx = processor.context();
        if (processor.status() != TxStatus.REJECTED) {
            while (ctx.applyTo(store) != ReasonCodes.NONE) {
                if (!processor.onCommitOverflow()) {
                    break;
                }
            }
        }
        final int status = processor.status();
        receipts.add(status, processor.reason(), processor.feeCharged(), processor.tx(), ctx.events(), 0,
                status == TxStatus.SUCCESS ? ctx.eventCount() : 0);
        return status;
    }

    private boolean sameRoot(final DirectBuffer buffer, final int offset) {
        for (int i = 0; i < BlockDescriptor.ROOT_LENGTH; i += 8) {
            if (root.getLong(i) != buffer.getLong(offset + i)) {
                return false;
            }
        }
        return true;
    }

    private void executeTx(final int offset, final int length, final long height, final long timestamp,
            final ReceiptLog receipts) {
        executeTx(block.buffer(), offset, length, height, timestamp, receipts);
    }
}
