package io.multilane.exec.lane;

import io.multilane.state.key.StateKeys;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A lane's own uncommitted writes: an open-addressing map from a 32-byte state key to (record bytes,
 * ring sequence of the transaction that wrote it). An entry is meaningful only while its sequence is
 * above the commit stage's cursor: once that transaction is committed, committed state
 * already holds the value (or, after a re-execution, a better one), so readers fall through to it.
 *
 * <p>Allocation-free after construction. When the table passes half full it is rebuilt into its twin,
 * keeping only the entries that are still uncommitted; if that still leaves it half full (a lane far
 * ahead of the commit stage), it is emptied, which only costs re-executions, never correctness: every
 * value a lane reads is validated at commit. Owned by one lane thread.
 */
public final class LaneOverlay {
    /** Bytes per value; at least the largest record. */
    public static final int VALUE_STRIDE = 144;

    private Table table;
    private Table spare;
    private final int mask;
    private final int limit;

    /**
     * @param capacity entries (rounded up to a power of two, at least 64); keep about twice the keys
     *                 a lane writes while the commit stage is behind it (ring size times keys per transaction)
     */
    public LaneOverlay(final int capacity) {
        int size = 64;
        while (size < capacity) {
            size <<= 1;
        }
        mask = size - 1;
        limit = size >> 1;
        table = new Table(size);
        spare = new Table(size);
    }

    /** @return entries held (committed or not) */
    public int size() {
        return table.count;
    }

    /** Drops every entry. */
    public void clear() {
        table.clear();
    }

    /**
     * Finds the entry of a key.
     *
     * @param key buffer holding the 32-byte key
     * @param keyOffset its offset
     * @return the entry index, or -1
     */
    public int find(final DirectBuffer key, final int keyOffset) {
        final int i = probe(key, keyOffset);
        return table.k0[i] == 0 ? -1 : i;
    }

    /** @return the index holding the key, or the empty index where it would go */
    private int probe(final DirectBuffer key, final int keyOffset) {
        final long a = key.getLong(keyOffset);
        final long b = key.getLong(keyOffset + StateKeys.ID1_OFFSET);
        final long c = key.getLong(keyOffset + StateKeys.ID2_OFFSET);
        final long d = key.getLong(keyOffset + StateKeys.ID3_OFFSET);
        final Table t = table;
        int i = hash(a, b, c, d) & mask;
        while (true) {
            final long k0 = t.k0[i];
            if (k0 == 0 || (k0 == a && t.k1[i] == b && t.k2[i] == c && t.k3[i] == d)) {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    /**
     * @param entry an index from {@link #find}
     * @return the sequence of the transaction that wrote it
     */
    public long sequence(final int entry) {
        return table.seq[entry];
    }

    /**
     * Copies an entry's record, with the store's semantics: a record of all zero bytes is absent.
     *
     * @param entry an index from {@link #find}
     * @param dst destination
     * @param dstOffset where
     * @return the record length, or -1 if the record is all zeros (absent)
     */
    public int read(final int entry, final MutableDirectBuffer dst, final int dstOffset) {
        final Table t = table;
        if (t.zero[entry]) {
            return -1;
        }
        final int length = t.length[entry];
        dst.putBytes(dstOffset, t.values, entry * VALUE_STRIDE, length);
        return length;
    }

    /**
     * Records a lane write, replacing any older entry of the key.
     *
     * @param key buffer holding the 32-byte key (its first word is never 0: the type tag)
     * @param keyOffset its offset
     * @param value buffer holding the record
     * @param valueOffset its offset
     * @param length record length (at most {@link #VALUE_STRIDE})
     * @param sequence ring sequence of the writing transaction
     * @param committed the commit stage's cursor now, to drop committed entries if the table must be rebuilt
     */
    public void put(final DirectBuffer key, final int keyOffset, final DirectBuffer value, final int valueOffset,
            final int length, final long sequence, final long committed) {
        if (table.count >= limit) {
            rebuild(committed);
        }
        final Table t = table;
        final int i = probe(key, keyOffset);
        if (t.k0[i] == 0) {
            t.k0[i] = key.getLong(keyOffset);
            t.k1[i] = key.getLong(keyOffset + StateKeys.ID1_OFFSET);
            t.k2[i] = key.getLong(keyOffset + StateKeys.ID2_OFFSET);
            t.k3[i] = key.getLong(keyOffset + StateKeys.ID3_OFFSET);
            t.count++;
        }
        t.seq[i] = sequence;
        t.length[i] = length;
        t.values.putBytes(i * VALUE_STRIDE, value, valueOffset, length);
        t.zero[i] = allZero(t.values, i * VALUE_STRIDE, length);
    }

    private void rebuild(final long committed) {
        final Table from = table;
        final Table to = spare;
        to.clear();
        for (int i = 0; i <= mask; i++) {
            if (from.k0[i] != 0 && from.seq[i] > committed) {
                int j = hash(from.k0[i], from.k1[i], from.k2[i], from.k3[i]) & mask;
                while (to.k0[j] != 0) {
                    j = (j + 1) & mask;
                }
                to.k0[j] = from.k0[i];
                to.k1[j] = from.k1[i];
                to.k2[j] = from.k2[i];
                to.k3[j] = from.k3[i];
                to.seq[j] = from.seq[i];
                to.length[j] = from.length[i];
                to.zero[j] = from.zero[i];
                to.values.putBytes(j * VALUE_STRIDE, from.values, i * VALUE_STRIDE, from.length[i]);
                to.count++;
            }
        }
        table = to;
        spare = from;
        if (to.count >= limit) {
            to.clear();
        }
    }

    private static boolean allZero(final DirectBuffer buffer, final int offset, final int length) {
        int i = 0;
        for (; i + 8 <= length; i += 8) {
            if (buffer.getLong(offset + i) != 0) {
                return false;
            }
        }
        for (; i < length; i++) {
            if (buffer.getByte(offset + i) != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Full-avalanche hash of the key's four words. Keys hold big-endian ids read here as little-endian
     * words, so an id's low byte sits in the word's top bits: a multiply-only hash would leave it out of
     * the low bits the table indexes by (every account of a 256-id block in one probe chain).
     */
    private static int hash(final long a, final long b, final long c, final long d) {
        long h = mix(a ^ 0x9E3779B97F4A7C15L);
        h = mix(h ^ b);
        h = mix(h ^ c);
        h = mix(h ^ d);
        return (int) h;
    }

    private static long mix(final long v) {
        long k = v;
        k ^= k >>> 33;
        k *= 0xFF51AFD7ED558CCDL;
        k ^= k >>> 33;
        k *= 0xC4CEB9FE1A85EC53L;
        k ^= k >>> 33;
        return k;
    }

    /** One generation of the table's arrays. */
    private static final class Table {
        final long[] k0;
        final long[] k1;
        final long[] k2;
        final long[] k3;
        final long[] seq;
        final int[] length;
        final boolean[] zero;
        final UnsafeBuffer values;
        int count;

        Table(final int size) {
            k0 = new long[size];
            k1 = new long[size];
            k2 = new long[size];
            k3 = new long[size];
            seq = new long[size];
            length = new int[size];
            zero = new boolean[size];
            values = new UnsafeBuffer(new byte[size * VALUE_STRIDE]);
        }

        void clear() {
            java.util.Arrays.fill(k0, 0L);
            count = 0;
        }
    }
}
