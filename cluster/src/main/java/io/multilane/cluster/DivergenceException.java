package io.multilane.cluster;

/**
 * This member's state differs from the cluster's: its root after a block is not the root the log reports for that
 * block, or its store cannot be the state the log leads to. The member must stop; the message names the block
 * and both roots. Thrown on the service thread and handed to the node's {@link FatalHandler}.
 */
public final class DivergenceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message names the block and the roots involved */
    public DivergenceException(final String message) {
        super(message);
    }
}
