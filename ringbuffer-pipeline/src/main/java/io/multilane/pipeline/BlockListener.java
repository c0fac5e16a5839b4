package io.multilane.pipeline;

/**
 * Called by the engine's commit thread once per block, after the block is sealed (or refused) and
 * before its future completes. Implementations must be quick and must not block or call back into
 * {@link Engine#submit}; what they allocate counts against the engine thread. Exceptions are caught
 * and counted ({@link EngineStats#listenerErrors()}).
 */
@FunctionalInterface
public interface BlockListener {
    /**
     * @param result the block's result (complete; read it, don't keep it past the call if you recycle buffers)
     */
    void onBlock(BlockResult result);
}
