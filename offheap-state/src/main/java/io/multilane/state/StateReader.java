package io.multilane.state;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Read access to committed state.
 *
 * <p>Any number of reader threads (the lanes) may call {@link #read} concurrently with the single writer; a
 * read of one key returns either the record before or after a concurrent write of that key, never a mix.
 *
 * <p><b>Read versions.</b> A store may also hand out, with each read, a {@value #VERSION_LENGTH}-byte version of
 * what it read ({@link #read(DirectBuffer, int, MutableDirectBuffer, int, MutableDirectBuffer, int)}), and later
 * answer {@link #unchangedSince} from it without reading the record again: the lanes' commit validates by these
 * where it can and by value where it cannot. The check is one-sided: {@code true} proves that the key's record is
 * still exactly the one that read returned; {@code false} proves nothing (compare values). A store that keeps no
 * versions uses the defaults: every version is {@link #NO_VERSION} and nothing is ever proven unchanged.
 */
public interface StateReader {
    /** Bytes of a read version: a u64 word (0) and a u64 locator (8), both the store's own. */
    int VERSION_LENGTH = 16;
    /** The first word of a version that proves nothing (odd: never a version a store hands out). */
    long NO_VERSION = -1L;
    /**
     * Copies the record under the 32-byte key at {@code keyOffset} into {@code dst} at {@code dstOffset}.
     *
     * @return the record length, or -1 if the key is absent (an absent record reads as all zeros).
     */
    int read(DirectBuffer key, int keyOffset, MutableDirectBuffer dst, int dstOffset);

    /**
     * {@link #read(DirectBuffer, int, MutableDirectBuffer, int)}, also writing into {@code version} at
     * {@code versionOffset} ({@value #VERSION_LENGTH} bytes) the version of the record read, or {@link #NO_VERSION}
     * (an absent key, a store without versions). Any thread, like {@code read}.
     *
     * @return the record length, or -1 if the key is absent
     */
    default int read(final DirectBuffer key, final int keyOffset, final MutableDirectBuffer dst, final int dstOffset,
            final MutableDirectBuffer version, final int versionOffset) {
        version.putLong(versionOffset, NO_VERSION);
        return read(key, keyOffset, dst, dstOffset);
    }

    /**
     * Whether the key's record is provably still the one a versioned read of it returned with {@code version}:
     * true only if it is (same bytes); false when it changed or when the store cannot tell (then compare values).
     * The writer thread, or readers who accept that a concurrent write may follow the answer.
     *
     * @param key buffer holding the 32-byte key that was read
     * @param keyOffset its offset
     * @param version buffer holding the version that read returned
     * @param versionOffset its offset
     * @return true if unchanged since that read
     */
    default boolean unchangedSince(final DirectBuffer key, final int keyOffset, final DirectBuffer version,
            final int versionOffset) {
        return false;
    }
}
