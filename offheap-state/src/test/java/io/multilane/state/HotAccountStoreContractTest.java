package io.multilane.state;

import java.nio.file.Path;

/**
 * {@link StateStoreContract} on {@link HotAccountStore}: the decorator caching account 7 (which the contract's
 * rollback test writes, and its random blocks write among ids 1..300) must keep every promise of the store it
 * wraps.
 */
class HotAccountStoreContractTest extends StateStoreContract {
    @Override
    protected StateStore open(final Path directory, final long entries) {
        return new HotAccountStore(StateStores.open(StateConfig.of(directory, entries).withSyncOnSeal(false)), 7);
    }
}
