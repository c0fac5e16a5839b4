package io.multilane.state.store;

import io.multilane.state.ByteRanges;
import io.multilane.state.key.KeyType;
import io.multilane.state.root.LtHash;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Folds the open block's writes into an LtHash accumulator: for each distinct key the block wrote, subtract the
 * item of its value at the start of the block (if it had one) and add the item of its current value (if it has
 * one). A key written any number of times in the block costs at most two item hashes, and none when its value is
 * back where it started.
 *
 * <p>Input: the block's {@link UndoLog} and the {@link FastTable}, whose stamp of a key written in the open block
 * is {@code i + 1} for the undo entry {@code i} that last (re)inserted or first touched it. A key deleted and
 * re-created within the block has two undo entries; only the first one can hold a block-start value, and only
 * the one its slot's stamp names adds the current value, so duplicates are harmless in any order.
 *
 * <p>{@link #fold} only reads the table and the log, and LtHash addition is commutative: the entries may be split
 * into ranges folded into separate accumulators and summed ({@link LtHash#addAll}). One instance per folding
 * thread (it owns a value scratch buffer); the table and log must not change while a fold runs, so a fold runs on
 * the writer thread, or on a helper while the writer waits for it.
 */
public final class RootFold {
    private final FastTable table;
    private final UnsafeBuffer value = new UnsafeBuffer(new byte[KeyType.MAX_RECORD_LENGTH]);
    /** Entries probed back to back before they are folded (see {@link #fold}). */
    private static final int BATCH = 16;
    private final long[] found = new long[BATCH];
    private long itemHashes;
    /** Sum of the words the batches touched: read nowhere, it keeps the touching loads from being optimized away. */
    private long touched;

    /** A folder over {@code table} (the fast tier the undo log's block was written to). */
    public RootFold(final FastTable table) {
        this.table = table;
    }

    /** Adds to {@code acc} the change the undo entries {@code [from, to)} made to the state's LtHash. */
    public void fold(final UndoLog undo, final int from, final int to, final LtHash acc) {
        fold(undo, from, to, acc, null);
    }

    /**
     * The seal's single pass over the block: {@link #fold}s every undo entry into {@code acc} and, in the same
     * visit of each key (one table probe and one copy of its value instead of two), puts into {@code record} the
     * final value of every key whose value differs from the block's start (a deletion for a key that existed and
     * is gone) and resets the key's stamp. Only the writer thread may call it: it changes stamps.
     */
    void foldAndCollect(final UndoLog undo, final LtHash acc, final BlockRecord record) {
        fold(undo, 0, undo.count(), acc, record);
    }

    /**
     * {@link #foldAndCollect} of the entries {@code [from, to)} only: a share of the seal ({@link SealShares}). Threads
     * may collect disjoint ranges of one block at once: each resets only the stamps that name entries of its range.
     */
    void collect(final UndoLog undo, final int from, final int to, final LtHash acc, final BlockRecord record) {
        fold(undo, from, to, acc, record);
    }

    /**
     * The one loop of both: with {@code record} null it only reads the table and the log. The entries go in batches of
     * {@value #BATCH}: first each key's slot is found and its value's cache lines touched, back to back, so the misses
     * of a batch overlap instead of each waiting for the one before (the slots were written over the whole block and
     * are mostly out of the cache by its end); then each entry is folded from the warm slots.
     */
    private void fold(final UndoLog undo, final int from, final int to, final LtHash acc, final BlockRecord record) {
        final DirectBuffer keys = undo.buffer();
        final long[] slots = found;
        for (int start = from; start < to; start += BATCH) {
            final int end = Math.min(start + BATCH, to);
            long sink = 0;
            for (int i = start; i < end; i++) {
                final long index = table.find(keys, undo.keyOffset(i));
                slots[i - start] = index;
                if (index >= 0) {
                    sink += table.touchValue(index);
                }
            }
            touched += sink;
            for (int i = start; i < end; i++) {
                foldEntry(undo, keys, i, slots[i - start], acc, record);
            }
        }
    }

    private void foldEntry(final UndoLog undo, final DirectBuffer keys, final int i, final long index, final LtHash acc,
            final BlockRecord record) {
        final int keyOffset = undo.keyOffset(i);
        final int oldLength = undo.oldLength(i);
        if (index < 0) {
            if (record != null && oldLength != UndoLog.ABSENT) {
                record.put(keys, keyOffset, value, 0, 0);
            }
        } else if (table.stamp(index) == UndoLog.stampOf(i)) {
            if (record != null) {
                table.stamp(index, 0);
            }
            final int length = table.copyValue(index, value, 0);
            if (oldLength == length && ByteRanges.equal(keys, undo.oldValueOffset(i), value, 0, length)) {
                return;
            }
            if (record != null) {
                record.put(keys, keyOffset, value, 0, length);
            }
            acc.add(keys, keyOffset, value, 0, length);
            itemHashes++;
        }
        if (oldLength != UndoLog.ABSENT) {
            acc.subtract(keys, keyOffset, keys, undo.oldValueOffset(i), oldLength);
            itemHashes++;
        }
    }

    /** Item hashes computed by this folder since it was created (a cost counter for tests and reports). */
    public long itemHashes() {
        return itemHashes;
    }
}
