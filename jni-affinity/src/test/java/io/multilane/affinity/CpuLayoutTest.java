package io.multilane.affinity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CpuLayoutTest {
    @Test
    void oneCpuRunsEverything() {
        final CpuLayout layout = CpuLayout.defaultFor(CpuSet.of(5));
        assertEquals("ingress=5,commit=5,lane0=5,lane1=5", layout.describe(2));
    }

    @Test
    void twoCpusSpreadLanesAndGiveCommitTheSecond() {
        final CpuLayout layout = CpuLayout.defaultFor(CpuSet.range(0, 1));
        assertEquals("ingress=0,commit=1,lane0=0,lane1=1,lane2=0,lane3=1", layout.describe(4));
        assertEquals(CpuLayout.parse("lane0=0,lane1=1,commit=1,ingress=0", CpuSet.range(0, 1)).describe(2), layout.describe(2));
    }

    @Test
    void smallMachinesKeepCommitAlone() {
        final CpuLayout layout = CpuLayout.defaultFor(CpuSet.range(0, 3));
        assertEquals("ingress=0,commit=3,lane0=0,lane1=1,lane2=2,lane3=0", layout.describe(4));
        for (int lane = 0; lane < 16; lane++) {
            assertTrue(!layout.cpusFor(CpuRole.lane(lane)).contains(3), "lane " + lane + " shares the commit CPU");
        }
    }

    @Test
    void largeMachinesLeaveTheFirstCpuToTheSystem() {
        final CpuSet allowed = CpuSet.range(0, 15);
        final CpuLayout layout = CpuLayout.defaultFor(allowed);
        assertEquals(CpuSet.of(1), layout.cpusFor(CpuRole.INGRESS));
        assertEquals(CpuSet.of(15), layout.cpusFor(CpuRole.COMMIT));
        assertEquals(CpuSet.range(2, 14), layout.lanePool());
        assertEquals(CpuSet.of(2), layout.cpusFor(CpuRole.lane(0)));
        assertEquals(CpuSet.of(14), layout.cpusFor(CpuRole.lane(12)));
        assertEquals(CpuSet.of(2), layout.cpusFor(CpuRole.lane(13)));
    }

    @Test
    void defaultsFollowTheAllowedCpusNotTheirNumbers() {
        final CpuLayout layout = CpuLayout.defaultFor(CpuSet.parse("4,6,9"));
        assertEquals("ingress=4,commit=9,lane0=4,lane1=6,lane2=4", layout.describe(3));
        assertEquals(CpuSet.parse("4,6,9"), layout.allowed());
    }

    @Test
    void configurationOverridesOnlyWhatItNames() {
        final CpuSet allowed = CpuSet.range(0, 7);
        final CpuLayout layout = CpuLayout.parse("commit=1; lanes=2-4,6 , lane1=7, ingress=*", allowed);
        assertEquals(allowed, layout.cpusFor(CpuRole.INGRESS));
        assertEquals(CpuSet.of(1), layout.cpusFor(CpuRole.COMMIT));
        assertEquals(CpuSet.of(2), layout.cpusFor(CpuRole.lane(0)));
        assertEquals(CpuSet.of(7), layout.cpusFor(CpuRole.lane(1)));
        assertEquals(CpuSet.of(4), layout.cpusFor(CpuRole.lane(2)));
        assertEquals(CpuSet.of(6), layout.cpusFor(CpuRole.lane(3)));
        assertEquals(CpuSet.of(2), layout.cpusFor(CpuRole.lane(4)));
        final CpuLayout commitOnly = CpuLayout.parse("commit=0", allowed);
        assertEquals(CpuLayout.defaultFor(allowed).lanePool(), commitOnly.lanePool());
        assertEquals(CpuLayout.defaultFor(allowed).cpusFor(CpuRole.INGRESS), commitOnly.cpusFor(CpuRole.INGRESS));
        assertEquals(CpuLayout.defaultFor(allowed), CpuLayout.parse("  ", allowed));
    }

    @Test
    void toStringParsesBackToTheSameLayout() {
        final CpuSet allowed = CpuSet.parse("0-9,12");
        for (final String spec : new String[] {"", "lanes=1,3-5,commit=12", "lane2=0-1,lane0=9,ingress=*"}) {
            final CpuLayout layout = CpuLayout.parse(spec, allowed);
            assertEquals(layout, CpuLayout.parse(layout.toString(), allowed), spec);
        }
    }

    @Test
    void cpusForAllocatesNothingPerCall() {
        final CpuLayout layout = CpuLayout.parse("lane1=1", CpuSet.range(0, 3));
        assertSame(layout.cpusFor(CpuRole.lane(0)), layout.cpusFor(CpuRole.lane(0)));
        assertSame(layout.cpusFor(CpuRole.lane(1)), layout.cpusFor(CpuRole.lane(1)));
    }

    @Test
    void rejectsCpusOutsideTheAllowedSetNamingThem() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> CpuLayout.parse("lane0=0,commit=1-3", CpuSet.range(0, 1)));
        assertTrue(e.getMessage().contains("commit=1-3"), e.getMessage());
        assertTrue(e.getMessage().contains("CPUs 2-3 are not in the set this process may use (0-1)"), e.getMessage());
    }

    @Test
    void rejectsMalformedSpecsNamingTheEntry() {
        final CpuSet allowed = CpuSet.range(0, 3);
        final String[] bad = {"comit=1", "commit=", "commit=1,commit=2", "lane1=1,lane01=2", "0,commit=1", "lanes=x",
            "commit=*,1", "ingress=3-1"};
        for (final String spec : bad) {
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CpuLayout.parse(spec, allowed), spec);
            assertTrue(e.getMessage().contains("'"), e.getMessage());
        }
        final IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
            () -> CpuLayout.parse("comit=1", allowed));
        assertTrue(unknown.getMessage().contains("unknown role 'comit'"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CpuLayout.defaultFor(CpuSet.empty()));
    }

    @Test
    void systemPropertyConfiguresTheLayout() {
        final CpuSet allowed = Affinity.allowedCpus();
        final String spec = "commit=" + allowed.first();
        System.setProperty(CpuLayout.PROPERTY, spec);
        try {
            assertEquals(CpuLayout.parse(spec, allowed), CpuLayout.fromSystemProperties());
            assertEquals(CpuSet.of(allowed.first()), CpuLayout.fromSystemProperties().cpusFor(CpuRole.COMMIT));
        } finally {
            System.clearProperty(CpuLayout.PROPERTY);
        }
        assertEquals(CpuLayout.defaultFor(allowed), CpuLayout.fromSystemProperties());
    }
}
