package io.multilane.pipeline;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.Sequence;
import io.multilane.affinity.Affinity;
import io.multilane.affinity.CpuLayout;
import io.multilane.affinity.CpuRole;
import io.multilane.exec.lane.LaneExecutor;
import io.multilane.exec.receipt.ReasonCodes;
import io.multilane.exec.tx.TxDescriptor;
import org.agrona.concurrent.IdleStrategy;

/**
 * One execution lane: sees every slot, executes the transactions routed to it speculatively
 * ({@link LaneExecutor}) and leaves their outcomes in the slots. Publishes its progress after each of
 * its transactions and then helps commit ({@link CommitHandler#help}): the lane that completes a run of
 * committable slots commits it, so no thread waits for the lanes. Stays within the configured lead of the
 * commit role, committing itself while it waits (idling as its {@link WaitKind} says). In direct mode
 * ({@link EngineConfig#direct}: one lane) it executes nothing ahead: it passes the slots and, holding the commit
 * role, executes them in order. Pins itself in
 * {@link #onStart} when a layout is configured. Runs on its own thread (a Disruptor {@code BatchEventProcessor}).
 */
final class LaneHandler implements EventHandler<TxSlot> {
    /**
     * Committable slots a lane lets gather before it takes the commit role between two of its transactions
     * (at the end of a batch, or when waiting, it commits whatever is there): a stint then spreads the role's
     * fixed costs (the hand-over, two reads of the thread's CPU clock) over many transactions.
     */
    private static final int COMMIT_BATCH = 32;
    private final int lane;
    /** Null in direct mode, where the lane executes nothing speculatively. */
    private final LaneExecutor executor;
    private final LaneGate gate;
    private final CommitHandler commit;
    private final CpuLayout pinning;
    private final Sequence cursor;
    private final int maxLead;
    private final IdleStrategy idle;
    private final boolean direct;
    private Sequence progress;
    private long height;
    private long timestamp;
    private long busyNanos;

    LaneHandler(final int lane, final LaneExecutor executor, final LaneGate gate, final CommitHandler commit,
            final CpuLayout pinning, final Sequence cursor, final int maxLead, final WaitKind waitKind,
            final boolean direct) {
        this.lane = lane;
        this.executor = executor;
        this.gate = gate;
        this.commit = commit;
        this.pinning = pinning;
        this.cursor = cursor;
        this.maxLead = maxLead;
        this.idle = waitKind.newLaneIdle(gate, lane, cursor);
        this.direct = direct;
    }

    @Override
    public void setSequenceCallback(final Sequence sequenceCallback) {
        this.progress = sequenceCallback;
    }

    @Override
    public void onStart() {
        if (pinning != null) {
            Affinity.pinCurrentThread(pinning, CpuRole.lane(lane));
        }
    }

    @Override
    public void onShutdown() {
        if (pinning != null) {
            Affinity.unpinCurrentThread();
        }
    }

    @Override
    public void onEvent(final TxSlot slot, final long sequence, final boolean endOfBatch) {
        switch (slot.kind) {
            case TxSlot.TX:
                if (direct) {
                    // the only lane: it passes the slots published so far, then executes them in one stint of the
                    // commit role (whose fixed costs, two reads of the thread's CPU clock, are then paid per batch)
                    if (endOfBatch) {
                        progress.set(sequence);
                        commit.help();
                    }
                    return;
                }
                if (slot.lane == lane) {
                    if (sequence - cursor.get() > maxLead) {
                        awaitCommit(sequence);
                    }
                    final long start = System.nanoTime();
                    if (slot.length > TxDescriptor.MAX_LENGTH) {
                        slot.result.rejectStateless(ReasonCodes.MALFORMED);
                    } else {
                        executor.execute(slot.tx, 0, slot.length, height, timestamp, sequence, slot.result);
                    }
                    busyNanos += System.nanoTime() - start;
                    progress.set(sequence);
                    if (endOfBatch || commit.backlog() >= COMMIT_BATCH) {
                        commit.help();
                    }
                    return;
                }
                break;
            case TxSlot.BLOCK_BEGIN:
                height = slot.block.height;
                timestamp = slot.block.timestamp;
                break;
            case TxSlot.BLOCK_END:
            case TxSlot.BLOCK_REFUSED:
                slot.laneNanos[lane] = busyNanos;
                busyNanos = 0;
                break;
            default:
                break;
        }
        if (endOfBatch) {
            progress.set(sequence);
            commit.help();
        }
    }

    /**
     * Holds the lane within {@code maxLead} slots of the commit stage: what a lane executes further ahead is
     * mostly stale by the time it is validated (other lanes' writes), and the CPU is better spent committing:
     * publishes this lane's progress and commits what it can, or helps with the seal the role is running, then waits
     * for the other lanes.
     */
    private void awaitCommit(final long sequence) {
        progress.set(sequence - 1);
        idle.reset();
        while (sequence - cursor.get() > maxLead && !gate.isAlerted()) {
            commit.help();
            if (sequence - cursor.get() <= maxLead) {
                break;
            }
            if (commit.assistSeal(true)) {
                idle.reset();
                continue;
            }
            idle.idle();
        }
    }
}
