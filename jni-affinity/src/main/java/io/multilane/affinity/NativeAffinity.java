package io.multilane.affinity;

/**
 * The JNI entry points of {@code src/main/c/multilane_affinity.c}; {@code javac -h} writes their C header.
 * Only {@link Affinity} calls them, and only after {@link NativeLoader} loaded the library.
 *
 * <p>Threading: every method acts on, or reports for, the calling thread or the whole process; none
 * keeps state, so any thread may call them.
 */
final class NativeAffinity {
    /** Must equal {@code MULTILANE_AFFINITY_ABI} in the C source; a mismatch means a stale library. */
    static final int ABI_VERSION = 2;

    /** {@link #pin0} result: the set holds a CPU outside the set the process may use. */
    static final int NOT_ALLOWED = -1;

    private NativeAffinity() {
    }

    /** The C side's {@code MULTILANE_AFFINITY_ABI}. */
    static native int abiVersion0();

    /** {@code sched_getcpu()}: the CPU the calling thread runs on, or -1 when the kernel cannot tell. */
    static native int currentCpu0();

    /**
     * Pins the calling thread ({@code sched_setaffinity(0, ...)}) to the CPUs of the mask words, after
     * checking them against the process's mask ({@code sched_getaffinity(getpid())}).
     *
     * @return 0 on success, {@link #NOT_ALLOWED}, or the errno value of the failed call
     */
    static native int pin0(long[] maskWords);

    /** {@code sched_getaffinity(0)}: the calling thread's mask words. Throws IllegalStateException on failure. */
    static native long[] threadMask0();

    /** {@code sched_getaffinity(getpid())}: the process's mask words. Throws IllegalStateException on failure. */
    static native long[] processMask0();

    /**
     * {@code setpriority(PRIO_PROCESS, gettid(), niceness)}: the calling thread's nice value.
     *
     * @return 0 on success, or the errno value of the failed call
     */
    static native int nice0(int niceness);

    /** {@code strerror_r(errno)}. */
    static native String errorText0(int errno);
}
