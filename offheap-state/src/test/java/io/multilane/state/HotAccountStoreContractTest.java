package io.multilane.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import io.multilane.state.key.KeyType;
import io.multilane.state.key.StateKeys;
import io.multilane.state.record.AccountDescriptor;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * {@link StateStoreContract} on {@link HotAccountStore}: the decorator caching account 7 (which the contract's
 * rollback test writes, and its random blocks write among ids 1..300) must keep every promise of the store it
 * wraps; and its cached record is never proven unchanged by the wrapped store's version.
 */
class HotAccountStoreContractTest extends StateStoreContract {
    private static final long HOT = 7;

    @Override
    protected StateStore open(final Path directory, final long entries) {
        return new HotAccountStore(StateStores.open(StateConfig.of(directory, entries).withSyncOnSeal(false)), HOT);
    }

    @Test
    void theCachedAccountHasNoVersionAndTheWrappedStoresVersionOfItProvesNothing() {
        final UnsafeBuffer key = new UnsafeBuffer(new byte[StateKeys.LENGTH]);
        final UnsafeBuffer value = new UnsafeBuffer(new byte[AccountDescriptor.LENGTH]);
        final UnsafeBuffer out = new UnsafeBuffer(new byte[AccountDescriptor.LENGTH]);
        final UnsafeBuffer lanes = new UnsafeBuffer(new byte[StateReader.VERSION_LENGTH]);
        final UnsafeBuffer own = new UnsafeBuffer(new byte[StateReader.VERSION_LENGTH]);
        final UnsafeBuffer root = new UnsafeBuffer(new byte[32]);
        StateKeys.encode(key, 0, KeyType.ACCOUNT, HOT, 0, 0);
        try (StateStore wrapped = StateStores.open(StateConfig.of(dir, 1000).withSyncOnSeal(false))) {
            final HotAccountStore hot = new HotAccountStore(wrapped, HOT);
            hot.beginBlock(1);
            value.putLong(AccountDescriptor.BALANCE_OFFSET, 100);
            hot.write(key, 0, value, 0, AccountDescriptor.LENGTH);
            hot.seal(1, root, 0);

            hot.beginBlock(2);
            assertEquals(AccountDescriptor.LENGTH, wrapped.read(key, 0, out, 0, lanes, 0), "what a lane reads");
            assertEquals(AccountDescriptor.LENGTH, hot.read(key, 0, out, 0, own, 0));
            assertEquals(StateReader.NO_VERSION, own.getLong(0), "the cached record has no version");
            value.putLong(AccountDescriptor.BALANCE_OFFSET, 101);
            hot.write(key, 0, value, 0, AccountDescriptor.LENGTH, lanes, 0);
            assertTrue(wrapped.unchangedSince(key, 0, lanes, 0), "the wrapped record waits for the seal");
            assertFalse(hot.unchangedSince(key, 0, lanes, 0), "the committed (cached) record changed");
            assertEquals(AccountDescriptor.LENGTH, hot.read(key, 0, out, 0));
            assertEquals(101, out.getLong(AccountDescriptor.BALANCE_OFFSET), "the hinted write went to the cache");
            hot.seal(2, root, 0);
            assertFalse(wrapped.unchangedSince(key, 0, lanes, 0), "written through at the seal");
        }
    }
}
