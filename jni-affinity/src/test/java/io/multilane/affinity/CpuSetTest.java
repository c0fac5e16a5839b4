package io.multilane.affinity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CpuSetTest {
    @Test
    void parsesTheKernelListFormat() {
        final CpuSet set = CpuSet.parse(" 0-3, 8,10-11 ");
        assertArrayEquals(new int[] {0, 1, 2, 3, 8, 10, 11}, set.toArray());
        assertEquals(7, set.size());
        assertEquals("0-3,8,10-11", set.toString());
        assertEquals(CpuSet.of(0), CpuSet.parse("0"));
        assertTrue(CpuSet.parse("").isEmpty());
        assertTrue(CpuSet.parse("  ").isEmpty());
    }

    @Test
    void writesMaximalRanges() {
        assertEquals("0-2,4,6-7", CpuSet.of(7, 0, 1, 2, 4, 6).toString());
        assertEquals("63-65", CpuSet.range(63, 65).toString());
        assertEquals("", CpuSet.empty().toString());
    }

    @Test
    void navigatesAcrossWordBoundaries() {
        final CpuSet set = CpuSet.of(3, 64, 200);
        assertEquals(3, set.first());
        assertEquals(200, set.last());
        assertEquals(64, set.next(4));
        assertEquals(64, set.next(64));
        assertEquals(200, set.next(65));
        assertEquals(-1, set.next(201));
        assertEquals(3, set.next(-5));
        assertEquals(64, set.get(1));
        assertEquals(200, set.get(2));
        assertThrows(IndexOutOfBoundsException.class, () -> set.get(3));
        assertTrue(set.contains(64));
        assertFalse(set.contains(65));
        assertFalse(set.contains(-1));
        assertFalse(set.contains(1 << 20));
        assertEquals(-1, CpuSet.empty().first());
        assertEquals(-1, CpuSet.empty().last());
    }

    @Test
    void comparesAndSubtracts() {
        final CpuSet all = CpuSet.range(0, 7);
        assertTrue(all.containsAll(CpuSet.of(0, 7)));
        assertFalse(all.containsAll(CpuSet.of(0, 8)));
        assertFalse(CpuSet.of(1).containsAll(CpuSet.of(100)));
        assertTrue(all.containsAll(CpuSet.empty()));
        assertEquals(CpuSet.parse("0-2,4-7"), all.minus(CpuSet.of(3, 100)));
        assertEquals(CpuSet.of(100), CpuSet.of(1, 100).minus(CpuSet.of(1)));
        assertTrue(CpuSet.of(64).minus(CpuSet.of(64)).isEmpty());
    }

    @Test
    void equalityIgnoresHowTheSetWasBuilt() {
        final CpuSet trimmed = CpuSet.fromWords(new long[] {0b101L, 0L, 0L});
        assertEquals(CpuSet.of(0, 2), trimmed);
        assertEquals(CpuSet.of(0, 2).hashCode(), trimmed.hashCode());
        assertEquals(1, trimmed.words().length);
        assertEquals(CpuSet.empty(), CpuSet.fromWords(new long[4]));
    }

    @Test
    void rejectsMalformedListsNamingThePart() {
        final IllegalArgumentException letters = assertThrows(IllegalArgumentException.class, () -> CpuSet.parse("0,x"));
        assertTrue(letters.getMessage().contains("'x'"), letters.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CpuSet.parse("0,"));
        assertThrows(IllegalArgumentException.class, () -> CpuSet.parse("3-1"));
        assertThrows(IllegalArgumentException.class, () -> CpuSet.parse("-1"));
        assertThrows(IllegalArgumentException.class, () -> CpuSet.parse("1-"));
        assertThrows(IllegalArgumentException.class, () -> CpuSet.parse("65536"));
        assertThrows(IllegalArgumentException.class, () -> CpuSet.of(-1));
        assertThrows(IllegalArgumentException.class, () -> CpuSet.range(2, 1));
    }
}
