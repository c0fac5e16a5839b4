package io.multilane.exec.lane;

import io.multilane.exec.context.RecordingTxContext;
import io.multilane.exec.program.ProgramRegistry;
import io.multilane.exec.receipt.ReasonCodes;
import io.multilane.exec.receipt.ReceiptLog;
import io.multilane.exec.receipt.TxStatus;
import io.multilane.exec.serial.SerialExecutor;
import io.multilane.exec.sig.SignedPayload;
import io.multilane.exec.tx.TxFlyweight;
import io.multilane.state.StateStore;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The commit side of the lane protocol, for one transaction at a time in sequence order: a stateless
 * rejection is final; an execution whose every value seen still equals committed state is applied as
 * the lane recorded it (that execution is the serial one), as is one where only the sender's account
 * changed and the program never used it (the envelope is rebased: {@link LaneResult#validate}); anything else (a value changed, a credit
 * that overflows now, a program fault, a lane error) is re-executed in place against committed state
 * by a {@link SerialExecutor}, which is the serial semantics by definition. Appends exactly one
 * receipt per transaction. The thread that owns the store (the commit stage) is the only caller.
 */
public final class LaneCommitter {
    /** The lane's execution was applied as recorded (or its stateless rejection kept). */
    public static final int APPLIED = 0;
    /** The transaction was re-executed at commit. */
    public static final int REEXECUTED = 1;
    /** Applied as recorded except the sender account, rebased on its committed value ({@link LaneResult#REBASED}). */
    public static final int REBASED = 2;
    /** Executed directly at commit, with nothing speculated ({@link #executeDirectly}). */
    public static final int DIRECT = 3;

    private final StateStore store;
    private final SerialExecutor reexecutor;
    private final SerialExecutor verifyingReexecutor;
    private final TxFlyweight tx = new TxFlyweight();
    private final UnsafeBuffer validateScratch = new UnsafeBuffer(new byte[LaneOverlay.VALUE_STRIDE]);
    private final UnsafeBuffer creditScratch =
            new UnsafeBuffer(new byte[RecordingTxContext.CREDIT_STRIDE * RecordingTxContext.MAX_CREDITS]);
    private int lastStatus;

    /**
     * @param store the committed store; this committer becomes (part of) its writer
     * @param programs programs for re-execution on the commit thread
     * @param feeCollector account credited with fees
     * @param verifySignatures whether signatures are verified (re-execution after a lane error checks them again)
     */
    public LaneCommitter(final StateStore store, final ProgramRegistry programs, final long feeCollector,
            final boolean verifySignatures) {
        this(store, programs, feeCollector, verifySignatures, SignedPayload.DEFAULT_CHAIN_ID);
    }

    /**
     * @param store the committed store; this committer becomes (part of) its writer
     * @param programs programs for re-execution on the commit thread
     * @param feeCollector account credited with fees
     * @param verifySignatures whether signatures are verified (re-execution after a lane error checks them again)
     * @param chainId the chain id signatures cover
     */
    public LaneCommitter(final StateStore store, final ProgramRegistry programs, final long feeCollector,
            final boolean verifySignatures, final long chainId) {
        this.store = store;
        // a lane verified the signature already; the envelope's key binding (state) is checked again here
        this.reexecutor = SerialExecutor.checkingKeysOnly(store, programs, feeCollector, verifySignatures, chainId);
        this.verifyingReexecutor = verifySignatures ? new SerialExecutor(store, programs, feeCollector, true, chainId)
                : reexecutor;
    }

    /**
     * Commits one transaction inside the store's open block and appends its receipt.
     *
     * @param buffer buffer holding the transaction
     * @param offset its offset
     * @param length its framed length
     * @param height block height
     * @param timestamp block timestamp
     * @param result the lane's outcome
     * @param receipts receives the receipt
     * @return {@link #APPLIED} or {@link #REEXECUTED}
     */
    public int commit(final DirectBuffer buffer, final int offset, final int length, final long height,
            final long timestamp, final LaneResult result, final ReceiptLog receipts) {
        switch (result.outcome()) {
            case LaneResult.STATELESS_REJECT:
                tx.wrap(buffer, offset, length);
                receipts.add(TxStatus.REJECTED, result.reason(), 0, tx, result.events(), 0, 0);
                lastStatus = TxStatus.REJECTED;
                return APPLIED;
            case LaneResult.EXECUTED:
                tx.wrap(buffer, offset, length);
                final int verdict = result.validate(store, validateScratch, tx.sender(), tx.nonce(), tx.fee());
                if (verdict != LaneResult.MISMATCH
                        && (result.status() == TxStatus.REJECTED || result.applyTo(store, creditScratch) == ReasonCodes.NONE)) {
                    final int status = result.status();
                    receipts.add(status, result.reason(), result.fee(), tx, result.events(), 0,
                            status == TxStatus.SUCCESS ? result.eventCount() : 0);
                    lastStatus = status;
                    return verdict == LaneResult.REBASED ? REBASED : APPLIED;
                }
                lastStatus = reexecutor.executeTx(buffer, offset, length, height, timestamp, receipts);
                return REEXECUTED;
            case LaneResult.LANE_ERROR:
            case LaneResult.EMPTY:
                lastStatus = verifyingReexecutor.executeTx(buffer, offset, length, height, timestamp, receipts);
                return REEXECUTED;
            default:
                lastStatus = reexecutor.executeTx(buffer, offset, length, height, timestamp, receipts);
                return REEXECUTED;
        }
    }

    /**
     * Executes one transaction directly on committed state inside the store's open block, with every check the
     * serial executor makes (signature included when configured), and appends its receipt: the serial semantics
     * with no speculation to validate (the engine's single-lane mode).
     *
     * @return {@link #DIRECT}
     */
    public int executeDirectly(final DirectBuffer buffer, final int offset, final int length, final long height,
            final long timestamp, final ReceiptLog receipts) {
        lastStatus = verifyingReexecutor.executeTx(buffer, offset, length, height, timestamp, receipts);
        return DIRECT;
    }

    /** @return the receipt status of the last committed transaction */
    public int lastStatus() {
        return lastStatus;
    }
}
