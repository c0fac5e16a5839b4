package io.multilane.state;

import java.nio.file.Path;

import io.multilane.state.store.TieredStateStore;
import org.junit.jupiter.api.Nested;

/**
 * {@link StateStoreContract} on {@link TieredStateStore} through {@link StateStores#open}: with the persistence
 * thread (the default), and inline with a checkpoint at every seal.
 */
class TieredStateStoreContractTest extends StateStoreContract {
    @Override
    protected StateStore open(final Path directory, final long entries) {
        return StateStores.open(StateConfig.of(directory, entries).withSyncOnSeal(false));
    }

    /** Inline persistence, a checkpoint at every seal. */
    @Nested
    class Inline extends StateStoreContract {
        @Override
        protected StateStore open(final Path directory, final long entries) {
            return StateStores.open(StateConfig.of(directory, entries).withSyncOnSeal(false)
                .withWriteBehindThread(false).withCheckpointIntervalBlocks(1));
        }
    }
}
