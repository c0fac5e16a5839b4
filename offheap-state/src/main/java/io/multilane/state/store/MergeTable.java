package io.multilane.state.store;

import java.util.Arrays;

import io.multilane.state.key.KeyType;
import org.agrona.DirectBuffer;
import org.agrona.UnsafeApi;

/**
 * The latest value of every key merged since the last checkpoint: an off-heap open-addressing table (linear
 * probing, no deletion) from 32-byte keys to a record or a deletion (length 0). Merging a block entry costs one
 * probe and one copy of at most 144 bytes, instead of a Chronicle put; a key rewritten by many blocks is written
 * to Chronicle once per checkpoint. Entries are also listed in first-merge order, so iterating and clearing cost
 * the number of entries, not the capacity. The table doubles (rehashing on the owning thread) when it would pass
 * load factor 3/4.
 *
 * <p>Slot layout ({@value #SLOT} bytes): 0 key (32, tag byte 0 = empty), 32 u32 length (0 = delete), 40 value.
 *
 * <p>Not thread-safe: owned by the {@link Checkpointer}'s thread. Memory is freed by {@link #close}.
 */
final class MergeTable implements AutoCloseable {
    static final int SLOT = 192;
    private static final int KEY = 0;
    private static final int LENGTH = 32;
    private static final int VALUE = 40;

    private long rawAddress;
    private long address;
    private int capacity;
    private int mask;
    private int size;
    private int[] order;
    private int[] sortScratch = new int[0];
    private final int[] digitCounts = new int[1 << 16];

    /** A table of {@code initialCapacity} slots (a power of two). */
    MergeTable(final int initialCapacity) {
        if (Integer.bitCount(initialCapacity) != 1 || initialCapacity < 16) {
            throw new IllegalArgumentException("capacity must be a power of two >= 16: " + initialCapacity);
        }
        allocate(initialCapacity);
        order = new int[initialCapacity * 3 / 4];
    }

    /** Allocates and zeroes a table of {@code slots}, 2 MiB aligned and advised for huge pages (as FastTable). */
    private void allocate(final int slots) {
        capacity = slots;
        mask = slots - 1;
        final long bytes = (long) slots * SLOT;
        rawAddress = UnsafeApi.allocateMemory(bytes + HugePages.SIZE);
        address = (rawAddress + HugePages.SIZE - 1) & ~(HugePages.SIZE - 1);
        HugePages.advise(address, bytes & ~(HugePages.SIZE - 1));
        UnsafeApi.setMemory(address, bytes, (byte) 0);
    }

    /** Keys merged. */
    int size() {
        return size;
    }

    int capacity() {
        return capacity;
    }

    /** Merges the final value of a key ({@code length} 0: deleted), replacing what an earlier block merged. */
    void put(final DirectBuffer key, final int keyOffset, final DirectBuffer value, final int valueOffset,
             final int length) {
        if (length < 0 || length > KeyType.MAX_RECORD_LENGTH) {
            throw new IllegalArgumentException("record length " + length);
        }
        if (size + 1 > capacity / 4 * 3) {
            grow();
        }
        final long k0 = key.getLong(keyOffset);
        final long k1 = key.getLong(keyOffset + 8);
        final long k2 = key.getLong(keyOffset + 16);
        final long k3 = key.getLong(keyOffset + 24);
        long index = FastTable.hash(k0, k1, k2, k3) & mask;
        long slot;
        while (true) {
            slot = address + index * SLOT;
            final long s0 = UnsafeApi.getLong(slot + KEY);
            if (s0 == 0) {
                UnsafeApi.putLong(slot + KEY, k0);
                UnsafeApi.putLong(slot + KEY + 8, k1);
                UnsafeApi.putLong(slot + KEY + 16, k2);
                UnsafeApi.putLong(slot + KEY + 24, k3);
                order[size++] = (int) index;
                break;
            }
            if (s0 == k0 && UnsafeApi.getLong(slot + KEY + 8) == k1 && UnsafeApi.getLong(slot + KEY + 16) == k2
                && UnsafeApi.getLong(slot + KEY + 24) == k3) {
                break;
            }
            index = (index + 1) & mask;
        }
        UnsafeApi.putInt(slot + LENGTH, length);
        // Word by word: record lengths are multiples of 8, and a loop beats the checked copy call for <= 144 bytes.
        final byte[] src = value.byteArray();
        final long from = value.addressOffset() + valueOffset;
        for (int i = 0; i < length; i += 8) {
            UnsafeApi.putLong(slot + VALUE + i, UnsafeApi.getLong(src, from + i));
        }
    }

    /** The address of the entry holding the key, or -1. */
    long find(final DirectBuffer key, final int keyOffset) {
        final long k0 = key.getLong(keyOffset);
        final long k1 = key.getLong(keyOffset + 8);
        final long k2 = key.getLong(keyOffset + 16);
        final long k3 = key.getLong(keyOffset + 24);
        long index = FastTable.hash(k0, k1, k2, k3) & mask;
        while (true) {
            final long slot = address + index * SLOT;
            final long s0 = UnsafeApi.getLong(slot + KEY);
            if (s0 == 0) {
                return -1;
            }
            if (s0 == k0 && UnsafeApi.getLong(slot + KEY + 8) == k1 && UnsafeApi.getLong(slot + KEY + 16) == k2
                && UnsafeApi.getLong(slot + KEY + 24) == k3) {
                return slot;
            }
            index = (index + 1) & mask;
        }
    }

    private int freeSlot(final long k0, final long k1, final long k2, final long k3) {
        long index = FastTable.hash(k0, k1, k2, k3) & mask;
        while (UnsafeApi.getLong(address + index * SLOT + KEY) != 0) {
            index = (index + 1) & mask;
        }
        return (int) index;
    }

    private void grow() {
        final long oldRaw = rawAddress;
        final long oldAddress = address;
        final int[] oldOrder = order;
        allocate(capacity * 2);
        order = new int[capacity * 3 / 4];
        for (int i = 0; i < size; i++) {
            final long from = oldAddress + (long) oldOrder[i] * SLOT;
            final int index = freeSlot(UnsafeApi.getLong(from + KEY), UnsafeApi.getLong(from + KEY + 8),
                UnsafeApi.getLong(from + KEY + 16), UnsafeApi.getLong(from + KEY + 24));
            UnsafeApi.copyMemory(from, address + (long) index * SLOT, SLOT);
            order[i] = index;
        }
        UnsafeApi.freeMemory(oldRaw);
    }

    /** The address of the {@code i}-th merged entry (first-merge order), {@code 0 <= i < size()}. */
    long entry(final int i) {
        return address + (long) order[i] * SLOT;
    }

    /** Address of an entry's 32-byte key. */
    static long keyAddress(final long entry) {
        return entry + KEY;
    }

    /** Address of an entry's value. */
    static long valueAddress(final long entry) {
        return entry + VALUE;
    }

    /** An entry's value length; 0 means the key is deleted. */
    static int length(final long entry) {
        return UnsafeApi.getInt(entry + LENGTH);
    }

    /**
     * Reorders the entries by slot (ascending addresses), so that {@link #entry} walks the table's memory forward
     * and the hardware prefetcher hides most of its cache misses, instead of one miss per entry in first-merge
     * order. An LSD radix sort over two 16-bit digits into a kept scratch array: O(size), no allocation once the
     * scratch has grown to the table's size.
     */
    void sortBySlot() {
        if (sortScratch.length < order.length) {
            sortScratch = new int[order.length];
        }
        radixPass(order, sortScratch, 0);
        radixPass(sortScratch, order, 16);
    }

    private void radixPass(final int[] from, final int[] to, final int shift) {
        final int[] counts = digitCounts;
        Arrays.fill(counts, 0);
        for (int i = 0; i < size; i++) {
            counts[(from[i] >>> shift) & 0xFFFF]++;
        }
        int sum = 0;
        for (int d = 0; d < counts.length; d++) {
            final int c = counts[d];
            counts[d] = sum;
            sum += c;
        }
        for (int i = 0; i < size; i++) {
            final int v = from[i];
            to[counts[(v >>> shift) & 0xFFFF]++] = v;
        }
    }

    /** Empties the table, touching only the merged entries. */
    void clear() {
        for (int i = 0; i < size; i++) {
            UnsafeApi.putLong(address + (long) order[i] * SLOT + KEY, 0L);
        }
        size = 0;
    }

    @Override
    public void close() {
        if (rawAddress != 0) {
            UnsafeApi.freeMemory(rawAddress);
            rawAddress = 0;
            address = 0;
        }
    }
}
