package io.multilane.affinity;

/**
 * Pinning failed: the requested CPUs are not all in the set the process may use, or the kernel refused.
 * The message names the thread, the CPUs asked for and the CPUs allowed.
 *
 * <p>Threading: thrown on the thread that asked to be pinned; immutable once thrown.
 */
public final class AffinityException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The CPUs the thread asked for (not serialised with the exception). */
    private final transient CpuSet requested;
    /** The CPUs the process may use when the call failed (not serialised with the exception). */
    private final transient CpuSet allowed;

    AffinityException(final String message, final CpuSet requested, final CpuSet allowed) {
        super(message);
        this.requested = requested;
        this.allowed = allowed;
    }

    /** Builds the exception for CPUs outside the allowed set, naming each of them. */
    static AffinityException notAllowed(final String thread, final CpuSet requested, final CpuSet allowed) {
        return new AffinityException("cannot pin thread '" + thread + "' to CPUs " + requested + ": "
            + outsideText(requested, allowed), requested, allowed);
    }

    /** {@code "CPU 3 is not in the set this process may use (0-1)"}, naming every CPU of {@code cpus} outside. */
    static String outsideText(final CpuSet cpus, final CpuSet allowed) {
        final CpuSet outside = cpus.minus(allowed);
        return (outside.size() == 1 ? "CPU " + outside + " is" : "CPUs " + outside + " are")
            + " not in the set this process may use (" + allowed + ")";
    }

    /** The CPUs the thread asked for. */
    public CpuSet requested() {
        return requested;
    }

    /** The CPUs the process could use when pinning failed. */
    public CpuSet allowed() {
        return allowed;
    }
}
