package io.multilane.state.store;

import java.nio.ByteOrder;

import io.multilane.state.StateFullException;
import io.multilane.state.StateReader;
import io.multilane.state.StateVisitor;
import io.multilane.state.key.KeyType;
import io.multilane.state.key.StateKeys;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.UnsafeApi;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The fast tier: an off-heap open-addressing hash table (linear probing, backward-shift deletion) holding every
 * live record, sized once for the configured entries at load factor at most 3/4.
 *
 * <p>One writer thread calls every method except {@link #get}, which any number of reader threads may call
 * concurrently. Each slot carries a sequence lock: the writer makes it odd, changes the slot, makes it even again;
 * a reader copies the slot and retries if the sequence moved, so a read never returns a torn record. Deletion
 * shifts later entries back; the writer bumps a table-wide shift counter around each deletion and a reader that
 * found nothing re-checks it, so an entry being moved is never reported absent. The table is 2 MiB aligned and
 * advised for transparent huge pages ({@link HugePages}). Memory is freed by {@link #close}, which must happen
 * after every reader has stopped.
 *
 * <p>Slot layout ({@value #SLOT} bytes): 0 sequence u64, 8 writer stamp u64 (the store's mark of a key written in
 * the open block, see {@link UndoLog#stampOf}; it moves with the entry), 16 key (32 bytes), 48 value
 * (up to 144 bytes, length given by the key's type tag). A slot whose tag byte is 0 is empty.
 */
public final class FastTable implements AutoCloseable {
    /** Bytes per slot (three cache lines). */
    public static final int SLOT = 192;
    private static final int SEQ = 0;
    private static final int STAMP = 8;
    private static final int KEY = 16;
    private static final int VALUE = 48;
    /** Offset of the shift counter inside {@link #shiftVersion}: the middle of the array, away from neighbours. */
    private static final long SHIFT_FIELD = UnsafeApi.arrayBaseOffset(long[].class) + 8L * 8;
    /** Position of key byte 0 (the tag) in the key's first word read in native order. */
    private static final int TAG_SHIFT = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? 0 : 56;

    private final long rawAddress;
    private final long base;
    private final long allocated;
    private final long mask;
    private final long capacity;
    private final long maxEntries;
    private final boolean hugePages;
    /** Odd while a deletion shifts entries; read by readers with acquire semantics. */
    private final long[] shiftVersion = new long[16];
    private long size;
    private boolean closed;

    /** A table for up to {@code maxEntries} live records. */
    public FastTable(final long maxEntries) {
        this.maxEntries = maxEntries;
        long cap = 16;
        while (cap * 3 / 4 < maxEntries + 1) {
            cap <<= 1;
        }
        this.capacity = cap;
        this.mask = cap - 1;
        final long bytes = cap * SLOT;
        this.allocated = bytes + HugePages.SIZE;
        final long raw = UnsafeApi.allocateMemory(allocated);
        // 2 MiB aligned and advised before the first touch, so the kernel can back it with huge pages.
        this.base = (raw + HugePages.SIZE - 1) & ~(HugePages.SIZE - 1);
        this.hugePages = HugePages.advise(base, bytes & ~(HugePages.SIZE - 1));
        UnsafeApi.setMemory(base, bytes, (byte) 0);
        this.rawAddress = raw;
    }

    public long capacity() {
        return capacity;
    }

    /** @return live records the table takes before an insert throws {@link StateFullException} */
    public long maxEntries() {
        return maxEntries;
    }

    /** Whether the kernel accepted the transparent-huge-page advice for the table. */
    public boolean hugePages() {
        return hugePages;
    }

    /** Live records. Writer thread only. */
    public long size() {
        return size;
    }

    /** Bytes of off-heap memory held. */
    public long memoryBytes() {
        return allocated;
    }

    /** The probe hash of a key given as its four words in native order. */
    static long hash(final long w0, final long w1, final long w2, final long w3) {
        long h = w0 * 0x9E3779B97F4A7C15L + w1;
        h = h * 0xC2B2AE3D27D4EB4FL + w2;
        h = h * 0x165667B19E3779F9L + w3;
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        return h ^ (h >>> 32);
    }

    private long slotAddress(final long index) {
        return base + index * SLOT;
    }

    /**
     * Reader-safe lookup: copies the record under the key into {@code dst}; returns its length or -1 if absent.
     * Any thread; never torn.
     */
    public int get(final DirectBuffer key, final int keyOffset, final MutableDirectBuffer dst, final int dstOffset) {
        return get(key, keyOffset, dst, dstOffset, null, 0);
    }

    /**
     * {@link #get(DirectBuffer, int, MutableDirectBuffer, int)}, also writing the read's version into {@code version}
     * (if not null) at {@code versionOffset}: the slot's sequence when the record was copied (word 0: even) and the
     * slot's index (word 8), or {@link StateReader#NO_VERSION} for an absent key. Every change of a slot's content
     * (a replace, an insert, a deletion and the entries it shifts, a rollback's restore) moves its sequence on and
     * a sequence never goes back, so while the slot's sequence is still the one read, the slot still holds that key
     * with that record ({@link #unchangedSince}).
     */
    public int get(final DirectBuffer key, final int keyOffset, final MutableDirectBuffer dst, final int dstOffset,
                   final MutableDirectBuffer version, final int versionOffset) {
        final long k0 = key.getLong(keyOffset);
        final long k1 = key.getLong(keyOffset + 8);
        final long k2 = key.getLong(keyOffset + 16);
        final long k3 = key.getLong(keyOffset + 24);
        final long start = hash(k0, k1, k2, k3) & mask;
        final byte[] dstArray = dst.byteArray();
        final long dstAddress = dst.addressOffset() + dstOffset;
        while (true) {
            final long shift = UnsafeApi.getLongAcquire(shiftVersion, SHIFT_FIELD);
            long index = start;
            while (true) {
                final long slot = slotAddress(index);
                final long seq = UnsafeApi.getLongAcquire(null, slot + SEQ);
                if ((seq & 1) != 0) {
                    Thread.onSpinWait();
                    continue;
                }
                final long s0 = UnsafeApi.getLong(slot + KEY);
                if (((s0 >>> TAG_SHIFT) & 0xFF) == 0) {
                    UnsafeApi.loadFence();
                    if (UnsafeApi.getLong(slot + SEQ) != seq) {
                        continue;
                    }
                    break;
                }
                final boolean match = s0 == k0 && UnsafeApi.getLong(slot + KEY + 8) == k1
                    && UnsafeApi.getLong(slot + KEY + 16) == k2 && UnsafeApi.getLong(slot + KEY + 24) == k3;
                if (match) {
                    final int len = KeyType.recordLengthOfTag((int) ((s0 >>> TAG_SHIFT) & 0xFF));
                    dst.boundsCheck(dstOffset, len);
                    copyFromSlot(slot + VALUE, dstArray, dstAddress, len);
                    UnsafeApi.loadFence();
                    if (UnsafeApi.getLong(slot + SEQ) != seq) {
                        continue;
                    }
                    if (version != null) {
                        version.putLong(versionOffset, seq);
                        version.putLong(versionOffset + 8, index);
                    }
                    return len;
                }
                UnsafeApi.loadFence();
                if (UnsafeApi.getLong(slot + SEQ) != seq) {
                    continue;
                }
                index = (index + 1) & mask;
            }
            UnsafeApi.loadFence();
            if (UnsafeApi.getLongAcquire(shiftVersion, SHIFT_FIELD) == shift && (shift & 1) == 0) {
                if (version != null) {
                    version.putLong(versionOffset, StateReader.NO_VERSION);
                }
                return -1;
            }
            Thread.onSpinWait();
        }
    }

    /**
     * Whether the slot named by a version from {@link #get} has not changed since that read: its sequence is still
     * the (even, non-zero) one read. Then it still holds the key that read found, with the same record. Exact, one
     * load; false for {@link StateReader#NO_VERSION} and for a version of zeros. The writer thread (other threads may race a write that follows).
     */
    public boolean unchangedSince(final DirectBuffer version, final int versionOffset) {
        final long seq = version.getLong(versionOffset);
        final long index = version.getLong(versionOffset + 8);
        // a slot that ever held a record has a sequence of at least 2: 0 is an untouched slot, never a version
        return seq != 0 && (seq & 1) == 0 && index >= 0 && index < capacity
            && UnsafeApi.getLong(slotAddress(index) + SEQ) == seq;
    }

    /** Writer only: the slot index holding the key, or -1. */
    public long find(final DirectBuffer key, final int keyOffset) {
        final long k0 = key.getLong(keyOffset);
        final long k1 = key.getLong(keyOffset + 8);
        final long k2 = key.getLong(keyOffset + 16);
        final long k3 = key.getLong(keyOffset + 24);
        long index = hash(k0, k1, k2, k3) & mask;
        while (true) {
            final long slot = slotAddress(index);
            final long s0 = UnsafeApi.getLong(slot + KEY);
            if (((s0 >>> TAG_SHIFT) & 0xFF) == 0) {
                return -1;
            }
            if (s0 == k0 && UnsafeApi.getLong(slot + KEY + 8) == k1 && UnsafeApi.getLong(slot + KEY + 16) == k2
                && UnsafeApi.getLong(slot + KEY + 24) == k3) {
                return index;
            }
            index = (index + 1) & mask;
        }
    }

    /**
     * Writer only: {@link #find(DirectBuffer, int)} that first tries the slot of a version from {@link #get}: if that
     * read is still current ({@link #unchangedSince}) and the slot holds this key, that slot, without probing.
     */
    public long find(final DirectBuffer key, final int keyOffset, final DirectBuffer version, final int versionOffset) {
        if (unchangedSince(version, versionOffset)) {
            final long slot = slotAddress(version.getLong(versionOffset + 8));
            if (UnsafeApi.getLong(slot + KEY) == key.getLong(keyOffset)
                && UnsafeApi.getLong(slot + KEY + 8) == key.getLong(keyOffset + 8)
                && UnsafeApi.getLong(slot + KEY + 16) == key.getLong(keyOffset + 16)
                && UnsafeApi.getLong(slot + KEY + 24) == key.getLong(keyOffset + 24)) {
                return version.getLong(versionOffset + 8);
            }
        }
        return find(key, keyOffset);
    }

    /** Writer only: the value length of the record in {@code index}. */
    public int valueLength(final long index) {
        return KeyType.recordLengthOfTag(UnsafeApi.getByte(slotAddress(index) + KEY) & 0xFF);
    }

    /** Writer only: copies the value in {@code index} into {@code dst}; returns its length. */
    public int copyValue(final long index, final MutableDirectBuffer dst, final int dstOffset) {
        final int len = valueLength(index);
        dst.boundsCheck(dstOffset, len);
        copyFromSlot(slotAddress(index) + VALUE, dst.byteArray(), dst.addressOffset() + dstOffset, len);
        return len;
    }

    /**
     * Writer only: reads one word of each cache line of the slot's value past the first, and returns their sum, so a
     * caller that is about to read several slots can bring them into the cache together (their misses overlap).
     */
    public long touchValue(final long index) {
        final long slot = slotAddress(index);
        return UnsafeApi.getLong(slot + 64) + UnsafeApi.getLong(slot + 128);
    }

    /** Writer only: copies the key in {@code index} into {@code dst}. */
    public void copyKey(final long index, final MutableDirectBuffer dst, final int dstOffset) {
        dst.boundsCheck(dstOffset, StateKeys.LENGTH);
        UnsafeApi.copyMemory(null, slotAddress(index) + KEY, dst.byteArray(), dst.addressOffset() + dstOffset,
            StateKeys.LENGTH);
    }

    /** Writer only: the writer's stamp of slot {@code index} (moves with the entry). */
    public long stamp(final long index) {
        return UnsafeApi.getLong(slotAddress(index) + STAMP);
    }

    public void stamp(final long index, final long stamp) {
        UnsafeApi.putLong(slotAddress(index) + STAMP, stamp);
    }

    /** Writer only: whether slot {@code index} holds a record (for iteration over 0..capacity). */
    public boolean occupied(final long index) {
        return (UnsafeApi.getByte(slotAddress(index) + KEY) & 0xFF) != 0;
    }

    /** Writer only: visits every record in slot order (not key order). */
    public void forEach(final StateVisitor visitor) {
        final UnsafeBuffer keyView = new UnsafeBuffer(0, 0);
        final UnsafeBuffer valueView = new UnsafeBuffer(0, 0);
        for (long i = 0; i < capacity; i++) {
            if (occupied(i)) {
                final long slot = slotAddress(i);
                final int len = valueLength(i);
                keyView.wrap(slot + KEY, StateKeys.LENGTH);
                valueView.wrap(slot + VALUE, len);
                visitor.visit(keyView, 0, valueView, 0, len);
            }
        }
    }

    /** Writer only: replaces the value in the occupied slot {@code index}. */
    public void replace(final long index, final DirectBuffer value, final int valueOffset, final int length) {
        final long slot = slotAddress(index);
        final long seq = beginWrite(slot);
        copyToSlot(value.byteArray(), value.addressOffset() + valueOffset, slot + VALUE, length);
        endWrite(slot, seq);
    }

    /**
     * Writer only: inserts a key known to be absent; returns its slot.
     *
     * @throws StateFullException when the table already holds its configured entries.
     */
    public long insert(final DirectBuffer key, final int keyOffset, final DirectBuffer value, final int valueOffset,
            final int length, final long stamp) {
        if (size >= maxEntries) {
            throw new StateFullException(maxEntries);
        }
        final long k0 = key.getLong(keyOffset);
        long index = hash(k0, key.getLong(keyOffset + 8), key.getLong(keyOffset + 16), key.getLong(keyOffset + 24))
            & mask;
        while ((UnsafeApi.getByte(slotAddress(index) + KEY) & 0xFF) != 0) {
            index = (index + 1) & mask;
        }
        final long slot = slotAddress(index);
        final long seq = beginWrite(slot);
        UnsafeApi.putLong(slot + STAMP, stamp);
        copyToSlot(value.byteArray(), value.addressOffset() + valueOffset, slot + VALUE, length);
        // The tag byte (word 0 of the key) goes last so the slot turns non-empty with its whole content.
        UnsafeApi.copyMemory(key.byteArray(), key.addressOffset() + keyOffset + 8, null, slot + KEY + 8, 24);
        UnsafeApi.putLong(slot + KEY, k0);
        endWrite(slot, seq);
        size++;
        return index;
    }

    /** Writer only: deletes the record in slot {@code index}, shifting later entries of its cluster back. */
    public void delete(final long index) {
        UnsafeApi.putLongVolatile(shiftVersion, SHIFT_FIELD, UnsafeApi.getLong(shiftVersion, SHIFT_FIELD) + 1);
        long hole = index;
        long next = (hole + 1) & mask;
        while (true) {
            final long nslot = slotAddress(next);
            final long n0 = UnsafeApi.getLong(nslot + KEY);
            if (((n0 >>> TAG_SHIFT) & 0xFF) == 0) {
                break;
            }
            final long home = hash(n0, UnsafeApi.getLong(nslot + KEY + 8), UnsafeApi.getLong(nslot + KEY + 16),
                UnsafeApi.getLong(nslot + KEY + 24)) & mask;
            // Move next into the hole unless its home lies cyclically in (hole, next].
            final boolean stays = hole <= next ? (home > hole && home <= next) : (home > hole || home <= next);
            if (!stays) {
                final long hslot = slotAddress(hole);
                final long seq = beginWrite(hslot);
                UnsafeApi.copyMemory(nslot + STAMP, hslot + STAMP, SLOT - STAMP);
                endWrite(hslot, seq);
                hole = next;
            }
            next = (next + 1) & mask;
        }
        final long hslot = slotAddress(hole);
        final long seq = beginWrite(hslot);
        UnsafeApi.setMemory(hslot + STAMP, SLOT - STAMP, (byte) 0);
        endWrite(hslot, seq);
        size--;
        UnsafeApi.putLongRelease(shiftVersion, SHIFT_FIELD, UnsafeApi.getLong(shiftVersion, SHIFT_FIELD) + 1);
    }

    /**
     * Copies {@code len} bytes (a multiple of 8, at most 144) from a slot word by word: cheaper than a copy stub
     * call. Absolute-address accessors are used for the slot side.
     */
    private static void copyFromSlot(final long src, final Object dstBase, final long dst, final int len) {
        for (int i = 0; i < len; i += 8) {
            UnsafeApi.putLong(dstBase, dst + i, UnsafeApi.getLong(src + i));
        }
    }

    /** Copies {@code len} bytes (a multiple of 8) into a slot word by word. */
    private static void copyToSlot(final Object srcBase, final long src, final long dst, final int len) {
        for (int i = 0; i < len; i += 8) {
            UnsafeApi.putLong(dst + i, UnsafeApi.getLong(srcBase, src + i));
        }
    }

    private static long beginWrite(final long slot) {
        final long seq = UnsafeApi.getLong(slot + SEQ) + 1;
        UnsafeApi.putLong(slot + SEQ, seq);
        UnsafeApi.storeStoreFence();
        return seq;
    }

    private static void endWrite(final long slot, final long oddSeq) {
        UnsafeApi.putLongRelease(null, slot + SEQ, oddSeq + 1);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            UnsafeApi.freeMemory(rawAddress);
        }
    }

}
