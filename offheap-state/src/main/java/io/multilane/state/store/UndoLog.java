package io.multilane.state.store;

import java.nio.ByteOrder;

import io.multilane.state.key.KeyType;
import io.multilane.state.key.StateKeys;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;

/**
 * The open block's undo log: for each key the block writes, its value before the block (or {@link #ABSENT}), in
 * first-write order. Rollback replays it backwards; seal folds it into the root ({@link RootFold}) and reads its
 * keys to collect the block's final values. A key deleted and re-created within the block gets a second entry
 * (absent before the re-creation); only a key's first entry can hold a value.
 *
 * <p>While a block is open, the fast tier's stamp of a key the block wrote is {@link #stampOf} the entry that
 * last (re)inserted or first touched it, and 0 for every other key; seal and rollback reset the stamps to 0.
 *
 * <p>Owned by the writer thread. Allocation-free once grown to the largest block.
 */
public final class UndoLog {
    /** Bytes per entry: key, old length ({@link #ABSENT} = absent), pad, old value. */
    public static final int STRIDE = StateKeys.LENGTH + 8 + KeyType.MAX_RECORD_LENGTH;
    /** Old length of a key that was absent. */
    public static final int ABSENT = -1;
    private static final int LENGTH_OFFSET = StateKeys.LENGTH;
    private static final int VALUE_OFFSET = StateKeys.LENGTH + 8;

    private final ExpandableDirectByteBuffer buffer = new ExpandableDirectByteBuffer(STRIDE * 1024);
    private int count;

    /** The fast-tier stamp that names entry {@code i} (never 0, which means "not written in this block"). */
    public static long stampOf(final int i) {
        return i + 1L;
    }

    /** Records that the key held {@code oldLength} bytes at {@code old} (or was absent: -1) before the block. */
    public void add(final DirectBuffer key, final int keyOffset, final DirectBuffer old, final int oldOffset,
                    final int oldLength) {
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

    public int keyOffset(final int i) {
        return i * STRIDE;
    }

    /** The key's length before the block, or {@link #ABSENT}. */
    public int oldLength(final int i) {
        return buffer.getInt(i * STRIDE + LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    public int oldValueOffset(final int i) {
        return i * STRIDE + VALUE_OFFSET;
    }
}
