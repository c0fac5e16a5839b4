package io.multilane.state;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The persisted, block-atomic state: one writer thread (the commit stage) calls every method of this
 * interface except {@link #read}, which any number of reader threads may call concurrently.
 *
 * <p>Writes are visible to readers at once. {@link #seal} makes the block's writes durable as one unit: after a
 * crash at any instant, opening the store yields exactly the state of the last sealed block.
 * A record of all zero bytes is the same as an absent record: writing zeros deletes the key, and it
 * contributes nothing to the state root.
 */
public interface StateStore extends StateReader, AutoCloseable {
    /** Opens block {@code height}, which must be {@code sealedHeight() + 1}; no block may be open. */
    void beginBlock(long height);

    /**
     * Writes the record under the key; {@code length} must equal the key type's record length. All zeros
     * deletes the record.
     *
     * @throws StateFullException if the key is new and the store already holds its configured entries.
     */
    void write(DirectBuffer key, int keyOffset, DirectBuffer value, int valueOffset, int length);

    /**
     * {@link #write(DirectBuffer, int, DirectBuffer, int, int)} with a hint: the version of a read of this key
     * ({@link #read(DirectBuffer, int, MutableDirectBuffer, int, MutableDirectBuffer, int)}). While the store proves
     * that read still current ({@link #unchangedSince}) it may find the key where that read found it instead of
     * looking it up; any other version (stale, {@link #NO_VERSION}, another key's) only costs the lookup. Same
     * effect as the plain write in every case.
     */
    default void write(final DirectBuffer key, final int keyOffset, final DirectBuffer value, final int valueOffset,
            final int length, final DirectBuffer version, final int versionOffset) {
        write(key, keyOffset, value, valueOffset, length);
    }

    /** Seals the open block {@code height}: durable, block-atomic; writes the 32-byte root to {@code rootOut}. */
    void seal(long height, MutableDirectBuffer rootOut, int rootOffset);

    /**
     * Any thread other than the writer: whether a {@link #seal} is running that other threads can help with
     * ({@link #assistSeal}). A volatile read, cheap enough for a wait loop; false for stores that never share one.
     */
    default boolean sealOpen() {
        return false;
    }

    /**
     * Any thread other than the writer, typically one that would otherwise wait: does a share of the running
     * {@link #seal}'s work (folding the block into the root, collecting its final values), if there is one; returns
     * whether it did any. The seal's result is the same whoever does its shares.
     */
    default boolean assistSeal() {
        return false;
    }

    /** Drops the open block's writes, restoring the state of the last sealed block. */
    void rollback();

    /** Height of the last sealed block (0 for a new store). */
    long sealedHeight();

    /** Writes the 32-byte digest of the current state (including the open block's writes). */
    void root(MutableDirectBuffer out, int offset);

    /** Visits every present record in ascending key byte order. Not for the hot path. */
    void scan(StateVisitor visitor);

    /** Number of present records. */
    long size();

    /** Flushes, releases the files; no block may be open (an open block is rolled back). */
    @Override
    void close();
}
