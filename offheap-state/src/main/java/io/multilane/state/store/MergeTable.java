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
 * <p>A key's home slot follows where Chronicle keeps it ({@link ChronicleOrder}: segment, then hash lookup slot), so
 * the entries in slot order ({@link #sortBySlot}) are in the order of Chronicle's file, and a checkpoint's puts walk
 * it forward. The key's Chronicle hash is kept in the slot, so the put does not hash it again.
 *
 * <p>Slot layout ({@value #SLOT} bytes): 0 key (32, tag byte 0 = empty), 32 u32 length (0 = delete), 40 value,
 * 184 u64 the key's Chronicle hash.
 *
 * <p>Not thread-safe: owned by the {@link Checkpointer}'s thread. Memory is freed by {@link #close}.
 */
final class MergeTable implements AutoCloseable {
    static final int SLOT = 192;
    private static final int KEY = 0;
    private static final int LENGTH = 32;
    private static final int VALUE = 40;
    private static final int HASH = 184;

    private final ChronicleOrder order;
    private final long[] hashScratch = new long[4];
    private long rawAddress;
    private long address;
    private int capacity;
    private int bits;
    private int mask;
    private int size;
    private int[] slots;
    private int[] sortScratch = new int[0];
    private final int[] digitCounts = new int[1 << 16];

    /** A table of {@code initialCapacity} slots (a power of two) placing keys by {@code order}. */
    MergeTable(final int initialCapacity, final ChronicleOrder order) {
        if (Integer.bitCount(initialCapacity) != 1 || initialCapacity < 16) {
            throw new IllegalArgumentException("capacity must be a power of two >= 16: " + initialCapacity);
        }
        this.order = order;
        allocate(initialCapacity);
        slots = new int[initialCapacity * 3 / 4];
    }

    /** Allocates and zeroes a table of {@code slots}, 2 MiB aligned and advised for huge pages (as FastTable). */
    private void allocate(final int slots) {
        capacity = slots;
        mask = slots - 1;
        bits = Integer.numberOfTrailingZeros(slots);
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
        final long hash = ChronicleOrder.hash(k0, k1, k2, k3, hashScratch);
        long index = order.slot(hash, bits) & mask;
        long slot;
        while (true) {
            slot = address + index * SLOT;
            final long s0 = UnsafeApi.getLong(slot + KEY);
            if (s0 == 0) {
                UnsafeApi.putLong(slot + KEY, k0);
                UnsafeApi.putLong(slot + KEY + 8, k1);
                UnsafeApi.putLong(slot + KEY + 16, k2);
                UnsafeApi.putLong(slot + KEY + 24, k3);
                UnsafeApi.putLong(slot + HASH, hash);
                slots[size++] = (int) index;
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
        long index = order.slot(ChronicleOrder.hash(k0, k1, k2, k3, hashScratch), bits) & mask;
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

    private int freeSlot(final long hash) {
        long index = order.slot(hash, bits) & mask;
        while (UnsafeApi.getLong(address + index * SLOT + KEY) != 0) {
            index = (index + 1) & mask;
        }
        return (int) index;
    }

    /**
     * Grows the table to at least {@code slots} slots now (a power of two), so that merges into it do not rehash: the
     * checkpointer gives the table it merges into next the capacity the frozen one needed.
     */
    void ensureCapacity(final int wanted) {
        if (capacity >= wanted) {
            return;
        }
        if (size == 0) {
            UnsafeApi.freeMemory(rawAddress);
            allocate(wanted);
            slots = new int[wanted * 3 / 4];
            return;
        }
        while (capacity < wanted) {
            grow();
        }
    }

    private void grow() {
        final long oldRaw = rawAddress;
        final long oldAddress = address;
        final int[] oldSlots = slots;
        allocate(capacity * 2);
        slots = new int[capacity * 3 / 4];
        for (int i = 0; i < size; i++) {
            final long from = oldAddress + (long) oldSlots[i] * SLOT;
            final int index = freeSlot(UnsafeApi.getLong(from + HASH));
            UnsafeApi.copyMemory(from, address + (long) index * SLOT, SLOT);
            slots[i] = index;
        }
        UnsafeApi.freeMemory(oldRaw);
    }

    /** The address of the {@code i}-th merged entry (first-merge order), {@code 0 <= i < size()}. */
    long entry(final int i) {
        return address + (long) slots[i] * SLOT;
    }

    /** Address of an entry's 32-byte key. */
    static long keyAddress(final long entry) {
        return entry + KEY;
    }

    /** Address of an entry's value. */
    static long valueAddress(final long entry) {
        return entry + VALUE;
    }

    /** An entry's key hash, as Chronicle computes it. */
    static long hash(final long entry) {
        return UnsafeApi.getLong(entry + HASH);
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
        if (sortScratch.length < slots.length) {
            sortScratch = new int[slots.length];
        }
        radixPass(slots, sortScratch, 0);
        radixPass(sortScratch, slots, 16);
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
            UnsafeApi.putLong(address + (long) slots[i] * SLOT + KEY, 0L);
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
