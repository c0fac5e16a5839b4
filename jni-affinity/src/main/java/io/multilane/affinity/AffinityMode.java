package io.multilane.affinity;

/**
 * Which implementation {@link Affinity} uses in this JVM; fixed when the class initialises.
 *
 * <p>Threading: an enum, safe to read from any thread.
 */
public enum AffinityMode {
    /** The JNI shim is loaded: pinning calls {@code sched_setaffinity}, CPUs come from the kernel. */
    NATIVE,
    /**
     * No native library (not Linux, built without gcc or with {@code -Dmultilane.native.skip=true}, failed
     * to load, or {@code -Dmultilane.affinity.disable=true}): pinning is a no-op, {@code currentCpu()} is -1,
     * and CPU sets are read from {@code /proc} where it exists.
     */
    FALLBACK
}
