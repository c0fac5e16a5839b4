package io.multilane.state;

import java.util.SplittableRandom;

import io.multilane.state.key.KeyType;
import io.multilane.state.key.StateKeys;
import io.multilane.state.root.LtHash;
import io.multilane.state.root.RootHex;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Test helpers: random keys and records, and the full-scan root recomputation used as an oracle.
 */
public final class TestRecords {
    private static final KeyType[] TYPES = KeyType.values();

    private TestRecords() {
    }

    /** A random key among {@code idSpace} ids of a random type, written at offset 0 of {@code key}. */
    public static KeyType randomKey(final SplittableRandom rnd, final int idSpace, final MutableDirectBuffer key) {
        final KeyType t = TYPES[rnd.nextInt(TYPES.length)];
        StateKeys.encode(key, 0, t, 1 + rnd.nextInt(idSpace), rnd.nextInt(3), 0);
        return t;
    }

    /** A random non-zero record of {@code length} bytes at offset 0 (zero with probability {@code pZero}). */
    public static void randomValue(final SplittableRandom rnd, final int length, final MutableDirectBuffer value,
            final double pZero) {
        final boolean zero = rnd.nextDouble() < pZero;
        for (int i = 0; i < length; i += 8) {
            value.putLong(i, zero ? 0 : rnd.nextLong());
        }
        if (!zero && length > 0 && value.getLong(0) == 0) {
            value.putLong(0, 1);
        }
    }

    /** The root recomputed from scratch by scanning the store. */
    public static UnsafeBuffer scanRoot(final StateStore store) {
        final LtHash h = new LtHash();
        store.scan(h::add);
        final UnsafeBuffer out = new UnsafeBuffer(new byte[32]);
        h.digest(out, 0);
        return out;
    }

    public static UnsafeBuffer root(final StateStore store) {
        final UnsafeBuffer out = new UnsafeBuffer(new byte[32]);
        store.root(out, 0);
        return out;
    }

    public static String hex(final UnsafeBuffer b) {
        return RootHex.of(b);
    }
}
