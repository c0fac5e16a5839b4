package io.multilane.perf.jmh.state;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import io.multilane.state.store.HugePages;
import org.agrona.UnsafeApi;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The floor under a fast-tier read: one load from a random 192-byte slot of an off-heap region as large as the
 * fast tier at 1M and 10M entries (16,777,216 slots = 3.2 GB), allocated the same way (malloc, 4 KiB pages).
 * Whatever a hash-table read does, it pays at least this cache and TLB miss: {@code dependentSlotLoad} is the
 * full latency of one miss, {@code randomSlotLoad} lets consecutive misses overlap.
 *
 * <p>Threading: JMH's one benchmark thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MemoryFloorBenchmark {
    private static final int SLOT = 192;
    private static final int KEYS = 1 << 20;

    /** Slots in the region: the fast-tier capacity for 1M and 10M entries. */
    @Param({"2097152", "16777216"})
    public long slots;

    /** Whether the region is advised for transparent huge pages, as the fast tier does. */
    @Param({"false", "true"})
    public boolean hugePages;

    private long raw;
    private long base;
    private final long[] offsets = new long[KEYS];
    private int next;
    private long chase;
    private final long[] chaseNext = new long[KEYS];

    /** Allocates and touches the region; draws random slot offsets. */
    @Setup(Level.Trial)
    public void setUp() {
        raw = UnsafeApi.allocateMemory(slots * SLOT + HugePages.SIZE);
        base = (raw + HugePages.SIZE - 1) & ~(HugePages.SIZE - 1);
        if (hugePages && !HugePages.advise(base, slots * SLOT)) {
            throw new IllegalStateException("madvise(MADV_HUGEPAGE) refused");
        }
        UnsafeApi.setMemory(base, slots * SLOT, (byte) 1);
        final SplittableRandom rnd = new SplittableRandom(42);
        for (int i = 0; i < KEYS; i++) {
            offsets[i] = rnd.nextLong(slots) * SLOT;
        }
        // A random cycle through KEYS distinct slots spread over the region: each holds the next slot's offset.
        final int[] perm = new int[KEYS];
        for (int i = 0; i < KEYS; i++) {
            perm[i] = i;
        }
        for (int i = KEYS - 1; i > 0; i--) {
            final int j = rnd.nextInt(i + 1);
            final int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        final long spread = slots / KEYS;
        for (int i = 0; i < KEYS; i++) {
            chaseNext[i] = (perm[i] * spread + rnd.nextLong(spread)) * SLOT;
        }
        for (int i = 0; i < KEYS; i++) {
            UnsafeApi.putLong(base + chaseNext[i], chaseNext[(i + 1) & (KEYS - 1)]);
        }
        chase = chaseNext[0];
    }

    /** Frees the region. */
    @TearDown(Level.Trial)
    public void tearDown() {
        UnsafeApi.freeMemory(raw);
    }

    /** One load whose address depends on the previous load: the full miss latency, no overlap. */
    @Benchmark
    public long dependentSlotLoad() {
        chase = UnsafeApi.getLong(base + chase);
        return chase;
    }

    /** One 8-byte load at a random slot; consecutive loads are independent and may overlap. */
    @Benchmark
    public long randomSlotLoad() {
        return UnsafeApi.getLong(base + offsets[next++ & (KEYS - 1)]);
    }
}
