package io.multilane.state.root;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;

/**
 * Maps one record (32-byte key, value of 8-byte multiple length) to its LtHash item vector of {@value #LANES}
 * u64 lanes: two keyed multiply-xorshift chains compress the input words to a 128-bit seed, then a counter-mode
 * expansion of the seed through the MurmurHash3 finaliser fills the lanes. Non-cryptographic by design (see
 * docs/state-root.md): it detects any accidental divergence of state, not an adversary who chooses records to
 * collide.
 *
 * <p>Stateless, allocation-free; any thread may call it.
 */
public final class ItemHasher {
    /** Lanes of the item vector. */
    public static final int LANES = 32;

    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    /** Domain separation constants (digits of pi, e, sqrt 2 and sqrt 3 as hex fractions). */
    private static final long K0 = 0x243F6A8885A308D3L;
    private static final long K1 = 0x13198A2E03707344L;
    private static final long K2 = 0xB7E151628AED2A6BL;
    private static final long K3 = 0x6A09E667F3BCC908L;
    private static final long M0 = 0xBB67AE8584CAA73BL;
    private static final long M1 = 0x3C6EF372FE94F82BL | 1L;
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private ItemHasher() {
    }

    /**
     * Expands the record into {@code out[0..LANES)}. The value length must be a multiple of 8 (every record
     * length is); the length is bound into the seed.
     */
    public static void expand(final DirectBuffer key, final int keyOffset, final DirectBuffer value, final int valueOffset,
            final int length,
                              final long[] out) {
        // Two chains over the input words. Each step is a bijection of the chain state for a fixed word and of
        // the word for a fixed state (xor, multiply by an odd constant, xorshift), so records that differ in
        // exactly one word always give different chain states a.
        long a = K0 ^ length;
        long b = K1 + length * GOLDEN;
        for (int i = 0; i < 32; i += 8) {
            final long w = key.getLong(keyOffset + i, LE);
            a = step(a ^ w, M0);
            b = step(b + Long.rotateLeft(w, 17), M1);
        }
        for (int i = 0; i < length; i += 8) {
            final long w = value.getLong(valueOffset + i, LE);
            a = step(a ^ w, M0);
            b = step(b + Long.rotateLeft(w, 17), M1);
        }
        final long s0 = fmix(a);
        final long s1 = fmix(b ^ K2);
        // Lane 0 depends on s0 alone (a bijection of a): distinct chain states give distinct item vectors.
        out[0] = fmix(s0 + GOLDEN);
        for (int i = 1; i < LANES; i++) {
            out[i] = fmix((s0 + (i + 1) * GOLDEN) ^ Long.rotateLeft(s1, i) ^ K3);
        }
    }

    private static long step(final long x, final long oddMultiplier) {
        final long m = x * oddMultiplier;
        return m ^ (m >>> 29);
    }

    /** The 64-bit finaliser of MurmurHash3: a bijection with full avalanche. */
    private static long fmix(final long z) {
        long h = z;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB93FE53A8B53L;
        h ^= h >>> 33;
        return h;
    }
}
