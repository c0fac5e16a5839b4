package io.multilane.pipeline;

/**
 * What {@link Engine#submit} does when the ring has no room for a block. Constants; any thread.
 */
public enum Backpressure {
    /** The submitting thread waits (parking briefly) until the commit stage frees slots. */
    WAIT,
    /** {@link Engine#submit} throws {@link EngineException} with {@link EngineException.Reason#RING_FULL}. */
    REJECT
}
