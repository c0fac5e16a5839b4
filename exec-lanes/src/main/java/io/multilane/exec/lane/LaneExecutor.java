package io.multilane.exec.lane;

import com.lmax.disruptor.Sequence;
import io.multilane.exec.context.RecordingTxContext;
import io.multilane.exec.context.TxProcessor;
import io.multilane.exec.program.ProgramRegistry;
import io.multilane.exec.receipt.TxStatus;
import io.multilane.exec.sig.SignedPayload;
import io.multilane.state.StateReader;
import io.multilane.state.U128;
import io.multilane.state.key.KeyType;
import io.multilane.state.key.StateKeys;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Speculative execution of one lane: runs a transaction through the shared {@link TxProcessor}
 * against committed state plus the lane's own uncommitted writes ({@link LaneView}), leaves the
 * outcome in the transaction's {@link LaneResult}, and records the transaction's writes in the lane's
 * {@link LaneOverlay} under the transaction's ring sequence.
 *
 * <p>Credits are commutative and are not reads, but a later transaction of the lane may read the
 * credited key (a pool paying out the token it just received, a receiver spending what it got), so
 * each credit is materialized into the overlay as the lane's current view of the key plus the amount.
 * Without that, one lane measured 35% re-executions on the DeFi mix (receivers' token balances),
 * with it under 5%. The fee collector, credited by every transaction and read by none, is left out.
 * This is a speed measure only: every value a lane reads is validated at commit.
 *
 * <p>Anything thrown out of the processor, {@link Error}s included (programs' own runtime exceptions are already
 * faults), marks the result {@link LaneResult#LANE_ERROR}: the commit stage re-executes it with every check, and
 * what that re-execution throws halts the engine, as it would end the serial executor's block. Owned by one lane
 * thread; allocation-free after construction.
 */
public final class LaneExecutor {
    private final TxProcessor processor;
    private final LaneOverlay overlay;
    private final LaneView view;
    private final Sequence cursor;
    private final long feeCollector;
    private final UnsafeBuffer key = new UnsafeBuffer(new byte[StateKeys.LENGTH]);
    private final UnsafeBuffer value = new UnsafeBuffer(new byte[LaneOverlay.VALUE_STRIDE]);
    private final U128 amount = new U128();
    private long executed;
    private long errors;

    /**
     * @param committed committed state
     * @param cursor the commit stage's progress
     * @param programs this lane's programs
     * @param feeCollector account credited with fees
     * @param verifySignatures whether the lane checks signatures (stateless, so lanes do it in parallel)
     * @param overlayCapacity entries of the lane's overlay
     */
    public LaneExecutor(final StateReader committed, final Sequence cursor, final ProgramRegistry programs,
            final long feeCollector, final boolean verifySignatures, final int overlayCapacity) {
        this(committed, cursor, programs, feeCollector, verifySignatures, overlayCapacity, SignedPayload.DEFAULT_CHAIN_ID);
    }

    /**
     * @param committed committed state
     * @param cursor the commit stage's progress
     * @param programs this lane's programs
     * @param feeCollector account credited with fees
     * @param verifySignatures whether the lane checks signatures (stateless, so lanes do it in parallel)
     * @param overlayCapacity entries of the lane's overlay
     * @param chainId the chain id signatures cover
     */
    public LaneExecutor(final StateReader committed, final Sequence cursor, final ProgramRegistry programs,
            final long feeCollector, final boolean verifySignatures, final int overlayCapacity, final long chainId) {
        this.processor = new TxProcessor(programs, feeCollector, verifySignatures, chainId);
        this.overlay = new LaneOverlay(overlayCapacity);
        this.cursor = cursor;
        this.feeCollector = feeCollector;
        this.view = new LaneView(committed, overlay, cursor);
    }

    /**
     * Executes one transaction speculatively.
     *
     * @param buffer buffer holding the transaction
     * @param offset its offset
     * @param length its framed length
     * @param height block height
     * @param timestamp block timestamp
     * @param sequence its ring sequence (orders overlay entries against the commit cursor)
     * @param out receives the outcome
     */
    public void execute(final DirectBuffer buffer, final int offset, final int length, final long height,
            final long timestamp, final long sequence, final LaneResult out) {
        executed++;
        try {
            processor.process(view, buffer, offset, length, height, timestamp);
            out.capture(processor, view, feeCollector);
            if (out.outcome() == LaneResult.EXECUTED && processor.status() != TxStatus.REJECTED) {
                recordWrites(sequence, out);
            }
        } catch (Throwable e) {
            // whatever it is (an Error too), the commit stage re-executes it and decides, as the serial executor would
            errors++;
            out.requireReexecution(LaneResult.LANE_ERROR);
        }
    }

    private void recordWrites(final long sequence, final LaneResult out) {
        final RecordingTxContext ctx = processor.context();
        final long committed = cursor.get();
        final int reads = ctx.readCount();
        for (int s = 0; s < reads; s++) {
            if (ctx.isWritten(s)) {
                overlay.put(ctx.readKeys(), s * StateKeys.LENGTH, ctx.records(), ctx.recordOffset(s), ctx.slotLength(s),
                        sequence, committed);
            }
        }
        final int credits = ctx.creditCount();
        for (int c = 0; c < credits; c++) {
            final KeyType type = ctx.creditType(c);
            if (type == KeyType.ACCOUNT && ctx.creditId1(c) == feeCollector) {
                continue;
            }
            StateKeys.encode(key, 0, type, ctx.creditId1(c), ctx.creditId2(c), 0);
            final int length = type.recordLength();
            out.creditBase(c, value, 0);
            if (U128.addAt(value, 0, ctx.creditAmount(c, amount))) {
                overlay.put(key, 0, value, 0, length, sequence, committed);
            }
        }
    }

    /** @return transactions executed by this lane */
    public long executed() {
        return executed;
    }

    /** @return executions that ended in an unexpected exception */
    public long errors() {
        return errors;
    }

    /** @return the lane's overlay */
    public LaneOverlay overlay() {
        return overlay;
    }
}
