package io.multilane.exec.testing;

import java.nio.file.Path;

import io.multilane.state.StateConfig;
import io.multilane.state.StateStore;
import io.multilane.state.StateStores;

/**
 * Opens throw-away stores for tests: no fsync on seal, sealed blocks applied inside seal.
 */
public final class TestStores {
    private TestStores() {
    }

    /**
     * @param dir a fresh directory
     * @param entries capacity in records
     * @return an open empty store
     */
    public static StateStore open(final Path dir, final long entries) {
        return StateStores.open(StateConfig.of(dir, entries).withSyncOnSeal(false).withWriteBehindThread(false));
    }
}
