package io.multilane.affinity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.BitSet;
import java.util.List;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** CpuSet against java.util.BitSet as the oracle; jqwik prints the seed of any failure. */
class CpuSetPropertyTest {
    @Property(tries = 300)
    void formatParsesBackAndMatchesBitSet(@ForAll @Size(max = 40) final List<@IntRange(max = 300) Integer> cpus) {
        final CpuSet set = build(cpus);
        final BitSet oracle = oracle(cpus);
        assertEquals(set, CpuSet.parse(set.toString()));
        assertEquals(oracle.cardinality(), set.size());
        assertArrayEquals(oracle.stream().toArray(), set.toArray());
        assertEquals(oracle.length() - 1, set.last());
        for (int cpu = -1; cpu <= 320; cpu++) {
            assertEquals(cpu >= 0 && oracle.get(cpu), set.contains(cpu));
            assertEquals(oracle.nextSetBit(Math.max(cpu, 0)), set.next(cpu));
        }
    }

    @Property(tries = 300)
    void minusAndContainsAllAgreeWithBitSet(@ForAll @Size(max = 30) final List<@IntRange(max = 200) Integer> a,
        @ForAll @Size(max = 30) final List<@IntRange(max = 200) Integer> b) {
        final BitSet difference = oracle(a);
        difference.andNot(oracle(b));
        assertArrayEquals(difference.stream().toArray(), build(a).minus(build(b)).toArray());
        final BitSet bOutsideA = oracle(b);
        bOutsideA.andNot(oracle(a));
        assertEquals(bOutsideA.isEmpty(), build(a).containsAll(build(b)));
    }

    private static CpuSet build(final List<Integer> cpus) {
        return CpuSet.of(cpus.stream().mapToInt(Integer::intValue).toArray());
    }

    private static BitSet oracle(final List<Integer> cpus) {
        final BitSet bits = new BitSet();
        cpus.forEach(bits::set);
        return bits;
    }
}
