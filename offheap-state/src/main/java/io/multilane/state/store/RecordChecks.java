package io.multilane.state.store;

import java.nio.ByteOrder;

import io.multilane.state.key.StateKeys;
import org.agrona.DirectBuffer;

/**
 * Argument checks and small predicates shared by the store implementations. Stateless; any thread.
 */
public final class RecordChecks {
    private RecordChecks() {
    }

    /** Throws unless the key is well formed and {@code length} is its type's record length. */
    public static void checkWrite(final DirectBuffer key, final int keyOffset, final int length) {
        final int expected = StateKeys.recordLength(key, keyOffset);
        if (expected < 0) {
            throw new IllegalArgumentException("malformed state key: " + StateKeys.appendTo(new StringBuilder(), key,
                keyOffset));
        }
        if (length != expected) {
            throw new IllegalArgumentException("record length " + length + " for key "
                + StateKeys.appendTo(new StringBuilder(), key, keyOffset) + ", expected " + expected);
        }
    }

    /** True when {@code length} (a multiple of 8) bytes at {@code offset} are all zero. */
    public static boolean isZero(final DirectBuffer buf, final int offset, final int length) {
        long acc = 0;
        for (int i = 0; i < length; i += 8) {
            acc |= buf.getLong(offset + i, ByteOrder.LITTLE_ENDIAN);
        }
        return acc == 0;
    }
}
