package io.multilane.state.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.multilane.state.StateFullException;
import io.multilane.state.StateReader;
import io.multilane.state.key.KeyType;
import io.multilane.state.key.StateKeys;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The fast tier against a HashMap model: random inserts, replaces and deletes (which shift clusters back) on
 * small tables with long probe chains; every key of the model is found with its value, every deleted key is
 * absent, and the table refuses to exceed its configured entries. jqwik prints the seed.
 */
class FastTableTest {
    @Property(tries = 60)
    void behavesLikeAMap(@ForAll final long seed, @ForAll @IntRange(min = 1, max = 300) final int entries) {
        final Random rnd = new Random(seed);
        final Map<Long, Long> model = new HashMap<>();
        final UnsafeBuffer key = new UnsafeBuffer(new byte[32]);
        final UnsafeBuffer value = new UnsafeBuffer(new byte[144]);
        final UnsafeBuffer out = new UnsafeBuffer(new byte[144]);
        try (FastTable t = new FastTable(entries)) {
            for (int step = 0; step < 3000; step++) {
                final long id = 1 + rnd.nextInt(entries * 2);
                StateKeys.encode(key, 0, KeyType.TOKEN_BALANCE, id, 9, 0);
                final long index = t.find(key, 0);
                final int op = rnd.nextInt(3);
                if (op == 0 && index >= 0) {
                    t.delete(index);
                    model.remove(id);
                } else {
                    final long v = rnd.nextLong() | 1;
                    value.putLong(0, v);
                    value.putLong(8, ~v);
                    if (index >= 0) {
                        t.replace(index, value, 0, 16);
                        model.put(id, v);
                    } else if (model.size() < entries) {
                        t.insert(key, 0, value, 0, 16, 0);
                        model.put(id, v);
                    } else {
                        assertThrows(StateFullException.class, () -> t.insert(key, 0, value, 0, 16, 0));
                    }
                }
                assertEquals(model.size(), t.size());
            }
            for (long id = 1; id <= entries * 2; id++) {
                StateKeys.encode(key, 0, KeyType.TOKEN_BALANCE, id, 9, 0);
                final int len = t.get(key, 0, out, 0);
                final Long expected = model.get(id);
                if (expected == null) {
                    assertEquals(-1, len);
                } else {
                    assertEquals(16, len);
                    assertEquals(expected.longValue(), out.getLong(0));
                }
            }
            final List<Long> seen = new ArrayList<>();
            t.forEach((k, ko, v, vo, len) -> seen.add(StateKeys.id1(k, ko)));
            assertEquals(model.size(), seen.size());
            assertTrue(model.keySet().containsAll(seen));
        }
    }
    /**
     * Read versions against the same model: a version {@link FastTable#get} handed out is still
     * {@link FastTable#unchangedSince current} only while the key holds the record read with it (whatever inserts,
     * replaces and shifting deletes of other keys happened), is stale at once after any write of that key, and
     * {@link FastTable#find(org.agrona.DirectBuffer, int, org.agrona.DirectBuffer, int)} with any version (current,
     * stale, another key's) finds what a plain lookup finds.
     */
    @Property(tries = 60)
    void versionsProveExactlyTheRecordRead(@ForAll final long seed, @ForAll @IntRange(min = 1, max = 200) final int entries) {
        final Random rnd = new Random(seed);
        final Map<Long, Long> model = new HashMap<>();
        final int held = 16;
        final long[] heldId = new long[held];
        final long[] heldValue = new long[held];
        final UnsafeBuffer versions = new UnsafeBuffer(new byte[held * StateReader.VERSION_LENGTH]);
        final UnsafeBuffer key = new UnsafeBuffer(new byte[32]);
        final UnsafeBuffer value = new UnsafeBuffer(new byte[144]);
        final UnsafeBuffer out = new UnsafeBuffer(new byte[144]);
        int stillCurrent = 0;
        try (FastTable t = new FastTable(entries)) {
            for (int step = 0; step < 3000; step++) {
                final long id = 1 + rnd.nextInt(entries * 2);
                StateKeys.encode(key, 0, KeyType.TOKEN_BALANCE, id, 9, 0);
                final int h = rnd.nextInt(held);
                final long index = t.find(key, 0, versions, h * StateReader.VERSION_LENGTH);
                assertEquals(t.find(key, 0), index, "find with a version finds what find finds");
                final int op = rnd.nextInt(4);
                if (op == 0) {
                    heldId[h] = id;
                    if (t.get(key, 0, out, 0, versions, h * StateReader.VERSION_LENGTH) >= 0) {
                        heldValue[h] = out.getLong(0);
                    } else {
                        assertEquals(StateReader.NO_VERSION, versions.getLong(h * StateReader.VERSION_LENGTH));
                        assertFalse(t.unchangedSince(versions, h * StateReader.VERSION_LENGTH), "absent: nothing to prove");
                    }
                } else if (op == 1 && index >= 0) {
                    t.delete(index);
                    model.remove(id);
                } else {
                    final long v = rnd.nextLong() | 1;
                    value.putLong(0, v);
                    if (index >= 0) {
                        t.replace(index, value, 0, 16);
                        model.put(id, v);
                    } else if (model.size() < entries) {
                        t.insert(key, 0, value, 0, 16, 0);
                        model.put(id, v);
                    }
                }
                for (int i = 0; i < held; i++) {
                    if (t.unchangedSince(versions, i * StateReader.VERSION_LENGTH)) {
                        stillCurrent++;
                        assertEquals(Long.valueOf(heldValue[i]), model.get(heldId[i]), "a current version's record");
                        if (op != 0 && heldId[i] == id) {
                            throw new AssertionError("key " + id + " was written at step " + step
                                + " but a version read before is still current");
                        }
                    }
                }
            }
        }
        assertTrue(stillCurrent > 0, "some versions outlived writes of other keys");
    }
}
