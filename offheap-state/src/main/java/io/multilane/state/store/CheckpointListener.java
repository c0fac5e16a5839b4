package io.multilane.state.store;

/**
 * Observes the steps of a checkpoint on the thread that runs it: a seam for crash tests, which kill the process at
 * a chosen step. Not set in production ({@code null}); an implementation must not call the store.
 */
@FunctionalInterface
interface CheckpointListener {
    /** Half of the checkpoint's entries are written to Chronicle, none of them forced or recorded yet. */
    int HALF_WRITTEN = 1;
    /** Every entry is written and (when the store syncs) forced; the metadata record still names the old height. */
    int WRITTEN = 2;
    /** The metadata record names the new height (forced when the store syncs); no journal segment released yet. */
    int RECORDED = 3;
    /** One journal segment was deleted; {@code height} is its first block's height. */
    int SEGMENT_DELETED = 4;

    void onStep(int step, long height);
}
