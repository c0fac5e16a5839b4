package io.multilane.pipeline;

/**
 * Why the engine refused a block or could not finish it: thrown by {@link Engine#submit} (refusals), or
 * the cause with which a block's future completes exceptionally (the block did not commit and the store
 * holds the state before it). Thrown on the submitting thread or delivered through the future.
 */
public final class EngineException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Reason {
        /** {@link Engine#submit} after {@link Engine#close}, or a block still queued when the engine closed. */
        CLOSED,
        /** More entries or bytes than the configured maximum block size. */
        BLOCK_TOO_LARGE,
        /** The ring had no room for the block and the engine rejects instead of waiting. */
        RING_FULL,
        /**
         * A local failure on the commit path (a full store, an I/O error, a {@link Error}) halted the engine: the
         * block was rolled back and is not invalid; this and every later block must be submitted again after a
         * restart (with more capacity, if the store was full). The cause is attached.
         */
        HALTED
    }

    private final Reason reason;

    /**
     * @param reason the reason
     * @param message a message naming the limit or state involved
     * @param cause the underlying failure, or null
     */
    public EngineException(final Reason reason, final String message, final Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** @return the reason */
    public Reason reason() {
        return reason;
    }
}
