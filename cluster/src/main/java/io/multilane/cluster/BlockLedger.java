package io.multilane.cluster;

import java.util.Arrays;

import io.multilane.exec.tx.BlockDescriptor;
import io.multilane.state.root.RootHex;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The results of the most recent committed blocks by height (a ring of {@link #CAPACITY}), so the service can answer
 * a re-offered block with the result it committed, and compare the roots the log reports with its own. Part of the
 * service's replicated state: it is written to and read from every snapshot. Only the service thread uses it.
 */
final class BlockLedger {
    /** Heights remembered; a duplicate older than this is answered without its result. */
    static final int CAPACITY = 4096;
    /** Bytes of one entry in a snapshot. */
    static final int ENTRY_LENGTH = 8 + 4 + 4 + 8 + 4 + BlockDescriptor.ROOT_LENGTH;

    private static final int MASK = CAPACITY - 1;
    private final long[] heights = new long[CAPACITY];
    private final int[] transactions = new int[CAPACITY];
    private final int[] failed = new int[CAPACITY];
    private final long[] timestamps = new long[CAPACITY];
    private final boolean[] rootKnown = new boolean[CAPACITY];
    private final byte[] roots = new byte[CAPACITY * BlockDescriptor.ROOT_LENGTH];

    BlockLedger() {
        Arrays.fill(heights, -1);
    }

    /** Records block {@code height}; a null root means the member skipped the block and does not know it. */
    void record(final long height, final int txs, final int failedTxs, final long timestamp, final DirectBuffer root,
            final int rootOffset) {
        final int i = (int) (height & MASK);
        heights[i] = height;
        transactions[i] = txs;
        failed[i] = failedTxs;
        timestamps[i] = timestamp;
        rootKnown[i] = root != null;
        if (root != null) {
            root.getBytes(rootOffset, roots, i * BlockDescriptor.ROOT_LENGTH, BlockDescriptor.ROOT_LENGTH);
        }
    }

    /** @return whether the ledger holds {@code height} with its root */
    boolean knows(final long height) {
        final int i = (int) (height & MASK);
        return heights[i] == height && rootKnown[i];
    }

    /** @return whether the root recorded for {@code height} equals {@code root} (call only when {@link #knows}) */
    boolean rootEquals(final long height, final DirectBuffer root, final int offset) {
        final int base = (int) (height & MASK) * BlockDescriptor.ROOT_LENGTH;
        for (int b = 0; b < BlockDescriptor.ROOT_LENGTH; b++) {
            if (roots[base + b] != root.getByte(offset + b)) {
                return false;
            }
        }
        return true;
    }

    /** Writes the committed result of a known height into a reply (flags, counts, timestamp, root). */
    void writeCommitted(final long height, final MutableDirectBuffer reply, final int offset) {
        final int i = (int) (height & MASK);
        reply.putByte(offset + ClusterMessages.FLAGS_OFFSET, (byte) ClusterMessages.FLAG_COMMITTED);
        reply.putInt(offset + ClusterMessages.TRANSACTIONS_OFFSET, transactions[i], ClusterMessages.ORDER);
        reply.putInt(offset + ClusterMessages.FAILED_OFFSET, failed[i], ClusterMessages.ORDER);
        reply.putLong(offset + ClusterMessages.TIMESTAMP_OFFSET, timestamps[i], ClusterMessages.ORDER);
        reply.putBytes(offset + ClusterMessages.ROOT_OFFSET, roots, i * BlockDescriptor.ROOT_LENGTH,
                BlockDescriptor.ROOT_LENGTH);
    }

    /** @return hex of the root recorded for {@code height} (for error messages) */
    String rootHex(final long height) {
        final int base = (int) (height & MASK) * BlockDescriptor.ROOT_LENGTH;
        return RootHex.of(new UnsafeBuffer(roots, base, BlockDescriptor.ROOT_LENGTH));
    }

    /** @return entries held (with a known root), for sizing a snapshot */
    int count() {
        int n = 0;
        for (int i = 0; i < CAPACITY; i++) {
            if (heights[i] >= 0 && rootKnown[i]) {
                n++;
            }
        }
        return n;
    }

    /** Writes every entry with a known root, {@link #ENTRY_LENGTH} bytes each, from {@code offset}. */
    int write(final MutableDirectBuffer out, final int offset) {
        int at = offset;
        for (int i = 0; i < CAPACITY; i++) {
            if (heights[i] < 0 || !rootKnown[i]) {
                continue;
            }
            out.putLong(at, heights[i], ClusterMessages.ORDER);
            out.putInt(at + 8, transactions[i], ClusterMessages.ORDER);
            out.putInt(at + 12, failed[i], ClusterMessages.ORDER);
            out.putLong(at + 16, timestamps[i], ClusterMessages.ORDER);
            out.putInt(at + 24, 1, ClusterMessages.ORDER);
            out.putBytes(at + 28, roots, i * BlockDescriptor.ROOT_LENGTH, BlockDescriptor.ROOT_LENGTH);
            at += ENTRY_LENGTH;
        }
        return at - offset;
    }

    /** Reads {@code entries} entries written by {@link #write}. */
    void read(final DirectBuffer in, final int offset, final int entries) {
        for (int e = 0; e < entries; e++) {
            final int at = offset + e * ENTRY_LENGTH;
            record(in.getLong(at, ClusterMessages.ORDER), in.getInt(at + 8, ClusterMessages.ORDER),
                    in.getInt(at + 12, ClusterMessages.ORDER), in.getLong(at + 16, ClusterMessages.ORDER), in, at + 28);
        }
    }
}
