package io.multilane.affinity;

import java.lang.System.Logger.Level;
import java.nio.file.Path;

/**
 * Pins the calling thread to CPUs and tells which CPU it runs on, through multilane's JNI shim
 * ({@code sched_setaffinity}, {@code sched_getaffinity}, {@code sched_getcpu}).
 *
 * <p>Threading: every method acts on the <em>calling</em> thread only; no thread can pin another. Any
 * thread may call any method. A new thread inherits the affinity mask of the thread that starts it, so
 * a thread pinned before it creates workers hands its pinning to all of them. Engine threads therefore
 * pin themselves on their own thread, at start, never from the thread that builds the engine:
 * <pre>{@code
 * public void onStart() {                      // Disruptor LifecycleAware / Agrona Agent, on its own thread
 *     Affinity.pinCurrentThread(layout, CpuRole.lane(laneIndex));
 * }
 * public void onShutdown() {
 *     Affinity.unpinCurrentThread();
 * }
 * }</pre>
 *
 * <p>Modes ({@link #mode()}): the library is extracted from the jar and loaded when this class
 * initialises. Where that is impossible (not Linux, jar built without gcc or with
 * {@code -Dmultilane.native.skip=true}, load failure, or {@code -Dmultilane.affinity.disable=true}) the
 * class logs one warning, pinning becomes a no-op and {@link #currentCpu()} returns -1; everything else
 * keeps working.
 *
 * <p>Cost: {@link #currentCpu()} is one JNI call to {@code sched_getcpu} (glibc answers it from rseq
 * or the vDSO, without a syscall) and allocates nothing. Pinning is two syscalls, allocation-free; do it at start-up.
 */
public final class Affinity {
    private static final System.Logger LOG = System.getLogger(Affinity.class.getName());
    private static final NativeLoader.Outcome OUTCOME = NativeLoader.loadFromClasspath();
    private static final boolean NATIVE = OUTCOME.mode() == AffinityMode.NATIVE;

    static {
        if (!NATIVE) {
            LOG.log(Level.WARNING, "multilane: thread pinning is DISABLED (every pin is a no-op, currentCpu() returns -1);"
                + " reason: " + OUTCOME.reason());
        }
    }

    private Affinity() {
    }

    /** {@link AffinityMode#NATIVE} when the JNI shim is in use, else {@link AffinityMode#FALLBACK}. */
    public static AffinityMode mode() {
        return OUTCOME.mode();
    }

    /** Why the fallback is active (the text of the start-up warning); empty in native mode. */
    public static String fallbackReason() {
        return OUTCOME.reason();
    }

    /** The CPU the calling thread runs on now ({@code sched_getcpu}), or -1 in fallback mode. Allocation-free. */
    public static int currentCpu() {
        return NATIVE ? NativeAffinity.currentCpu0() : -1;
    }

    /**
     * The CPUs this process may use: its affinity mask ({@code sched_getaffinity(getpid())}, the
     * {@code Cpus_allowed_list} of {@code /proc/self/status}), which a cpuset cgroup or
     * {@code taskset} may restrict below the machine's CPUs. Read afresh on every call.
     * In fallback mode it is read from {@code /proc}, or is {@code 0..availableProcessors()-1} without it.
     */
    public static CpuSet allowedCpus() {
        return NATIVE ? CpuSet.fromWords(NativeAffinity.processMask0()) : fallbackCpus(ProcStatus.PROCESS);
    }

    /** The calling thread's affinity mask ({@code sched_getaffinity(0)}); in fallback mode as {@link #allowedCpus()} says. */
    public static CpuSet currentThreadCpus() {
        return NATIVE ? CpuSet.fromWords(NativeAffinity.threadMask0()) : fallbackCpus(ProcStatus.THREAD);
    }

    /**
     * Pins the calling thread to {@code cpus}: from its return on, the thread runs only on those CPUs
     * (the kernel migrates it before the call returns). Threads it creates afterwards inherit the mask.
     * A no-op in fallback mode.
     *
     * @throws IllegalArgumentException if {@code cpus} is empty
     * @throws AffinityException if a CPU is outside {@link #allowedCpus()} (the message names it and the
     *         allowed set; the thread's mask is unchanged) or the kernel refuses
     */
    public static void pinCurrentThread(final CpuSet cpus) {
        if (cpus.isEmpty()) {
            throw new IllegalArgumentException("cannot pin thread '" + Thread.currentThread().getName() + "' to no CPU");
        }
        if (NATIVE) {
            final int result = NativeAffinity.pin0(cpus.words());
            if (result != 0) {
                throw failure(cpus, result);
            }
        }
    }

    /** Pins the calling thread to one CPU; see {@link #pinCurrentThread(CpuSet)}. */
    public static void pinCurrentThread(final int cpu) {
        pinCurrentThread(CpuSet.of(cpu));
    }

    /**
     * Pins the calling thread to the CPUs {@code layout} assigns to {@code role}; the engine's threads call
     * this from {@code onStart} on their own thread. See {@link #pinCurrentThread(CpuSet)}.
     *
     * @return the CPUs the thread is now pinned to (in fallback mode: would have been)
     */
    public static CpuSet pinCurrentThread(final CpuLayout layout, final CpuRole role) {
        final CpuSet cpus = layout.cpusFor(role);
        pinCurrentThread(cpus);
        if (LOG.isLoggable(Level.DEBUG)) {
            LOG.log(Level.DEBUG, "thread '" + Thread.currentThread().getName() + "' (" + role + ") pinned to CPUs " + cpus
                + (NATIVE ? "" : " [fallback: no-op]"));
        }
        return cpus;
    }

    /**
     * Lets the calling thread run on every CPU the process may use again ({@link #allowedCpus()}),
     * undoing any earlier pin, including one inherited from its creator. A no-op in fallback mode.
     */
    public static void unpinCurrentThread() {
        if (NATIVE) {
            pinCurrentThread(allowedCpus());
        }
    }

    /**
     * Sets the calling thread's nice value (-20..19; higher runs less when CPUs are contended). A background
     * thread that must not take CPU from latency-critical ones lowers itself with it, e.g. the state store's
     * persistence thread (10), which then uses the CPU the engine leaves idle. Raising a priority needs
     * {@code CAP_SYS_NICE}. In fallback mode nothing changes.
     *
     * @param niceness the nice value
     * @return whether the thread's nice value is now {@code niceness}; false in fallback mode or when the
     *         kernel refused (logged once at WARNING with the reason)
     */
    public static boolean niceCurrentThread(final int niceness) {
        if (!NATIVE) {
            return false;
        }
        final int result = NativeAffinity.nice0(niceness);
        if (result != 0) {
            LOG.log(Level.WARNING, "setpriority(" + niceness + ") refused for thread '" + Thread.currentThread().getName()
                + "': " + NativeAffinity.errorText0(result) + " (errno " + result + ")");
            return false;
        }
        return true;
    }

    private static AffinityException failure(final CpuSet cpus, final int result) {
        final String thread = Thread.currentThread().getName();
        final CpuSet allowed = allowedCpus();
        if (result == NativeAffinity.NOT_ALLOWED) {
            return AffinityException.notAllowed(thread, cpus, allowed);
        }
        return new AffinityException("sched_setaffinity failed to pin thread '" + thread + "' to CPUs " + cpus + ": "
            + NativeAffinity.errorText0(result) + " (errno " + result + "); the process may use CPUs " + allowed, cpus, allowed);
    }

    private static CpuSet fallbackCpus(final Path status) {
        final CpuSet fromProc = ProcStatus.cpusAllowed(status);
        return fromProc != null ? fromProc : CpuSet.range(0, Runtime.getRuntime().availableProcessors() - 1);
    }
}
