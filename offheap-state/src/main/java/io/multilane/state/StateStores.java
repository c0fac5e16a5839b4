package io.multilane.state;

import io.multilane.state.store.TieredStateStore;

/**
 * Opens state stores.
 *
 * <p>Call from the thread that will own the store (the commit stage or a setup thread that hands it over);
 * the returned store follows the {@link StateStore} threading contract.
 */
public final class StateStores {
    private StateStores() {
    }

    /**
     * Opens the persisted store in {@code config.directory()}, creating it (sized from the configuration) or
     * recovering it to its last sealed block.
     *
     * @throws StateException if the directory is not writable, locked by another process, or holds a file of an
     *                        incompatible layout version.
     */
    public static StateStore open(final StateConfig config) {
        return TieredStateStore.open(config);
    }
}
