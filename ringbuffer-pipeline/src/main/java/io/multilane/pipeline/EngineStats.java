package io.multilane.pipeline;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Running totals since the engine opened, updated by the commit thread once per block (ordered stores)
 * and readable from any thread without locks.
 */
public final class EngineStats {
    private final AtomicLong blocks = new AtomicLong();
    private final AtomicLong transactions = new AtomicLong();
    private final AtomicLong reexecuted = new AtomicLong();
    private final AtomicLong credits = new AtomicLong();
    private final AtomicLong rebased = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong executeNanos = new AtomicLong();
    private final AtomicLong commitNanos = new AtomicLong();
    private final AtomicLong sealCpuNanos = new AtomicLong();
    private final AtomicLong sealNanos = new AtomicLong();
    private final AtomicLong commitRoleNanos = new AtomicLong();
    private final AtomicLong listenerErrors = new AtomicLong();
    private final AtomicLong sealAssistLaneNanos = new AtomicLong();
    private final AtomicLong sealAssistIngressNanos = new AtomicLong();

    void add(final BlockResult r) {
        blocks.lazySet(blocks.get() + 1);
        transactions.lazySet(transactions.get() + r.transactions);
        reexecuted.lazySet(reexecuted.get() + r.reexecuted);
        credits.lazySet(credits.get() + r.credits);
        rebased.lazySet(rebased.get() + r.rebased);
        failed.lazySet(failed.get() + r.failed);
        executeNanos.lazySet(executeNanos.get() + r.executeNanos);
        commitNanos.lazySet(commitNanos.get() + r.commitNanos);
    }

    /** The commit role: CPU time of one stint in it (any lane thread; the role orders the updates). */
    void addCommitRole(final long nanos) {
        commitRoleNanos.lazySet(commitRoleNanos.get() + nanos);
    }

    /** The commit role: one seal's elapsed and CPU time. */
    void addSeal(final long nanos, final long cpuNanos) {
        sealNanos.lazySet(sealNanos.get() + nanos);
        sealCpuNanos.lazySet(sealCpuNanos.get() + cpuNanos);
    }

    /** A thread that helped a seal: the CPU time of its help (lanes and submitters may add at once). */
    void addSealAssist(final long cpuNanos, final boolean lane) {
        (lane ? sealAssistLaneNanos : sealAssistIngressNanos).getAndAdd(cpuNanos);
    }

    void listenerError() {
        listenerErrors.lazySet(listenerErrors.get() + 1);
    }

    /** @return CPU time lane threads spent helping seals (outside the commit role; part of the seal's cost) */
    public long sealAssistLaneNanos() {
        return sealAssistLaneNanos.get();
    }

    /** @return CPU time submitting threads spent helping seals while they waited for ring room */
    public long sealAssistIngressNanos() {
        return sealAssistIngressNanos.get();
    }

    /** @return blocks sealed */
    public long blocks() {
        return blocks.get();
    }

    /** @return transactions committed in sealed blocks */
    public long transactions() {
        return transactions.get();
    }

    /** @return of which re-executed at commit */
    public long reexecuted() {
        return reexecuted.get();
    }

    /** @return re-executions over transactions */
    public double reexecutionRate() {
        final long t = transactions.get();
        return t == 0 ? 0 : (double) reexecuted.get() / t;
    }

    /** @return transactions applied from their lane after rebasing the sender account */
    public long rebased() {
        return rebased.get();
    }

    /** @return credits applied from lane executions */
    public long credits() {
        return credits.get();
    }

    /** @return receipts that did not succeed */
    public long failed() {
        return failed.get();
    }

    /** @return lane execution time, summed over lanes */
    public long executeNanos() {
        return executeNanos.get();
    }

    /** @return commit-stage time on transactions */
    public long commitNanos() {
        return commitNanos.get();
    }

    /** @return CPU time the commit role spent in seals */
    public long sealCpuNanos() {
        return sealCpuNanos.get();
    }

    /** @return elapsed time the commit role spent in seals */
    public long sealNanos() {
        return sealNanos.get();
    }

    /** @return CPU time lane threads spent holding the commit role (validation, apply, re-execution, seals, results) */
    public long commitRoleNanos() {
        return commitRoleNanos.get();
    }

    /** @return exceptions thrown by block listeners */
    public long listenerErrors() {
        return listenerErrors.get();
    }

    @Override
    public String toString() {
        return "EngineStats{blocks=" + blocks() + ", transactions=" + transactions() + ", reexecuted=" + reexecuted()
                + ", rebased=" + rebased() + ", failed=" + failed() + ", commitNanos=" + commitNanos() + '}';
    }
}
