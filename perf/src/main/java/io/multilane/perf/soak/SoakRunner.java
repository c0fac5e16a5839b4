package io.multilane.perf.soak;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

import io.multilane.affinity.CpuLayout;
import io.multilane.exec.program.ReasonNames;
import io.multilane.exec.receipt.BlockStatus;
import io.multilane.exec.tx.BlockDescriptor;
import io.multilane.exec.workload.Workload;
import io.multilane.exec.workload.WorkloadRun;
import io.multilane.exec.workload.Workloads;
import io.multilane.perf.report.AllocationWindow;
import io.multilane.perf.report.Json;
import io.multilane.perf.report.JvmStats;
import io.multilane.perf.report.LatencyLog;
import io.multilane.perf.report.LineBuffer;
import io.multilane.perf.report.PercentilePlot;
import io.multilane.perf.report.PersistenceWindow;
import io.multilane.perf.report.StageCpu;
import io.multilane.pipeline.BlockResult;
import io.multilane.pipeline.Engine;
import io.multilane.pipeline.EngineConfig;
import io.multilane.pipeline.replay.EngineBlockRunner;
import io.multilane.state.StateConfig;
import io.multilane.state.StateStore;
import io.multilane.state.root.RootHex;
import io.multilane.state.store.TieredStateStore;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The main job: drives the engine open-loop at an offered rate for a duration and reports latency
 * and health. Blocks are offered on a fixed schedule (one every {@code blockSize / tps} seconds);
 * each transaction's latency runs from its block's scheduled arrival to the block's seal, recorded
 * with HdrHistogram by the commit thread, so a stall delays the schedule's next blocks and shows in
 * their latency instead of hiding (no coordinated omission).
 *
 * <p>The submitter is the block producer: the engine runs in producer mode (blocks linked by height, roots
 * reported by the engine), so the submitter keeps up to {@value #IN_FLIGHT} blocks in flight and encodes
 * block {@code k+1} as soon as block {@code k} is in the ring. The calling thread is the submitter and the
 * reporter (a progress line per second, {@link ProgressLine}); it parks between blocks, never spins, and recycles
 * {@value #IN_FLIGHT} {@link BlockResult}s so it allocates nothing per block, and its report nothing per second.
 *
 * <p>Warm-up ends, by default, with one {@link System#gc()} (as benchmark harnesses collect between iterations):
 * the blocks in flight complete, the collection runs, and the schedule restarts after it, so neither the pause nor
 * the garbage of setup and warm-up (JIT, class loading, the first seconds' reports) falls in the measured window,
 * which starts with an empty young generation. The console and {@code summary.json} say so. Genesis and setup blocks come from the
 * shared run driver ({@link WorkloadRun#setUp} on the engine's {@link EngineBlockRunner}); only the schedule and
 * its measuring are the soak's own. One run per instance.
 */
public final class SoakRunner {
    private static final long SECOND = 1_000_000_000L;
    private static final int SETUP_MAX_TXS = 100_000;
    private static final double NEW_RECORDS_PER_TX_HEADROOM = 0.0625;
    /**
     * Blocks the submitter keeps in flight. The engine runs in producer mode (blocks linked by height; the
     * engine reports the roots), so the next block enters the ring while the previous one commits and the
     * lanes never idle at a block boundary; the submitter recycles this many results.
     */
    private static final int IN_FLIGHT = 4;

    private final SoakConfig config;
    private final PrintStream out;

    /**
     * @param config what to run
     * @param out    where progress lines and the summary go
     */
    public SoakRunner(final SoakConfig config, final PrintStream out) {
        this.config = config;
        this.out = out;
    }

    /**
     * Runs the soak and writes the report directory.
     *
     * @return the run's figures
     * @throws IOException if the data or report directory cannot be written
     */
    public SoakResult run() throws IOException {
        final Workload workload = Workloads.create(config.workload(), config.seed(), config.accounts());
        final StateStore store = DataDirs.openEmpty(StateConfig.of(config.dataDir(), entriesFor(workload))
                .withSyncOnSeal(config.syncOnSeal()).withWriteback(config.writeback()));
        Files.createDirectories(config.reportDir());
        final UnsafeBuffer root = new UnsafeBuffer(new byte[BlockDescriptor.ROOT_LENGTH]);
        final int maxTxs = Math.max(config.blockSize(), SETUP_MAX_TXS);
        final int maxBytes = BlockDescriptor.HEADER_LENGTH + maxTxs * (workload.maxTxBytes() + BlockDescriptor.ENTRY_PREFIX);
        EngineConfig engineConfig = EngineConfig.forOpenStore().withLanes(config.lanes()).withWaitKind(config.waitKind())
                .withSingleLaneSpeculation(config.speculateAlone())
                .withProducerMode(true)
                .withMaxBlock(maxTxs, maxBytes);
        if (config.pin()) {
            engineConfig = engineConfig.withPinning(CpuLayout.defaults());
        }
        final UnsafeBuffer block = new UnsafeBuffer(new byte[maxBytes]);
        final long startMs = System.currentTimeMillis();
        try (StateStore owned = store;
             LatencyLog log = new LatencyLog(config.reportDir().resolve("latency.hlog"), startMs);
             EngineBlockRunner runner = EngineBlockRunner.open(owned, engineConfig)) {
            final Engine engine = runner.engine();
            final LatencyListener listener = new LatencyListener(log, persistedHeight(owned));
            engine.listener(listener);
            out.printf(Locale.ROOT, "multilane soak: %s seed %d, %,d tx/s offered for %ds (+%ds warm-up), %d lanes (%s%s), "
                    + "blocks of %d every %.2f ms, data %s%n", workload.name(), config.seed(), config.tps(),
                    config.durationSeconds(), config.warmupSeconds(), config.lanes(), engine.waitKind(),
                    engine.config().direct() ? ", direct" : "", config.blockSize(),
                    config.blockIntervalNanos() / 1e6, config.dataDir());
            final WorkloadRun.Setup setup = WorkloadRun.setUp(workload, owned, runner, root, null);
            if (setup.succeeded() != setup.transactions()) {
                throw new IllegalStateException("setup of " + workload.name() + ": " + (setup.transactions()
                        - setup.succeeded()) + " of " + setup.transactions() + " transactions failed: "
                        + setup.failuresByReason());
            }
            final long height = setup.height();
            StageCpu.checkpoint(owned);
            final Schedule schedule = new Schedule(engine, owned, listener, log, workload, block, root, height);
            return schedule.run();
        }
    }

    /**
     * Sizes the store for the workload plus what the run adds: workloads create records as they go (new
     * balances, positions; ~0.04 per transaction measured on defi-mix), so the run's offered transactions
     * times {@value #NEW_RECORDS_PER_TX_HEADROOM} more, about 1.5x the measured rate.
     */
    long entriesFor(final Workload workload) {
        final double offered = (double) config.tps() * (config.durationSeconds() + config.warmupSeconds());
        return workload.stateEntries() + (long) Math.ceil(offered * NEW_RECORDS_PER_TX_HEADROOM);
    }

    /** @return the height up to which the persistence thread has taken sealed blocks in */
    private static LongSupplier persistedHeight(final StateStore store) {
        if (store instanceof TieredStateStore) {
            return ((TieredStateStore) store).persistenceStats()::mergedHeight;
        }
        return store::sealedHeight;
    }

    private static void requireSealed(final BlockResult result) {
        if (result.status() != BlockStatus.SEALED) {
            throw new IllegalStateException("block " + result.height() + " was refused: " + BlockStatus.name(result.status()));
        }
    }

    /** The open-loop schedule of one run: submitter and reporter on the calling thread. */
    private final class Schedule {
        private final Engine engine;
        private final StateStore store;
        private final LatencyListener listener;
        private final LatencyLog log;
        private final Workload workload;
        private final UnsafeBuffer block;
        private final UnsafeBuffer root;
        private final Thread[] engineThreads;
        private long height;
        private final BlockResult[] results;
        private final boolean[] inFlight = new boolean[IN_FLIGHT];
        private long maxLagNanos;
        private long lastLagNanos;
        private long intervalMaxLag;
        private long reportedTxs;
        private long reportedReexec;
        private long reportedAt;
        private long warmTxs;
        private long warmReexec;
        private long warmFailed;
        private long warmGcCount;
        private long warmGcMillis;
        private long warmEngineBytes;
        private long warmSubmitterBytes;
        private long warmAt;
        private long warmupGcNanos = -1;
        private AllocationWindow allocation;
        private final ProgressLine progress = new ProgressLine();
        private StageCpu.Window cpu;
        private PersistenceWindow persistence;
        private final long[] warmFailedByReason = new long[BlockResult.REASON_BUCKETS];
        private final long[] failedByReason = new long[BlockResult.REASON_BUCKETS];
        private long startNanos;

        Schedule(final Engine engine, final StateStore store, final LatencyListener listener, final LatencyLog log,
                final Workload workload, final UnsafeBuffer block, final UnsafeBuffer root, final long height) {
            this.engine = engine;
            this.store = store;
            this.listener = listener;
            this.log = log;
            this.workload = workload;
            this.block = block;
            this.root = root;
            this.height = height;
            this.engineThreads = engine.threads().toArray(new Thread[0]);
            this.results = new BlockResult[IN_FLIGHT];
            for (int i = 0; i < IN_FLIGHT; i++) {
                results[i] = BlockResult.reusable(config.blockSize());
            }
        }

        SoakResult run() throws IOException {
            final long interval = config.blockIntervalNanos();
            long start = System.nanoTime() + SECOND / 10;
            startNanos = start;
            final long warmEnd = start + config.warmupSeconds() * SECOND;
            long end = warmEnd + config.durationSeconds() * SECOND;
            boolean warm = config.warmupSeconds() == 0;
            if (warm) {
                markWarm(start);
            }
            reportedAt = start;
            long nextReport = start + SECOND;
            int length = workload.encodeBlock(height + 1, height + 1, root, 0, block, 0, config.blockSize());
            for (long k = 0; ; k++) {
                long intended = start + k * interval;
                if (intended >= end) {
                    break;
                }
                while (System.nanoTime() >= nextReport) {
                    report(nextReport, warm);
                    nextReport += SECOND;
                }
                if (!warm && intended >= warmEnd) {
                    awaitInFlight();
                    if (config.gcAtWarmupEnd()) {
                        final long shift = collectBeforeMeasuring(intended);
                        start += shift;
                        end += shift;
                        intended += shift;
                    }
                    markWarm(intended);
                    warm = true;
                }
                parkUntil(Math.min(intended, nextReport));
                if (System.nanoTime() < intended) {
                    k--;
                    continue;
                }
                height++;
                final int slot = (int) (height % IN_FLIGHT);
                awaitResult(slot);
                listener.intend(height, intended);
                final long lag = System.nanoTime() - intended;
                lastLagNanos = lag;
                intervalMaxLag = Math.max(intervalMaxLag, lag);
                if (warm) {
                    maxLagNanos = Math.max(maxLagNanos, lag);
                }
                engine.submit(block, 0, length, results[slot]);
                inFlight[slot] = true;
                length = workload.encodeBlock(height + 1, height + 1, root, 0, block, 0, config.blockSize());
            }
            awaitInFlight();
            final long finishedAt = System.nanoTime();
            report(finishedAt, true);
            return finish(finishedAt);
        }

        /** Waits for every block in flight, oldest first. */
        private void awaitInFlight() {
            for (long h = height - IN_FLIGHT + 1; h <= height; h++) {
                awaitResult((int) Math.floorMod(h, (long) IN_FLIGHT));
            }
        }

        /** Waits for the block that last used result {@code slot} (if it is in flight); keeps its root. */
        private void awaitResult(final int slot) {
            if (inFlight[slot]) {
                final BlockResult result = results[slot].await();
                requireSealed(result);
                root.putBytes(0, result.root(), 0, BlockDescriptor.ROOT_LENGTH);
                inFlight[slot] = false;
            }
        }

        /**
         * The one collection at the end of warm-up, outside the measured window.
         *
         * @param intended the scheduled arrival of the window's first block
         * @return how far the schedule moves so that the window starts after the collection
         */
        private long collectBeforeMeasuring(final long intended) {
            final long before = System.nanoTime();
            System.gc();
            final long after = System.nanoTime();
            warmupGcNanos = after - before;
            out.printf(Locale.ROOT, "warm-up over: one System.gc() (%.1f ms) empties the young generation; the measured "
                    + "window starts after it%n", warmupGcNanos / 1e6);
            return Math.max(0, System.nanoTime() - intended);
        }

        private void markWarm(final long at) {
            log.roll(System.currentTimeMillis());
            log.endWarmup();
            warmAt = at;
            warmTxs = engine.stats().transactions();
            warmReexec = engine.stats().reexecuted();
            warmFailed = engine.stats().failed();
            listener.failedByReason(warmFailedByReason);
            warmGcCount = JvmStats.gcCount();
            warmGcMillis = JvmStats.gcMillis();
            warmEngineBytes = JvmStats.allocatedBytes(engineThreads);
            warmSubmitterBytes = JvmStats.allocatedBytes(Thread.currentThread());
            cpu = StageCpu.engine(engine, store);
            persistence = PersistenceWindow.open(store);
            listener.breakdown().reset();
            allocation = AllocationWindow.open(); // last: the windows opened above allocate
        }

        private void report(final long now, final boolean warm) {
            final Histogram interval = log.roll(System.currentTimeMillis());
            final long txs = engine.stats().transactions();
            final long reexec = engine.stats().reexecuted();
            final double seconds = Math.max(1e-9, (now - reportedAt) / 1e9);
            final long dTxs = txs - reportedTxs;
            progress.write(out, warm, now - startNanos, dTxs / seconds, interval,
                    dTxs == 0 ? 0.0 : 100.0 * (reexec - reportedReexec) / dTxs, intervalMaxLag,
                    JvmStats.gcCount() - warmGcCount, listener.breakdown());
            reportedTxs = txs;
            reportedReexec = reexec;
            reportedAt = now;
            intervalMaxLag = 0;
        }

        private SoakResult finish(final long finishedAt) throws IOException {
            final Json allocated = allocation.close((finishedAt - warmAt) / 1e9);
            final Histogram total = log.total();
            final long txs = engine.stats().transactions() - warmTxs;
            cpu.closeEngine(store, Math.max(1, txs));
            final Json persisted = persistence.close(txs);
            final double seconds = (finishedAt - warmAt) / 1e9;
            listener.failedByReason(failedByReason);
            final Json reasons = new Json();
            for (int reason = 1; reason < failedByReason.length; reason++) {
                final long n = failedByReason[reason] - warmFailedByReason[reason];
                if (n > 0) {
                    reasons.put(ReasonNames.of(reason), n);
                }
            }
            final SoakResult result = new SoakResult(config, workload.name(), txs, seconds, reasons,
                    engine.stats().reexecuted() - warmReexec, engine.stats().failed() - warmFailed,
                    JvmStats.gcCount() - warmGcCount, JvmStats.gcMillis() - warmGcMillis,
                    (JvmStats.allocatedBytes(engineThreads) - warmEngineBytes) / (double) Math.max(1, txs),
                    (JvmStats.allocatedBytes(Thread.currentThread()) - warmSubmitterBytes) / (double) Math.max(1, txs),
                    maxLagNanos, lastLagNanos, height, RootHex.of(root), total, StageCpu.toJson(List.of(cpu)),
                    listener.breakdown().toJson(), persisted, allocated, warmupGcNanos);
            out.print(StageCpu.table(List.of(cpu)));
            out.print(PersistenceWindow.line(persisted));
            log.writeDistribution(config.reportDir().resolve("latency.hgrm"));
            PercentilePlot.write(total, String.format(Locale.ROOT, "multilane soak: %s at %,d tx/s offered, %d lanes",
                    workload.name(), config.tps(), config.lanes()), config.reportDir().resolve("latency.png"));
            Files.writeString(config.reportDir().resolve("summary.json"), result.toJson().toString(), StandardCharsets.UTF_8);
            return result;
        }
    }

    private static void parkUntil(final long deadline) {
        for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    /** @return {@code nanos} as the progress line shows a duration ({@link LineBuffer#micros}); allocates */
    static String micros(final long nanos) {
        return new LineBuffer(16).micros(nanos, 6).toString();
    }

}
