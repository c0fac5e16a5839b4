package io.multilane.pipeline;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.atomic.AtomicInteger;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import io.multilane.exec.lane.LaneCommitter;
import io.multilane.exec.lane.LaneResult;
import io.multilane.exec.receipt.BlockStatus;
import io.multilane.exec.receipt.ReceiptLog;
import io.multilane.exec.receipt.TxStatus;
import io.multilane.exec.tx.BlockDescriptor;
import io.multilane.exec.tx.TxDescriptor;
import io.multilane.state.StateStore;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The commit stage, run as a role rather than a thread: whichever lane thread finds slots that every lane
 * has passed takes the role ({@link #help}, a compare-and-set; the role's release and re-check hand over
 * committed state and guarantee that no committable slot is left behind), commits them strictly in sequence
 * order and is, while it holds the role, the only writer of committed state. On a small machine no thread
 * waits for the lanes: the lanes are the committers (Block-STM's collaborative scheduling, where every worker
 * both executes and validates). Per block: checks height and parent root and opens the store's block;
 * per transaction: {@link LaneCommitter} (validate by value, apply or re-execute in place, receipt),
 * then publishes the commit cursor ({@link Sequence}) for the lanes' overlays and clears the slot; at the block's
 * end: seals it (journal, root), fills the {@link BlockResult}, tells the {@link BlockListener} and
 * completes the future.
 *
 * <p>Nothing on the commit path depends on the block's content being good (programs' exceptions are already
 * failed receipts), so anything thrown there (a full store, an I/O error, a {@link Error} from a program or the
 * store) is a local failure: the block is rolled back and the engine <em>halts</em> ({@link #halted}): that
 * block and every later one fail with {@link EngineException.Reason#HALTED} and no {@link
 * io.multilane.exec.receipt.BlockStatus}, never as invalid, so the same blocks commit after a restart (with more
 * capacity, if the store was full). A {@link Error} thrown by the listener halts it too, after the sealed block
 * completes. Allocation-free per transaction and per block. {@link #help} is called by lane threads;
 * {@link #shutdown} by the closing thread once the lanes have stopped.
 */
final class CommitHandler {
    private static final int PROGRESS_EVERY = 64;
    /** Per-thread CPU clock (a native call; allocation-free), read twice per seal for the per-stage accounting. */
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private final StateStore store;
    private final LaneCommitter committer;
    private final Sequence cursor;
    private final EngineStats stats;
    private final boolean checkParentRoot;
    private final boolean direct;
    private final AtomicInteger role = new AtomicInteger();
    private final Sequence progress = new Sequence();
    private RingBuffer<TxSlot> ring;
    private LaneGate gate;
    private final UnsafeBuffer root = new UnsafeBuffer(new byte[BlockDescriptor.ROOT_LENGTH]);
    private final UnsafeBuffer oversize = new UnsafeBuffer(new byte[TxDescriptor.MAX_LENGTH + 65_536]);
    private volatile BlockListener listener;
    private volatile long completed = -1;
    private volatile long sealedHeight;
    private BlockResult current;
    private boolean open;
    /** Why the engine halted (the first local failure on the commit path), or null. */
    private volatile Throwable halted;
    private long haltedHeight;

    /**
     * @param store the committed store
     * @param committer the lane protocol's commit side
     * @param cursor published after each slot, for the lanes' overlays
     * @param stats running totals
     * @param checkParentRoot whether a block's parent root must equal the current root (a follower); a producer
     *                        that submits blocks before their parents are sealed turns it off
     * @param direct whether transactions are executed here, in order, instead of validated and applied (one lane)
     */
    CommitHandler(final StateStore store, final LaneCommitter committer, final Sequence cursor,
            final EngineStats stats, final boolean checkParentRoot, final boolean direct) {
        this.store = store;
        this.committer = committer;
        this.cursor = cursor;
        this.stats = stats;
        this.checkParentRoot = checkParentRoot;
        this.direct = direct;
        this.sealedHeight = store.sealedHeight();
    }

    /** @return the sequence of the last slot committed and released (the ring's gating sequence) */
    Sequence sequence() {
        return progress;
    }

    void wire(final RingBuffer<TxSlot> r, final LaneGate g) {
        this.ring = r;
        this.gate = g;
    }

    /** @return slots that every lane has passed and the commit role has not taken yet */
    long backlog() {
        return gate.available() - progress.get();
    }

    /**
     * Called by a lane thread after it has published its progress: commits every slot that all lanes have
     * passed, unless another thread holds the role. The holder re-checks after releasing it, so a slot made
     * committable while it held the role is never left behind. Once the engine is closing after its timeout
     * ({@link LaneGate#alert}), nothing more is committed: the closing thread rolls back the open block.
     */
    void help() {
        while (gate.available() > progress.get() && !gate.isAlerted() && role.compareAndSet(0, 1)) {
            final long start = CPU.getCurrentThreadCpuTime();
            try {
                final long available = gate.available();
                for (long s = progress.get() + 1; s <= available; s++) {
                    onEvent(ring.get(s), s, s == available);
                }
            } finally {
                stats.addCommitRole(CPU.getCurrentThreadCpuTime() - start);
                role.set(0);
            }
        }
    }

    /**
     * Any thread that would otherwise wait (a lane held back, a submitter waiting for room): does a share of the seal
     * the commit role is running, if any ({@link StateStore#assistSeal}), and counts its CPU as the seal's.
     *
     * @param lane whether the caller is a lane thread (else a submitter), for the per-stage accounting
     * @return whether it did any
     */
    boolean assistSeal(final boolean lane) {
        if (!store.sealOpen()) {
            return false;
        }
        final long start = CPU.getCurrentThreadCpuTime();
        final boolean helped = store.assistSeal();
        stats.addSealAssist(CPU.getCurrentThreadCpuTime() - start, lane);
        return helped;
    }

    /** Closing thread, after the lanes stopped: rolls back a block still open and fails its result. */
    void shutdown() {
        if (open) {
            store.rollback();
            open = false;
            current.fail(new EngineException(EngineException.Reason.CLOSED,
                    "engine closed with block " + current.height + " in flight: rolled back", null));
            current = null;
        }
    }

    private void onEvent(final TxSlot slot, final long sequence, final boolean endOfBatch) {
        switch (slot.kind) {
            case TxSlot.BLOCK_BEGIN:
                beginBlock(slot.block);
                cursor.set(sequence);
                break;
            case TxSlot.TX:
                if (open) {
                    commitTx(slot, sequence);
                }
                cursor.set(sequence);
                break;
            case TxSlot.BLOCK_END:
                endBlock(slot, sequence);
                cursor.set(sequence);
                gate.committed();
                return;
            case TxSlot.BLOCK_REFUSED:
                refuseBlock(slot, sequence);
                cursor.set(sequence);
                gate.committed();
                return;
            default:
                break;
        }
        slot.clear();
        gate.committed();
        if (endOfBatch || (sequence & (PROGRESS_EVERY - 1)) == 0) {
            progress.set(sequence);
            gate.freed();
        }
    }

    private void beginBlock(final BlockResult block) {
        block.beginNanos = System.nanoTime();
        current = block;
        block.receipts().clear();
        if (halted != null) {
            return;
        }
        if (block.height != store.sealedHeight() + 1) {
            block.status = BlockStatus.WRONG_HEIGHT;
            return;
        }
        if (checkParentRoot) {
            store.root(root, 0);
            for (int i = 0; i < BlockDescriptor.ROOT_LENGTH; i += 8) {
                if (root.getLong(i) != block.parentRoot().getLong(i)) {
                    block.status = BlockStatus.PARENT_ROOT_MISMATCH;
                    return;
                }
            }
        }
        try {
            store.beginBlock(block.height);
            open = true;
        } catch (Throwable e) {
            halt(block, e);
        }
    }

    /** Rolls back the open block (if any) and halts the engine on a local failure at {@code block}. */
    private void halt(final BlockResult block, final Throwable cause) {
        if (open) {
            open = false;
            try {
                store.rollback();
            } catch (Throwable again) {
                cause.addSuppressed(again);
            }
        }
        if (halted == null) {
            haltedHeight = block.height;
            halted = cause;
        }
    }

    private void commitTx(final TxSlot slot, final long sequence) {
        final BlockResult block = current;
        final long start = System.nanoTime();
        final ReceiptLog receipts = block.receipts();
        try {
            final int outcome;
            if (slot.length > TxDescriptor.MAX_LENGTH) {
                oversize.putBytes(0, slot.tx, 0, TxDescriptor.MAX_LENGTH);
                outcome = commit(oversize, slot.length, block, slot.result, receipts);
            } else {
                outcome = commit(slot.tx, slot.length, block, slot.result, receipts);
            }
            block.transactions++;
            if (outcome == LaneCommitter.REEXECUTED) {
                block.reexecuted++;
            } else {
                block.credits += slot.result.creditCount();
                if (outcome == LaneCommitter.REBASED) {
                    block.rebased++;
                }
            }
            if (committer.lastStatus() != TxStatus.SUCCESS) {
                block.countFailure(receipts.reason(receipts.count() - 1));
            }
        } catch (Throwable e) {
            halt(block, e);
        }
        block.commitNanos += System.nanoTime() - start;
    }

    private int commit(final UnsafeBuffer tx, final int length, final BlockResult block, final LaneResult result,
            final ReceiptLog receipts) {
        return direct ? committer.executeDirectly(tx, 0, length, block.height, block.timestamp, receipts)
                : committer.commit(tx, 0, length, block.height, block.timestamp, result, receipts);
    }

    /** Seals and reports the block; frees the ring up to its end first, so a caller woken by it finds room. */
    private void endBlock(final TxSlot slot, final long sequence) {
        final BlockResult block = freeLastSlot(slot, sequence);
        if (open) {
            final long start = System.nanoTime();
            final long cpuStart = CPU.getCurrentThreadCpuTime();
            gate.sealing();
            try {
                store.seal(block.height, block.rootBuffer(), 0);
                block.status = BlockStatus.SEALED;
                sealedHeight = block.height;
                open = false;
            } catch (Throwable e) {
                halt(block, e);
            }
            block.sealNanos = System.nanoTime() - start;
            block.sealCpuNanos = CPU.getCurrentThreadCpuTime() - cpuStart;
            stats.addSeal(block.sealNanos, block.sealCpuNanos);
        }
        block.latencyNanos = System.nanoTime() - block.submitNanos;
        completed = sequence;
        if (halted != null && block.status != BlockStatus.SEALED) {
            block.status = -1;
            block.fail(haltedException("block " + block.height + " was not executed"));
            return;
        }
        if (block.status == BlockStatus.SEALED) {
            stats.add(block);
        }
        final BlockListener l = listener;
        if (l != null) {
            try {
                l.onBlock(block);
            } catch (RuntimeException e) {
                stats.listenerError();
            } catch (Error e) {
                stats.listenerError();
                if (halted == null) {
                    haltedHeight = block.height + 1;
                    halted = e;
                }
            }
        }
        block.complete();
    }

    /**
     * The block's last slot (its end, or its refusal): takes the block out of the role, adds the lanes' time on it,
     * and frees the ring up to this slot, so a caller woken by the block's outcome finds room.
     */
    private BlockResult freeLastSlot(final TxSlot slot, final long sequence) {
        final BlockResult block = current;
        current = null;
        for (int i = 0; i < slot.laneNanos.length; i++) {
            block.executeNanos += slot.laneNanos[i];
            slot.laneNanos[i] = 0;
        }
        slot.clear();
        progress.set(sequence);
        gate.freed();
        return block;
    }

    /**
     * The ingress cut the block (more entries than allowed): rolls back what of it was committed, seals nothing, tells
     * no listener, and hands the result back to the submitter, which waits for it and reports the refusal.
     */
    private void refuseBlock(final TxSlot slot, final long sequence) {
        final BlockResult block = freeLastSlot(slot, sequence);
        if (open) {
            open = false;
            try {
                store.rollback();
            } catch (Throwable e) {
                halt(block, e);
            }
        }
        completed = sequence;
        block.handBack();
    }

    /** @return why the engine halted, or null while it runs (any thread) */
    Throwable halted() {
        return halted;
    }

    /** @return an exception telling a caller that the engine halted, and why */
    EngineException haltedException(final String what) {
        final Throwable cause = halted;
        return new EngineException(EngineException.Reason.HALTED, what + ": the engine halted at block " + haltedHeight
                + " on a local failure (" + cause + "). The blocks from " + haltedHeight + " on were rolled back and are"
                + " not invalid: fix the cause (a full store: raise StateConfig.entries), restart, and submit them again",
                cause);
    }

    void listener(final BlockListener l) {
        this.listener = l;
    }

    /** @return sequence of the last block end processed (any thread) */
    long completed() {
        return completed;
    }

    /** @return height of the last sealed block (any thread) */
    long sealedHeight() {
        return sealedHeight;
    }
}
