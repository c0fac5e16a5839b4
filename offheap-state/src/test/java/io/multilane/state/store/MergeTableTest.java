package io.multilane.state.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import io.multilane.state.key.KeyType;
import io.multilane.state.key.StateKeys;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The checkpoint's merge table against a HashMap model: random merges of values and deletions over a key space
 * large enough to double the table several times and be cleared in between; every key holds its last merged value
 * or deletion, each key listed once (also after sorting the entries by slot, which lists them in address order),
 * and a cleared table is empty. jqwik prints the seed.
 */
class MergeTableTest {
    @Property(tries = 30)
    void keepsTheLastValueOfEveryKey(@ForAll final long seed) {
        final Random rnd = new Random(seed);
        final UnsafeBuffer key = new UnsafeBuffer(new byte[32]);
        final UnsafeBuffer value = new UnsafeBuffer(new byte[144]);
        final UnsafeBuffer view = new UnsafeBuffer(0, 0);
        try (MergeTable t = new MergeTable(16, ChronicleOrder.UNIFORM)) {
            for (int round = 0; round < 3; round++) {
                final Map<Long, Long> model = new HashMap<>();
                final int ops = rnd.nextInt(3000);
                for (int i = 0; i < ops; i++) {
                    final long id = 1 + rnd.nextInt(1 + ops / 2);
                    final long v = rnd.nextInt(4) == 0 ? 0 : 1 + rnd.nextInt(1 << 20);
                    StateKeys.encode(key, 0, KeyType.TOKEN, id, 0, 0);
                    value.putLong(8, v);
                    t.put(key, 0, value, 0, v == 0 ? 0 : 32);
                    model.put(id, v);
                }
                assertEquals(model.size(), t.size());
                assertTrue(t.capacity() * 3 / 4 >= t.size());
                if (round == 1) {
                    t.sortBySlot();
                    for (int i = 1; i < t.size(); i++) {
                        assertTrue(t.entry(i - 1) < t.entry(i), "entries in slot order after sortBySlot");
                    }
                }
                for (int i = 0; i < t.size(); i++) {
                    final long entry = t.entry(i);
                    view.wrap(MergeTable.keyAddress(entry), 32);
                    final long id = StateKeys.id1(view, 0);
                    final long expected = model.get(id);
                    assertEquals(expected == 0 ? 0 : 32, MergeTable.length(entry), "key " + id);
                    if (expected != 0) {
                        view.wrap(MergeTable.valueAddress(entry), 32);
                        assertEquals(expected, view.getLong(8), "key " + id);
                    }
                    StateKeys.encode(key, 0, KeyType.TOKEN, id, 0, 0);
                    assertEquals(entry, t.find(key, 0), "find(" + id + ")");
                }
                t.clear();
                assertEquals(0, t.size());
                StateKeys.encode(key, 0, KeyType.TOKEN, 1, 0, 0);
                assertEquals(-1, t.find(key, 0));
            }
        }
    }
}
