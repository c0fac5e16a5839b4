package io.multilane.exec.serial;

import io.multilane.exec.context.RecordingTxContext;
import io.multilane.exec.context.TxProcessor;
import io.multilane.exec.program.ProgramRegistry;
import io.multilane.exec.receipt.BlockStatus;
import io.multilane.exec.receipt.ReasonCodes;
import io.multilane.exec.receipt.ReceiptLog;
import io.multilane.exec.receipt.TxStatus;
import io.multilane.exec.sig.SignedPayload;
import io.multilane.exec.tx.BlockDescriptor;
import io.multilane.exec.tx.BlockFlyweight;
import io.multilane.state.HotAccountStore;
import io.multilane.state.StateStore;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The serial oracle: executes a block's transactions one by one, in order, against the store,
 * applying each transaction's recorded effects before the next one runs, then seals the block.
 * The result (receipts, state, root) is a pure function of (state, block): the parallel engine
 * must reproduce it bit for bit. Allocation-free per transaction once warm. Within {@link #execute},
 * the fee collector's record is kept in memory ({@link HotAccountStore}) and written once before the
 * seal, which leaves every block's state and root unchanged; {@link #executeTx} (for callers that
 * drive blocks and interleave other writes, like the lane commit stage) goes straight to the store.
 * Owned by the thread that owns the store (its single writer).
 */
public final class SerialExecutor {
    /** Default account credited with fees. */
    public static final long DEFAULT_FEE_COLLECTOR = 1;

    private final StateStore store;
    private final HotAccountStore hot;
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
        this(store, programs, feeCollector, verifySignatures, SignedPayload.DEFAULT_CHAIN_ID);
    }

    /**
     * @param store the store to execute against (this executor becomes its writer)
     * @param programs programs for this thread
     * @param feeCollector account credited with fees
     * @param verifySignatures false for pre-verified blocks
     * @param chainId the chain id signatures cover ({@link SignedPayload})
     */
    public SerialExecutor(final StateStore store, final ProgramRegistry programs, final long feeCollector,
            final boolean verifySignatures, final long chainId) {
        this(store, new TxProcessor(programs, feeCollector, verifySignatures, verifySignatures, chainId), feeCollector);
    }

    private SerialExecutor(final StateStore store, final TxProcessor processor, final long feeCollector) {
        this.store = store;
        this.hot = new HotAccountStore(store, feeCollector);
        this.processor = processor;
    }

    /**
     * An executor for transactions whose signatures were verified already (the lane commit stage re-executing
     * what a lane verified): it skips the Ed25519 check but, when {@code bindKeys}, still checks against state that
     * the carried key is the sender account's, which no stateless check upstream can decide.
     *
     * @param store the store to execute against (this executor becomes its writer)
     * @param programs programs for this thread
     * @param feeCollector account credited with fees
     * @param bindKeys whether the chain verifies signatures (and so binds keys to accounts)
     * @param chainId the chain id signatures cover
     * @return the executor
     */
    public static SerialExecutor checkingKeysOnly(final StateStore store, final ProgramRegistry programs,
            final long feeCollector, final boolean bindKeys, final long chainId) {
        return new SerialExecutor(store, new TxProcessor(programs, feeCollector, false, bindKeys, chainId), feeCollector);
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
     * @throws RuntimeException or {@link Error} thrown by the store or a program (a local failure such as a full
     *         store, not a verdict on the block): the block is rolled back, the store unchanged
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
        hot.beginBlock(height);
        try {
            final long timestamp = block.timestamp();
            while (block.nextTx()) {
                executeOn(hot, block.buffer(), block.txOffset(), block.txLength(), height, timestamp, receipts);
            }
            hot.seal(height, rootOut, rootOffset);
        } catch (Throwable e) {
            // an exception or an Error (from a program or the store, e.g. a full store): the block leaves nothing
            // behind and is not refused (no status): the caller decides whether to retry with more capacity
            hot.rollback();
            throw e;
        }
        return BlockStatus.SEALED;
    }

    /**
     * Opens a block for callers that drive blocks themselves with {@link #executeTx} (benchmarks,
     * the fuzz harness); close it with {@link #seal}.
     *
     * @param height the store's sealed height + 1
     */
    public void beginBlock(final long height) {
        store.beginBlock(height);
    }

    /**
     * Seals the block opened with {@link #beginBlock}.
     *
     * @param height its height
     * @param rootOut receives the 32-byte root
     * @param rootOffset where
     */
    public void seal(final long height, final MutableDirectBuffer rootOut, final int rootOffset) {
        store.seal(height, rootOut, rootOffset);
    }

    /**
     * Executes one transaction inside the block opened with {@link #beginBlock} and appends its
     * receipt (for callers that manage blocks themselves, such as benchmarks and the fuzz harness).
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
        return executeOn(store, buffer, offset, length, height, timestamp, receipts);
    }

    private int executeOn(final StateStore target, final DirectBuffer buffer, final int offset, final int length,
            final long height, final long timestamp, final ReceiptLog receipts) {
        processor.process(target, buffer, offset, length, height, timestamp);
        final RecordingTxContext ctx = processor.context();
        if (processor.status() != TxStatus.REJECTED) {
            while (ctx.applyTo(target) != ReasonCodes.NONE) {
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
}
