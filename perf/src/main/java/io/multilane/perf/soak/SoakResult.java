package io.multilane.perf.soak;

import java.io.PrintStream;
import java.util.Locale;

import io.multilane.perf.report.Json;
import org.HdrHistogram.Histogram;

/**
 * The figures of one soak run after warm-up, and the verdict: the offered rate was sustained when
 * the engine committed at least {@value #SUSTAINED_FRACTION} of it and the schedule was not running
 * late at the end (backlog not growing). Immutable; any thread.
 */
public final class SoakResult {
    /** Fraction of the offered rate the engine must commit for the run to count as sustained. */
    public static final double SUSTAINED_FRACTION = 0.98;
    /** Lateness of the schedule at the end above which the backlog is taken to be growing. */
    public static final long MAX_FINAL_LAG_NANOS = 1_000_000_000L;

    private final SoakConfig config;
    private final String workload;
    private final long transactions;
    private final double seconds;
    private final Json failedByReason;
    private final long reexecuted;
    private final long failed;
    private final long gcCount;
    private final long gcMillis;
    private final double engineBytesPerTx;
    private final double submitterBytesPerTx;
    private final long maxLagNanos;
    private final long finalLagNanos;
    private final long finalHeight;
    private final String stateRoot;
    private final Histogram latency;
    private final Json cpuNanosPerTx;
    private final Json latencyBreakdown;
    private final Json persistence;
    private final Json allocated;
    private final long warmupGcNanos;

    // CHECKSTYLE.OFF: ParameterNumber
    SoakResult(final SoakConfig config, final String workload, final long transactions, final double seconds,
            final Json failedByReason,
            final long reexecuted, final long failed, final long gcCount, final long gcMillis, final double engineBytesPerTx,
            final double submitterBytesPerTx, final long maxLagNanos, final long finalLagNanos, final long finalHeight,
            final String stateRoot, final Histogram latency, final Json cpuNanosPerTx, final Json latencyBreakdown,
            final Json persistence, final Json allocated, final long warmupGcNanos) {
        // CHECKSTYLE.ON: ParameterNumber
        this.config = config;
        this.workload = workload;
        this.transactions = transactions;
        this.seconds = seconds;
        this.failedByReason = failedByReason;
        this.reexecuted = reexecuted;
        this.failed = failed;
        this.gcCount = gcCount;
        this.gcMillis = gcMillis;
        this.engineBytesPerTx = engineBytesPerTx;
        this.submitterBytesPerTx = submitterBytesPerTx;
        this.maxLagNanos = maxLagNanos;
        this.finalLagNanos = finalLagNanos;
        this.finalHeight = finalHeight;
        this.stateRoot = stateRoot;
        this.latency = latency;
        this.cpuNanosPerTx = cpuNanosPerTx;
        this.latencyBreakdown = latencyBreakdown;
        this.persistence = persistence;
        this.allocated = allocated;
        this.warmupGcNanos = warmupGcNanos;
    }

    /** @return transactions committed per second after warm-up */
    public double achievedTps() {
        return transactions / Math.max(1e-9, seconds);
    }

    /** @return whether the offered rate was sustained */
    public boolean sustained() {
        return achievedTps() >= SUSTAINED_FRACTION * config.tps() && finalLagNanos <= MAX_FINAL_LAG_NANOS;
    }

    /** @return collections after warm-up */
    public long gcCount() {
        return gcCount;
    }

    /** @return the post-warm-up latency histogram, nanoseconds */
    public Histogram latency() {
        return latency;
    }

    /** @return re-executions over transactions after warm-up */
    public double reexecutionRate() {
        return transactions == 0 ? 0 : (double) reexecuted / transactions;
    }

    /** @return the run as the {@code summary.json} object */
    public Json toJson() {
        return new Json()
                .put("workload", workload)
                .put("seed", config.seed())
                .put("lanes", config.lanes())
                .put("speculateSingleLane", config.speculateAlone())
                .put("blockSize", config.blockSize())
                .put("waitKind", config.waitKind().name())
                .put("syncOnSeal", config.syncOnSeal())
                .put("writeback", config.writeback().name())
                .put("offeredTps", config.tps())
                .put("achievedTps", Math.round(achievedTps()))
                .put("sustained", sustained())
                .put("durationSeconds", seconds)
                .put("warmupSeconds", config.warmupSeconds())
                .put("transactions", transactions)
                .put("failedTransactions", failed)
                .put("failedByReason", failedByReason)
                .put("reexecutionRate", reexecutionRate())
                .put("latencyMicros", new Json()
                        .put("p50", us(latency.getValueAtPercentile(50)))
                        .put("p90", us(latency.getValueAtPercentile(90)))
                        .put("p99", us(latency.getValueAtPercentile(99)))
                        .put("p99.9", us(latency.getValueAtPercentile(99.9)))
                        .put("p99.99", us(latency.getValueAtPercentile(99.99)))
                        .put("max", us(latency.getMaxValue()))
                        .put("mean", latency.getMean() / 1e3)
                        .put("count", latency.getTotalCount()))
                .put("gcAfterWarmup", new Json().put("count", gcCount).put("pauseMillis", gcMillis)
                        .put("systemGcAtWarmupEnd", warmupGcNanos >= 0)
                        .put("systemGcAtWarmupEndMillis", warmupGcNanos >= 0 ? warmupGcNanos / 1e6 : 0.0))
                .put("allocatedBytesPerTx", new Json().put("engineThreads", engineBytesPerTx)
                        .put("submitterThread", submitterBytesPerTx))
                .put("allocatedAfterWarmup", allocated)
                .put("latencyBreakdownMicros", latencyBreakdown)
                .put("cpuNanosPerTx", cpuNanosPerTx)
                .put("persistence", persistence)
                .put("scheduleLagMillis", new Json().put("max", maxLagNanos / 1e6).put("final", finalLagNanos / 1e6))
                .put("finalHeight", finalHeight)
                .put("stateRoot", stateRoot);
    }

    /**
     * Prints the closing summary table.
     *
     * @param out where
     */
    public void print(final PrintStream out) {
        out.println();
        out.printf(Locale.ROOT, "%-28s %s%n", "workload", workload);
        out.printf(Locale.ROOT, "%-28s %,d tx/s%n", "offered", config.tps());
        out.printf(Locale.ROOT, "%-28s %,.0f tx/s (%s)%n", "achieved", achievedTps(),
                sustained() ? "sustained" : "NOT sustained");
        out.printf(Locale.ROOT, "%-28s %,d in %.1f s%n", "transactions", transactions, seconds);
        row(out, "latency p50", 50);
        row(out, "latency p90", 90);
        row(out, "latency p99", 99);
        row(out, "latency p99.9", 99.9);
        row(out, "latency p99.99", 99.99);
        out.printf(Locale.ROOT, "%-28s %s%n", "latency max", SoakRunner.micros(latency.getMaxValue()).trim());
        out.printf(Locale.ROOT, "%-28s %.2f %%%n", "re-executed", 100 * reexecutionRate());
        out.printf(Locale.ROOT, "%-28s %,d %s%n", "failed receipts", failed,
                failedByReason.toString().replaceAll("\\s+", " ").trim());
        out.printf(Locale.ROOT, "%-28s %d (%d ms)%s%n", "GC after warm-up", gcCount, gcMillis, warmupGcNanos < 0 ? ""
                : String.format(Locale.ROOT, "; warm-up ended with one System.gc() (%.0f ms, not measured)",
                        warmupGcNanos / 1e6));
        out.printf(Locale.ROOT, "%-28s %.2f (engine threads), %.1f (submitter)%n", "allocated bytes per tx",
                engineBytesPerTx, submitterBytesPerTx);
        out.printf(Locale.ROOT, "%-28s %,d B/s (all Java threads) %s%n", "allocated after warm-up",
                (Long) allocated.get("bytesPerSecond"), allocated.get("byThread").toString().replaceAll("\\s+", " ").trim());
        out.printf(Locale.ROOT, "%-28s max %.2f ms, at end %.2f ms%n", "schedule lag", maxLagNanos / 1e6, finalLagNanos / 1e6);
        out.printf(Locale.ROOT, "%-28s %d%n", "final height", finalHeight);
        out.printf(Locale.ROOT, "%-28s %s%n", "state root", stateRoot);
    }

    private void row(final PrintStream out, final String name, final double percentile) {
        out.printf(Locale.ROOT, "%-28s %s%n", name, SoakRunner.micros(latency.getValueAtPercentile(percentile)).trim());
    }

    private static double us(final long nanos) {
        return nanos / 1e3;
    }
}
