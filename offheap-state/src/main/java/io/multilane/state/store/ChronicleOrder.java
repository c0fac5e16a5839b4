package io.multilane.state.store;

import io.multilane.state.key.StateKeys;
import net.openhft.chronicle.algo.hashing.LongHashFunction;
import net.openhft.chronicle.hash.impl.CompactOffHeapLinearHashTable;
import net.openhft.chronicle.hash.impl.HashSplitting;
import net.openhft.chronicle.hash.impl.VanillaChronicleHash;

/**
 * Where Chronicle Map keeps a key: its hash (xxHash r39 of the key's 32 bytes, as the map computes it), the segment
 * that hash selects and the key's home slot in that segment's hash lookup, folded into one rank that grows with
 * (segment, slot). The {@link MergeTable} places each key by its rank, so a checkpoint that writes the table in slot
 * order walks Chronicle's file forward segment by segment (each segment's header, hash lookup and entries stay in
 * cache for the few thousand puts it receives) instead of missing the cache three times per put.
 *
 * <p>The rank is read from the opened map's own configuration (its segment count and hash lookup size are stored in
 * the file), so it is right for files of any sizing. It only orders writes: a wrong rank costs speed, never
 * correctness. {@link #UNIFORM} ranks by the hash alone, for tables not tied to a map. Immutable, any thread.
 */
final class ChronicleOrder {
    private static final int UNIFORM_BITS = 32;
    /** Ranks by the key hash's top bits: uniform, for tables not tied to a map. */
    static final ChronicleOrder UNIFORM = new ChronicleOrder(null, null, 0, 1, 0, 0, 0, UNIFORM_BITS);
    /** Chronicle Map's key hash function (its default, xxHash r39). */
    static final LongHashFunction HASH = LongHashFunction.xx_r39();
    /** Chronicle's split of a hash over segments that are not a power of two in number ({@link HashSplitting}). */
    private static final int NON_POWER_OF_2_SPLIT_BITS = 31;
    private static final int SAMPLES = 256;

    /** Chronicle's own functions, used when {@link #fast} disagrees with them (a Chronicle version that changed them). */
    private final HashSplitting splitting;
    private final CompactOffHeapLinearHashTable lookup;
    private final long lookupSlotSize;
    private final int segments;
    private final int splitBits;
    private final long lookupKeyMask;
    private final int lookupBits;
    private final int rankBits;
    private final boolean fast;

    private ChronicleOrder(final HashSplitting splitting, final CompactOffHeapLinearHashTable lookup,
                           final long lookupSlotSize, final int segments, final int segmentBits,
                           final int lookupKeyBits, final int lookupBits, final int rankBits) {
        this.splitting = splitting;
        this.lookup = lookup;
        this.lookupSlotSize = lookupSlotSize;
        this.segments = segments;
        this.splitBits = Integer.bitCount(segments) == 1 ? segmentBits : NON_POWER_OF_2_SPLIT_BITS;
        this.lookupKeyMask = (1L << lookupKeyBits) - 1;
        this.lookupBits = lookupBits;
        this.rankBits = rankBits;
        this.fast = splitting == null || agreesWithChronicle();
    }

    /** The order of {@code map}'s layout (its segments and per-segment hash lookup). */
    static ChronicleOrder of(final VanillaChronicleHash<?, ?, ?, ?> map) {
        final int segments = map.actualSegments;
        final int segmentBits = segments <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(segments - 1);
        final long capacity = map.tierHashLookupCapacity;
        if (Long.bitCount(capacity) != 1) {
            throw new IllegalStateException("Chronicle hash lookup capacity is not a power of two: " + capacity);
        }
        final int lookupBits = Long.numberOfTrailingZeros(capacity);
        return new ChronicleOrder(map.hashSplitting, map.hashLookup, map.tierHashLookupSlotSize, segments,
            segmentBits, map.tierHashLookupKeyBits, lookupBits, segmentBits + lookupBits);
    }

    /** Whether {@link #fastRank} gives what Chronicle's own functions give, over a spread of hashes. */
    private boolean agreesWithChronicle() {
        long h = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < SAMPLES; i++) {
            h = h * 0x5851F42D4C957F2DL + 0x14057B7EF767814FL;
            if (fastRank(h) != chronicleRank(h)) {
                return false;
            }
        }
        return fastRank(0) == chronicleRank(0) && fastRank(-1) == chronicleRank(-1);
    }

    /** Whether ranks are computed inline (true unless this Chronicle splits hashes differently than expected). */
    boolean fast() {
        return fast;
    }

    /** Chronicle's hash of a key given as its four 8-byte words in native order (its bytes as they lie in memory). */
    static long hash(final long k0, final long k1, final long k2, final long k3, final long[] scratch) {
        scratch[0] = k0;
        scratch[1] = k1;
        scratch[2] = k2;
        scratch[3] = k3;
        return HASH.hashLongs(scratch, 0, StateKeys.LENGTH / Long.BYTES);
    }

    /** Chronicle's hash of the 32-byte key at {@code address}. */
    static long hashAt(final long address) {
        return HASH.hashMemory(address, StateKeys.LENGTH);
    }

    /** Segments of the map (1 for {@link #UNIFORM}). */
    int segments() {
        return segments;
    }

    /** Bits of {@link #rank}: ranks lie in {@code [0, 2^rankBits)}. */
    int rankBits() {
        return rankBits;
    }

    /** The key's position in the map's layout: segment index in the high bits, home hash lookup slot in the low. */
    long rank(final long hash) {
        if (splitting == null) {
            return hash >>> (Long.SIZE - UNIFORM_BITS);
        }
        return fast ? fastRank(hash) : chronicleRank(hash);
    }

    /** {@link #chronicleRank} in a few instructions: Chronicle's hash splitting and hash lookup masking, inline. */
    private long fastRank(final long hash) {
        final int segment = segments == 1 ? 0 : splitBits == NON_POWER_OF_2_SPLIT_BITS
            ? (((int) hash) & Integer.MAX_VALUE) % segments : ((int) hash) & (segments - 1);
        final long segmentHash = segments == 1 ? hash : hash >>> splitBits;
        long lookupKey = segmentHash & lookupKeyMask;
        if (lookupKey == 0) {
            lookupKey = lookupKeyMask;
        }
        return ((long) segment << lookupBits) | (lookupKey & ((1L << lookupBits) - 1));
    }

    /** The rank through Chronicle's own functions (interface calls and a division: slower). */
    private long chronicleRank(final long hash) {
        final long slot = lookup.hlPos(lookup.maskUnsetKey(splitting.segmentHash(hash))) / lookupSlotSize;
        return ((long) splitting.segmentIndex(hash) << lookupBits) | slot;
    }

    /**
     * The home slot of a key in a table of {@code 2^tableBits} slots: its rank scaled to the table, the hash's top
     * bits filling in below when the table has more slots than ranks. Monotone in the rank.
     */
    long slot(final long hash, final int tableBits) {
        final long rank = rank(hash);
        if (rankBits >= tableBits) {
            return rank >>> (rankBits - tableBits);
        }
        final int extra = tableBits - rankBits;
        return (rank << extra) | (hash >>> (Long.SIZE - extra));
    }
}
