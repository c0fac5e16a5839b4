package io.multilane.state.store;

import java.nio.ByteOrder;

import io.multilane.state.key.KeyType;
import io.multilane.state.key.StateKeys;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;

/**
 * The open block's undo log: for each key the block writes, its value before the block (or "absent"), in
 * first-write order. Rollback replays it backwards; seal reads the keys to collect the block's final values.
 *
 * <p>Owned by the writer thread. Allocation-free once grown to the largest block.
 */
public final class UndoLog {
    /** Bytes per entry: key, old length (-1 = absent), pad, old value. */
    public static final int STRIDE = StateKeys.LENGTH + 8 + KeyType.MAX_RECORD_LENGTH;
    private static final int LENGTH_OFFSET = StateKeys.LENGTH;
    private static final int VALUE_OFFSET = StateKeys.LENGTH + 8;

    private final ExpandableDirectByteBuffer buffer = new ExpandableDirectByteBuffer(STRIDE * 1024);
    private int count;

    /** Records that the key held {@code oldLength} bytes at {@code old} (or was absent: -1) before the block. */
    public void add(DirectBuffer key, int keyOffset, DirectBuffer old, int oldOffset, int oldLength) {
        final int at = count * STRIDE;
        buffer.putBytes(at, key, keyOffset, StateKeys.LENGTH);
        buffer.putInt(at + LENGTH_OFFSET, oldLength, ByteOrder.LITTLE_ENDIAN);
        if (oldLength > 0) {
            buffer.putBytes(at + VALUE_OFFSET, old, oldOffset, oldLength);
        }
        count++;
    }

    public int count() {
        return count;
    }

    public void clear() {
        count = 0;
    }

    /** The buffer holding entry keys and values; entry {@code i} starts at {@link #keyOffset}. */
    public DirectBuffer buffer() {
        return buffer;
    }

    public int keyOffset(int i) {
        return i * STRIDE;
    }

    public int oldLength(int i) {
        return buffer.getInt(i * STRIDE + LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    public int oldValueOffset(int i) {
        return i * STRIDE + VALUE_OFFSET;
    }
}
