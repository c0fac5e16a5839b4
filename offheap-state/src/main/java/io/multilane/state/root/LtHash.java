package io.multilane.state.root;

import java.nio.ByteOrder;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * An order-independent, incrementally updatable commitment to a set of (key, value) records: a lattice hash
 * (LtHash, Bellare–Micciancio; Lewi et al. 2019; Solana SIMD-0215) over {@value #LANES} lanes of u64 with
 * wrapping addition. Adding a record adds its item vector {@link ItemHasher#expand}, removing it subtracts it,
 * so the vector, and the 32-byte SHA-256 digest of it, is a pure function of the set of records.
 *
 * <p>Not thread-safe: owned by one thread (the store's writer). Allocation-free after construction.
 * Scheme, parameters and their security trade-off: docs/state-root.md.
 */
public final class LtHash {
    /** Number of u64 lanes in the vector. */
    public static final int LANES = ItemHasher.LANES;
    /** Size of the root digest in bytes. */
    public static final int DIGEST_LENGTH = 32;

    private final long[] lanes = new long[LANES];
    private final long[] item = new long[LANES];
    private final byte[] vectorBytes = new byte[LANES * 8];
    private final UnsafeBuffer vectorView = new UnsafeBuffer(vectorBytes);
    private final byte[] digestBytes = new byte[DIGEST_LENGTH];
    private final MessageDigest sha256;

    public LtHash() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }

    /** Adds the record (key, value[0..length)) to the set. */
    public void add(final DirectBuffer key, final int keyOffset, final DirectBuffer value, final int valueOffset,
            final int length) {
        ItemHasher.expand(key, keyOffset, value, valueOffset, length, item);
        final long[] l = lanes;
        final long[] it = item;
        for (int i = 0; i < LANES; i++) {
            l[i] += it[i];
        }
    }

    /** Removes the record (key, value[0..length)) from the set; it must have been added. */
    public void subtract(final DirectBuffer key, final int keyOffset, final DirectBuffer value, final int valueOffset,
            final int length) {
        ItemHasher.expand(key, keyOffset, value, valueOffset, length, item);
        final long[] l = lanes;
        final long[] it = item;
        for (int i = 0; i < LANES; i++) {
            l[i] -= it[i];
        }
    }

    /** Resets to the empty set. */
    public void clear() {
        for (int i = 0; i < LANES; i++) {
            lanes[i] = 0;
        }
    }

    /** Copies the vector of {@code other} into this. */
    public void copyFrom(final LtHash other) {
        System.arraycopy(other.lanes, 0, lanes, 0, LANES);
    }

    /** Adds the vector of {@code other} (the union of two disjoint sets). */
    public void addAll(final LtHash other) {
        for (int i = 0; i < LANES; i++) {
            lanes[i] += other.lanes[i];
        }
    }

    /** Lane {@code i} of the vector. */
    public long lane(final int i) {
        return lanes[i];
    }

    /** True when the vector equals {@code other}'s. */
    public boolean sameAs(final LtHash other) {
        for (int i = 0; i < LANES; i++) {
            if (lanes[i] != other.lanes[i]) {
                return false;
            }
        }
        return true;
    }

    /** Writes SHA-256 of the vector (lanes little-endian, lane 0 first) to {@code out} at {@code offset}. */
    public void digest(final MutableDirectBuffer out, final int offset) {
        for (int i = 0; i < LANES; i++) {
            vectorView.putLong(i * 8, lanes[i], ByteOrder.LITTLE_ENDIAN);
        }
        sha256.update(vectorBytes, 0, vectorBytes.length);
        try {
            sha256.digest(digestBytes, 0, DIGEST_LENGTH);
        } catch (final DigestException e) {
            throw new IllegalStateException(e);
        }
        out.putBytes(offset, digestBytes, 0, DIGEST_LENGTH);
    }
}
