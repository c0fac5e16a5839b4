package io.multilane.affinity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CpuRoleTest {
    @Test
    void namesParseBack() {
        assertEquals(CpuRole.lane(0), CpuRole.parse("lane0"));
        assertEquals(CpuRole.lane(17), CpuRole.parse("lane17"));
        assertEquals(CpuRole.COMMIT, CpuRole.parse("commit"));
        assertEquals(CpuRole.INGRESS, CpuRole.parse("ingress"));
        for (final CpuRole role : new CpuRole[] {CpuRole.lane(3), CpuRole.COMMIT, CpuRole.INGRESS}) {
            assertEquals(role, CpuRole.parse(role.toString()));
        }
        assertEquals("lane3", CpuRole.lane(3).toString());
    }

    @Test
    void rejectsUnknownNamesAndBadIndices() {
        for (final String bad : new String[] {"lane", "lane-1", "lanex", "Commit", "lanes", "lane1234567890", ""}) {
            assertThrows(IllegalArgumentException.class, () -> CpuRole.parse(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> CpuRole.lane(-1));
        assertThrows(IllegalArgumentException.class, () -> new CpuRole(CpuRole.Kind.COMMIT, 2));
    }
}
