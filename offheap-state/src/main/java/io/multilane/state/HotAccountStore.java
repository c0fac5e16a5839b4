package io.multilane.state;

import io.multilane.state.key.KeyType;
import io.multilane.state.key.StateKeys;
import io.multilane.state.record.AccountDescriptor;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A {@link StateStore} decorator that keeps one hot account record (the fee collector, credited by
 * every transaction) in memory for the duration of a block and writes it to the underlying store
 * once, before the block is sealed (or whenever the whole state is observed: {@link #root},
 * {@link #scan}, {@link #size}). Reads and writes of that key go to the cached copy; everything else
 * passes through. At every block boundary the underlying store holds exactly what it would hold
 * without the cache, so the state, the root and the receipts are unchanged; only the per-transaction
 * store operations for the hot key disappear. Owned by the store's writer thread, like the store.
 */
public final class HotAccountStore implements StateStore {
    private final StateStore store;
    private final UnsafeBuffer key = new UnsafeBuffer(new byte[StateKeys.LENGTH]);
    private final UnsafeBuffer record = new UnsafeBuffer(new byte[AccountDescriptor.LENGTH]);
    private final long head;
    private final long id;
    private boolean loaded;
    private long loadedAtHeight;
    private boolean exists;
    private boolean dirty;

    /**
     * @param store the underlying store (this decorator becomes its writer's view)
     * @param account the hot account (the fee collector)
     */
    public HotAccountStore(final StateStore store, final long account) {
        this.store = store;
        this.id = account;
        StateKeys.encode(key, 0, KeyType.ACCOUNT, account, 0, 0);
        this.head = key.getLong(0);
    }

    private boolean isHot(final DirectBuffer k, final int offset) {
        return k.getLong(offset) == head && k.getLong(offset + StateKeys.ID1_OFFSET) == key.getLong(StateKeys.ID1_OFFSET)
                && k.getLong(offset + StateKeys.ID2_OFFSET) == 0 && k.getLong(offset + StateKeys.ID3_OFFSET) == 0;
    }

    private void load() {
        if (loaded && store.sealedHeight() != loadedAtHeight) {
            if (dirty) {
                throw new IllegalStateException("a block was sealed on the underlying store with the hot account unwritten;"
                        + " drive blocks through SerialExecutor.beginBlock/seal");
            }
            loaded = false;
        }
        if (!loaded) {
            loadedAtHeight = store.sealedHeight();
            exists = store.read(key, 0, record, 0) >= 0;
            if (!exists) {
                record.setMemory(0, AccountDescriptor.LENGTH, (byte) 0);
            }
            loaded = true;
            dirty = false;
        }
    }

    private static boolean isZero(final DirectBuffer b, final int offset) {
        return b.getLong(offset) == 0 && b.getLong(offset + 8) == 0 && b.getLong(offset + 16) == 0
                && b.getLong(offset + 24) == 0;
    }

    private void flush() {
        if (dirty) {
            store.write(key, 0, record, 0, AccountDescriptor.LENGTH);
            dirty = false;
        }
    }

    /** @return the cached account's id */
    long account() {
        return id;
    }

    @Override
    public int read(final DirectBuffer k, final int keyOffset, final MutableDirectBuffer dst, final int dstOffset) {
        if (!isHot(k, keyOffset)) {
            return store.read(k, keyOffset, dst, dstOffset);
        }
        load();
        if (!exists) {
            return -1;
        }
        dst.putBytes(dstOffset, record, 0, AccountDescriptor.LENGTH);
        return AccountDescriptor.LENGTH;
    }

    /** The cached key has no version: its record in the underlying store lags the cache within a block. */
    @Override
    public int read(final DirectBuffer k, final int keyOffset, final MutableDirectBuffer dst, final int dstOffset,
            final MutableDirectBuffer version, final int versionOffset) {
        if (!isHot(k, keyOffset)) {
            return store.read(k, keyOffset, dst, dstOffset, version, versionOffset);
        }
        version.putLong(versionOffset, NO_VERSION);
        return read(k, keyOffset, dst, dstOffset);
    }

    /**
     * Never for the cached key: a lane reads it from the underlying store, whose record (and version) stays as of
     * the block's start while the cache changes, so only its value can tell.
     */
    @Override
    public boolean unchangedSince(final DirectBuffer k, final int keyOffset, final DirectBuffer version,
            final int versionOffset) {
        return !isHot(k, keyOffset) && store.unchangedSince(k, keyOffset, version, versionOffset);
    }

    @Override
    public void write(final DirectBuffer k, final int keyOffset, final DirectBuffer value, final int valueOffset,
            final int length) {
        if (!isHot(k, keyOffset) || length != AccountDescriptor.LENGTH) {
            store.write(k, keyOffset, value, valueOffset, length);
            return;
        }
        load();
        if (!exists && !isZero(value, valueOffset)) {
            // Creating the account: write through, so that a full store refuses here (StateFullException at the
            // write, as without the cache) and not later inside seal.
            store.write(k, keyOffset, value, valueOffset, length);
        }
        record.putBytes(0, value, valueOffset, length);
        exists = !isZero(record, 0);
        dirty = true;
    }

    @Override
    public void write(final DirectBuffer k, final int keyOffset, final DirectBuffer value, final int valueOffset,
            final int length, final DirectBuffer version, final int versionOffset) {
        if (isHot(k, keyOffset)) {
            write(k, keyOffset, value, valueOffset, length);
        } else {
            store.write(k, keyOffset, value, valueOffset, length, version, versionOffset);
        }
    }

    @Override
    public void beginBlock(final long height) {
        store.beginBlock(height);
        loaded = false;
    }

    @Override
    public void seal(final long height, final MutableDirectBuffer rootOut, final int rootOffset) {
        flush();
        store.seal(height, rootOut, rootOffset);
    }

    @Override
    public void rollback() {
        loaded = false;
        dirty = false;
        store.rollback();
    }

    @Override
    public boolean sealOpen() {
        return store.sealOpen();
    }

    @Override
    public boolean assistSeal() {
        return store.assistSeal();
    }

    @Override
    public long sealedHeight() {
        return store.sealedHeight();
    }

    @Override
    public void root(final MutableDirectBuffer out, final int offset) {
        flush();
        store.root(out, offset);
    }

    @Override
    public void scan(final StateVisitor visitor) {
        flush();
        store.scan(visitor);
    }

    @Override
    public long size() {
        flush();
        return store.size();
    }

    @Override
    public void close() {
        flush();
        store.close();
    }
}
