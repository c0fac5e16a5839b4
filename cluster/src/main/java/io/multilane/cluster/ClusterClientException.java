package io.multilane.cluster;

/**
 * Why {@link BlockClient} could not deliver a block's result: thrown by {@link BlockClient#submit} or the cause
 * with which a result's future completes exceptionally.
 */
public final class ClusterClientException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Reason {
        /** The block was not committed (or not answered) within the client's timeout. */
        TIMEOUT,
        /** The window of blocks in flight stayed full for the whole timeout. */
        BACKPRESSURE,
        /** The client was closed before the block's result arrived. */
        CLOSED,
        /** The block bytes are not a block (bad header). */
        BAD_BLOCK
    }

    private final Reason reason;

    /**
     * @param reason the reason
     * @param message names the block, the limit and the cluster state involved
     */
    public ClusterClientException(final Reason reason, final String message) {
        super(message);
        this.reason = reason;
    }

    /** @return the reason */
    public Reason reason() {
        return reason;
    }
}
