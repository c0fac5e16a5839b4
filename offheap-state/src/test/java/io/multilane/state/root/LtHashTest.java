package io.multilane.state.root;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import io.multilane.state.key.KeyType;
import io.multilane.state.key.StateKeys;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Properties of the LtHash state root: order independence, sensitivity to any single-bit change of any record,
 * add/subtract as inverses, and incremental maintenance equal to recomputation. jqwik prints the seed.
 */
class LtHashTest {
    private static UnsafeBuffer[] randomRecord(final Random rnd) {
        final KeyType t = KeyType.values()[rnd.nextInt(KeyType.values().length)];
        final UnsafeBuffer key = new UnsafeBuffer(new byte[32]);
        StateKeys.encode(key, 0, t, rnd.nextLong(), rnd.nextInt(4), 0);
        final UnsafeBuffer value = new UnsafeBuffer(new byte[t.recordLength()]);
        for (int i = 0; i < t.recordLength(); i += 8) {
            value.putLong(i, rnd.nextLong());
        }
        return new UnsafeBuffer[] {key, value};
    }

    private static UnsafeBuffer digest(final LtHash h) {
        final UnsafeBuffer out = new UnsafeBuffer(new byte[32]);
        h.digest(out, 0);
        return out;
    }

    @Property(tries = 200)
    void sameRecordsInAnyOrderGiveTheSameRoot(@ForAll final long seed, @ForAll @IntRange(min = 1, max = 200) final int n) {
        final Random rnd = new Random(seed);
        final List<UnsafeBuffer[]> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            records.add(randomRecord(rnd));
        }
        final LtHash a = new LtHash();
        for (final UnsafeBuffer[] r : records) {
            a.add(r[0], 0, r[1], 0, r[1].capacity());
        }
        Collections.shuffle(records, rnd);
        final LtHash b = new LtHash();
        for (final UnsafeBuffer[] r : records) {
            b.add(r[0], 0, r[1], 0, r[1].capacity());
        }
        assertTrue(a.sameAs(b));
        assertEquals(digest(a), digest(b));
    }

    @Property(tries = 300)
    void flippingAnySingleBitOfAnyRecordChangesTheRoot(@ForAll final long seed, @ForAll @IntRange(min = 1, max = 50) final int n,
                                                       @ForAll @IntRange(min = 0, max = 10_000) final int pick) {
        final Random rnd = new Random(seed);
        final List<UnsafeBuffer[]> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            records.add(randomRecord(rnd));
        }
        final LtHash before = new LtHash();
        for (final UnsafeBuffer[] r : records) {
            before.add(r[0], 0, r[1], 0, r[1].capacity());
        }
        final UnsafeBuffer[] victim = records.get(pick % n);
        final boolean inKey = (pick & 1) == 0 && (pick >> 1) % 4 != 0;
        final UnsafeBuffer target = inKey ? victim[0] : victim[1];
        // Key bytes 0..7 hold tag and zeros; flip an id bit (8..31) in keys, any bit in values.
        final int byteIndex = inKey ? 8 + (pick >> 3) % 24 : (pick >> 3) % target.capacity();
        final LtHash after = new LtHash();
        after.copyFrom(before);
        after.subtract(victim[0], 0, victim[1], 0, victim[1].capacity());
        target.putByte(byteIndex, (byte) (target.getByte(byteIndex) ^ (1 << (pick % 8))));
        after.add(victim[0], 0, victim[1], 0, victim[1].capacity());
        assertFalse(after.sameAs(before));
        assertNotEquals(digest(before), digest(after));
    }

    @Property(tries = 200)
    void incrementalUpdatesEqualRecomputation(@ForAll final long seed) {
        final Random rnd = new Random(seed);
        final List<UnsafeBuffer[]> live = new ArrayList<>();
        final LtHash inc = new LtHash();
        for (int step = 0; step < 300; step++) {
            if (!live.isEmpty() && rnd.nextInt(3) == 0) {
                final UnsafeBuffer[] r = live.remove(rnd.nextInt(live.size()));
                inc.subtract(r[0], 0, r[1], 0, r[1].capacity());
            } else {
                final UnsafeBuffer[] r = randomRecord(rnd);
                live.add(r);
                inc.add(r[0], 0, r[1], 0, r[1].capacity());
            }
        }
        final LtHash full = new LtHash();
        for (final UnsafeBuffer[] r : live) {
            full.add(r[0], 0, r[1], 0, r[1].capacity());
        }
        assertTrue(inc.sameAs(full));
        for (final UnsafeBuffer[] r : live) {
            inc.subtract(r[0], 0, r[1], 0, r[1].capacity());
        }
        assertTrue(inc.sameAs(new LtHash()), "removing everything returns to the empty vector");
    }
}
