package io.multilane.state;

/**
 * How the store of record's dirty pages reach the device between checkpoints ({@link StateConfig#withWriteback}).
 *
 * <p>A checkpoint writes each dirty key into Chronicle Map's memory-mapped file, dirtying most of its pages. Writing
 * back a dirty page that is mapped write-protects it first, one TLB shootdown per page, and each shootdown
 * interrupts every other CPU running one of this process's threads: left alone, the kernel's writeback of a
 * checkpoint's ~50k pages every ~30 s stalled the engine for 100–200 ms (docs/engine.md, "Latency and the stall
 * episodes"). The modes differ in who writes the pages back and whether they are still mapped when that happens.
 */
public enum Writeback {
    /** The kernel writes the pages back when they expire, still mapped: no page faults, a burst of shootdowns. */
    KERNEL,
    /**
     * The checkpoint drops its page-table entries behind its progress ({@code madvise(MADV_DONTNEED)} on
     * Chronicle's mapping, one flush per range), so the kernel writes back pages that no one maps. The default:
     * the next checkpoint faults each page it writes back in (persistence CPU), the engine is not interrupted.
     * Where mappings cannot be found or dropped (not Linux) it behaves as {@link #KERNEL}.
     */
    DROP_BEHIND,
    /**
     * As {@link #DROP_BEHIND}, and the checkpoint also writes the dropped ranges back itself ({@code msync}, in
     * ranges of at most 1 MiB), so the kernel finds almost nothing left to write: the device traffic is spread over
     * each checkpoint instead of coming every ~30 s, at more persistence CPU.
     */
    PACED
}
