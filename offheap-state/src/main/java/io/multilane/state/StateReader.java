package io.multilane.state;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Read access to committed state.
 *
 * <p>Any number of reader threads (the lanes) may call {@link #read} concurrently with the single writer; a
 * read of one key returns either the record before or after a concurrent write of that key, never a mix.
 */
public interface StateReader {
    /**
     * Copies the record under the 32-byte key at {@code keyOffset} into {@code dst} at {@code dstOffset}.
     *
     * @return the record length, or -1 if the key is absent (an absent record reads as all zeros).
     */
    int read(DirectBuffer key, int keyOffset, MutableDirectBuffer dst, int dstOffset);
}
