package io.multilane.cluster;

import io.multilane.exec.receipt.BlockStatus;
import io.multilane.exec.tx.BlockDescriptor;
import io.multilane.state.root.RootHex;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The cluster's answer to one submitted block, as {@link BlockClient} delivers it: committed by this submission
 * ({@link #status()} SEALED), committed earlier ({@link #duplicate()}: the re-offer was refused as WRONG_HEIGHT and
 * answered with the committed result), or refused ({@link #status()} names why). Immutable; any thread.
 */
public final class ClusterResult {
    private final long height;
    private final int status;
    private final boolean duplicate;
    private final boolean committedKnown;
    private final int transactions;
    private final int failed;
    private final long commitTimestamp;
    private final UnsafeBuffer root;
    private final long latencyNanos;
    private final int leaderMemberId;
    private final long receivedNanos = System.nanoTime();

    ClusterResult(final long height, final int status, final boolean duplicate, final DirectBuffer reply,
            final int offset, final long latencyNanos, final int leaderMemberId) {
        this.height = height;
        this.status = status;
        this.duplicate = duplicate;
        this.committedKnown = (reply.getByte(offset + ClusterMessages.FLAGS_OFFSET) & ClusterMessages.FLAG_COMMITTED) != 0;
        this.transactions = reply.getInt(offset + ClusterMessages.TRANSACTIONS_OFFSET, ClusterMessages.ORDER);
        this.failed = reply.getInt(offset + ClusterMessages.FAILED_OFFSET, ClusterMessages.ORDER);
        this.commitTimestamp = reply.getLong(offset + ClusterMessages.TIMESTAMP_OFFSET, ClusterMessages.ORDER);
        this.root = new UnsafeBuffer(new byte[BlockDescriptor.ROOT_LENGTH]);
        this.root.putBytes(0, reply, offset + ClusterMessages.ROOT_OFFSET, BlockDescriptor.ROOT_LENGTH);
        this.latencyNanos = latencyNanos;
        this.leaderMemberId = leaderMemberId;
    }

    /** @return the block's height */
    public long height() {
        return height;
    }

    /** @return {@link BlockStatus} of this submission, or {@link EngineService#STATUS_TOO_LARGE} */
    public int status() {
        return status;
    }

    /** @return whether the block is committed (by this submission or, for a duplicate, earlier) */
    public boolean committed() {
        return status == BlockStatus.SEALED || duplicate;
    }

    /** @return whether the block had been committed before this submission reached the log */
    public boolean duplicate() {
        return duplicate;
    }

    /**
     * @return whether the counts, commit time and root are known (always for a fresh commit; for a duplicate the
     *         answering member may have skipped the block after a restart or forgotten it, {@link BlockLedger#CAPACITY})
     */
    public boolean committedKnown() {
        return committedKnown;
    }

    /** @return transactions committed (entries of the block) */
    public int transactions() {
        return transactions;
    }

    /** @return receipts that did not succeed */
    public int failed() {
        return failed;
    }

    /** @return the cluster's log timestamp of the commit (milliseconds, the cluster's clock) */
    public long commitTimestamp() {
        return commitTimestamp;
    }

    /** @return the 32-byte state root after the block */
    public DirectBuffer root() {
        return root;
    }

    /** @return the root in hex */
    public String rootHex() {
        return RootHex.of(root);
    }

    /** @return from {@link BlockClient#submit} to this result */
    public long latencyNanos() {
        return latencyNanos;
    }

    /** @return {@link System#nanoTime()} when the client received the result */
    public long receivedNanos() {
        return receivedNanos;
    }

    /** @return the leader the result came from */
    public int leaderMemberId() {
        return leaderMemberId;
    }

    @Override
    public String toString() {
        return "ClusterResult{height=" + height + ", status=" + BlockStatus.name(status) + ", duplicate=" + duplicate
                + ", transactions=" + transactions + ", failed=" + failed + ", root=" + rootHex() + '}';
    }
}
