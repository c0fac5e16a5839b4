package io.multilane.pipeline;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.Sequence;
import io.multilane.affinity.Affinity;
import io.multilane.affinity.CpuLayout;
import io.multilane.affinity.CpuRole;
import io.multilane.exec.lane.CommitCursor;
import io.multilane.exec.lane.LaneCommitter;
import io.multilane.exec.receipt.ReceiptLog;
import io.multilane.exec.receipt.TxStatus;
import io.multilane.exec.serial.BlockStatus;
import io.multilane.exec.tx.BlockDescriptor;
import io.multilane.exec.tx.TxDescriptor;
import io.multilane.state.StateStore;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The commit stage: gated on all lanes, it takes slots strictly in sequence order and is the only
 * writer of committed state. Per block: checks height and parent root and opens the store's block;
 * per transaction: {@link LaneCommitter} (validate by value, apply or re-execute in place, receipt),
 * then publishes the {@link CommitCursor} for the lanes' overlays and clears the slot; at the block's
 * end: seals it (journal, root), fills the {@link BlockResult}, tells the {@link BlockListener} and
 * completes the future. A failure inside a block rolls the block back and fails its future; the engine
 * keeps running. Allocation-free per transaction and per block. Runs on the commit thread.
 */
final class CommitHandler implements EventHandler<TxSlot> {
    private static final int PROGRESS_EVERY = 64;
    /** Per-thread CPU clock (a native call; allocation-free), read twice per seal for the per-stage accounting. */
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private final StateStore store;
    private final LaneCommitter committer;
    private final CommitCursor cursor;
    private final EngineStats stats;
    private final CpuLayout pinning;
    private LaneGate gate;
    private final UnsafeBuffer root = new UnsafeBuffer(new byte[BlockDescriptor.ROOT_LENGTH]);
    private final UnsafeBuffer oversize = new UnsafeBuffer(new byte[TxDescriptor.MAX_LENGTH + 65_536]);
    private volatile BlockListener listener;
    private volatile long completed = -1;
    private volatile long sealedHeight;
    private Sequence progress;
    private BlockResult current;
    private boolean open;
    private RuntimeException failure;

    CommitHandler(final StateStore store, final LaneCommitter committer, final CommitCursor cursor,
            final EngineStats stats, final CpuLayout pinning) {
        this.store = store;
        this.committer = committer;
        this.cursor = cursor;
        this.stats = stats;
        this.pinning = pinning;
        this.sealedHeight = store.sealedHeight();
    }

    @Override
    public void setSequenceCallback(final Sequence sequenceCallback) {
        this.progress = sequenceCallback;
    }

    @Override
    public void onStart() {
        if (pinning != null) {
            Affinity.pinCurrentThread(pinning, CpuRole.COMMIT);
        }
    }

    @Override
    public void onShutdown() {
        if (open) {
            store.rollback();
            open = false;
            current.fail(new EngineException(EngineException.Reason.CLOSED,
                    "engine closed with block " + current.height + " in flight: rolled back", null));
            current = null;
        }
        if (pinning != null) {
            Affinity.unpinCurrentThread();
        }
    }

    @Override
    public void onEvent(final TxSlot slot, final long sequence, final boolean endOfBatch) {
        switch (slot.kind) {
            case TxSlot.BLOCK_BEGIN:
                beginBlock(slot.block);
                cursor.publish(sequence);
                break;
            case TxSlot.TX:
                if (open) {
                    commitTx(slot, sequence);
                }
                cursor.publish(sequence);
                break;
            case TxSlot.BLOCK_END:
                endBlock(slot, sequence);
                cursor.publish(sequence);
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

    void gate(final LaneGate g) {
        this.gate = g;
    }

    private void beginBlock(final BlockResult block) {
        current = block;
        failure = null;
        block.receipts().clear();
        if (block.height != store.sealedHeight() + 1) {
            block.status = BlockStatus.WRONG_HEIGHT;
            return;
        }
        store.root(root, 0);
        for (int i = 0; i < BlockDescriptor.ROOT_LENGTH; i += 8) {
            if (root.getLong(i) != block.parentRoot().getLong(i)) {
                block.status = BlockStatus.PARENT_ROOT_MISMATCH;
                return;
            }
        }
        try {
            store.beginBlock(block.height);
            open = true;
        } catch (RuntimeException e) {
            failure = e;
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
                outcome = committer.commit(oversize, 0, slot.length, block.height, block.timestamp, slot.result, receipts);
            } else {
                outcome = committer.commit(slot.tx, 0, slot.length, block.height, block.timestamp, slot.result, receipts);
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
        } catch (RuntimeException e) {
            store.rollback();
            open = false;
            failure = e;
        }
        block.commitNanos += System.nanoTime() - start;
    }

    /** Seals and reports the block; frees the ring up to its end first, so a caller woken by it finds room. */
    private void endBlock(final TxSlot slot, final long sequence) {
        final BlockResult block = current;
        current = null;
        for (int i = 0; i < slot.laneNanos.length; i++) {
            block.executeNanos += slot.laneNanos[i];
            slot.laneNanos[i] = 0;
        }
        slot.clear();
        progress.set(sequence);
        gate.freed();
        if (open) {
            final long start = System.nanoTime();
            final long cpuStart = CPU.getCurrentThreadCpuTime();
            try {
                store.seal(block.height, block.rootBuffer(), 0);
                block.status = BlockStatus.SEALED;
                sealedHeight = block.height;
            } catch (RuntimeException e) {
                store.rollback();
                failure = e;
            }
            open = false;
            block.sealNanos = System.nanoTime() - start;
            block.sealCpuNanos = CPU.getCurrentThreadCpuTime() - cpuStart;
        }
        block.latencyNanos = System.nanoTime() - block.submitNanos;
        completed = sequence;
        if (failure != null) {
            final RuntimeException e = failure;
            failure = null;
            block.fail(new EngineException(EngineException.Reason.BLOCK_FAILED,
                    "block " + block.height + " failed at commit and was rolled back: " + e, e));
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
            }
        }
        block.complete();
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
