package io.multilane.perf.jmh.affinity;

import java.util.concurrent.TimeUnit;

import io.multilane.affinity.Affinity;
import io.multilane.affinity.AffinityMode;
import io.multilane.affinity.CpuSet;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Cost of the JNI shim: {@link Affinity#currentCpu()} (the hot-path call) and a pin, both to the CPU the thread
 * is already on (what {@code onStart} pays) and to the other CPU each time (a pin that forces a migration).
 *
 * <p>Threading: JMH's single benchmark thread per fork; it pins itself and unpins in tear-down. Refuses to run in
 * fallback mode, whose numbers would measure a no-op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AffinityBenchmark {
    private CpuSet home;
    private CpuSet away;
    private boolean atHome;

    /** Pins the benchmark thread to the first allowed CPU. */
    @Setup(Level.Trial)
    public void setUp() {
        if (Affinity.mode() != AffinityMode.NATIVE) {
            throw new IllegalStateException("affinity fallback active: " + Affinity.fallbackReason());
        }
        final CpuSet allowed = Affinity.allowedCpus();
        home = CpuSet.of(allowed.first());
        away = CpuSet.of(allowed.last());
        Affinity.pinCurrentThread(home);
        atHome = true;
    }

    /** Lets the thread run anywhere again. */
    @TearDown(Level.Trial)
    public void tearDown() {
        Affinity.unpinCurrentThread();
    }

    /** sched_getcpu through JNI. */
    @Benchmark
    public int currentCpu() {
        return Affinity.currentCpu();
    }

    /** A pin to the set the thread is already pinned to: validation plus sched_setaffinity, no migration. */
    @Benchmark
    public void pinSameCpu() {
        Affinity.pinCurrentThread(home);
    }

    /** A pin to the other CPU each call (with one CPU allowed, the same CPU): includes the migration. */
    @Benchmark
    public int pinMigrating() {
        atHome = !atHome;
        Affinity.pinCurrentThread(atHome ? home : away);
        return Affinity.currentCpu();
    }
}
