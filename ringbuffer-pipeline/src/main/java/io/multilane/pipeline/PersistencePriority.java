package io.multilane.pipeline;

import io.multilane.affinity.Affinity;
import io.multilane.state.StateConfig;

/**
 * Runs the state store's persistence thread below the engine: at nice {@value #NICE} it takes the CPU the
 * lanes leave idle and yields it whenever they need it, so on a small machine a checkpoint never delays a
 * block. It cannot fall behind for long: when {@code maxPendingBlocks} sealed blocks wait for it, the seal
 * waits, which frees the CPU it needs. Measured on the 2-core box:
 * without it, the soak at 100k tx/s had stalls of 250–700 ms every few seconds while the persistence thread
 * competed with two busy lanes ({@code docs/engine.md}, "Latency and the stall episodes"). Stateless; any thread.
 */
public final class PersistencePriority {
    /** The persistence thread's nice value under an engine. */
    public static final int NICE = 10;

    private PersistencePriority() {
    }

    /**
     * @param config a store configuration
     * @return a copy whose persistence thread first lowers itself to {@link #NICE} (through the JNI shim; a
     *         no-op in fallback mode), then runs the configuration's own start code
     */
    public static StateConfig lowered(final StateConfig config) {
        final Runnable own = config.persistenceThreadStart();
        return config.withPersistenceThreadStart(() -> {
            Affinity.niceCurrentThread(NICE);
            own.run();
        });
    }
}
