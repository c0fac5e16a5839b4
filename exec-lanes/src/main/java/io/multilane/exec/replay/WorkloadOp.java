package io.multilane.exec.replay;

/**
 * One row of a workload's {@code ops.csv}, with addresses mapped to ids. Immutable; any thread.
 *
 * @param block source block number (the {@code block} column)
 * @param kind operation kind
 * @param sender sender id
 * @param to receiver id ({@code coin_transfer}, {@code token_transfer}); 0 for swaps
 * @param token token id ({@code token_transfer}; token in for swaps); 0 for coin transfers
 * @param amount amount (in for swaps)
 * @param path pair ids in hop order (swaps; empty otherwise)
 * @param minOut minimum output (swaps; zero otherwise)
 */
public record WorkloadOp(long block, Kind kind, long sender, long to, long token, Amount amount, long[] path, Amount minOut) {
    /** Operation kinds of {@code ops.csv}. */
    public enum Kind {
        COIN_TRANSFER, TOKEN_TRANSFER, SWAP
    }
}
