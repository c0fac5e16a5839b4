package io.multilane.state.store;

import java.nio.ByteOrder;

import io.multilane.state.StateVisitor;
import io.multilane.state.key.StateKeys;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;

/**
 * Collects records delivered in any order and replays them in ascending key byte order (the order of scans,
 * dumps and snapshots). Records are copied compactly off-heap; an int index of their offsets is sorted.
 *
 * <p>Not thread-safe; a scan-time helper, it allocates in proportion to the state (not for the hot path).
 */
public final class SortedCollector implements StateVisitor {
    private static final int HEADER = StateKeys.LENGTH + 8;
    private static final int INSERTION_SORT_MAX = 12;

    private final ExpandableDirectByteBuffer data = new ExpandableDirectByteBuffer(1 << 16);
    private int[] offsets = new int[1024];
    private int count;
    private int position;

    @Override
    public void visit(final DirectBuffer key, final int keyOffset, final DirectBuffer value, final int valueOffset,
            final int length) {
        if (count == offsets.length) {
            final int[] grown = new int[offsets.length * 2];
            System.arraycopy(offsets, 0, grown, 0, count);
            offsets = grown;
        }
        if ((long) position + HEADER + length > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("state too large for one sorted scan buffer: " + count + " records");
        }
        data.putBytes(position, key, keyOffset, StateKeys.LENGTH);
        data.putInt(position + StateKeys.LENGTH, length, ByteOrder.LITTLE_ENDIAN);
        data.putBytes(position + HEADER, value, valueOffset, length);
        offsets[count++] = position;
        position += HEADER + length;
    }

    /** Number of records collected. */
    public int count() {
        return count;
    }

    /** Sorts by key and visits every collected record in ascending key order. */
    public void replaySorted(final StateVisitor visitor) {
        sort(0, count - 1);
        for (int i = 0; i < count; i++) {
            final int off = offsets[i];
            final int len = data.getInt(off + StateKeys.LENGTH, ByteOrder.LITTLE_ENDIAN);
            visitor.visit(data, off, data, off + HEADER, len);
        }
    }

    private int cmp(final int i, final int j) {
        return StateKeys.compare(data, offsets[i], data, offsets[j]);
    }

    private void swap(final int i, final int j) {
        final int t = offsets[i];
        offsets[i] = offsets[j];
        offsets[j] = t;
    }

    /** Quicksort (median of three, recursion on the smaller side) with insertion sort for short ranges. */
    private void sort(final int lo, final int hi) {
        int l = lo;
        int h = hi;
        while (h - l > INSERTION_SORT_MAX) {
            final int mid = (l + h) >>> 1;
            if (cmp(mid, l) < 0) {
                swap(mid, l);
            }
            if (cmp(h, l) < 0) {
                swap(h, l);
            }
            if (cmp(h, mid) < 0) {
                swap(h, mid);
            }
            swap(mid, h - 1);
            final int pivot = h - 1;
            int i = l;
            int j = h - 1;
            while (true) {
                do {
                    i++;
                } while (cmp(i, pivot) < 0);
                do {
                    j--;
                } while (cmp(j, pivot) > 0);
                if (i >= j) {
                    break;
                }
                swap(i, j);
            }
            swap(i, h - 1);
            if (i - l < h - i) {
                sort(l, i - 1);
                l = i + 1;
            } else {
                sort(i + 1, h);
                h = i - 1;
            }
        }
        for (int i = l + 1; i <= h; i++) {
            for (int j = i; j > l && cmp(j, j - 1) < 0; j--) {
                swap(j, j - 1);
            }
        }
    }
}
