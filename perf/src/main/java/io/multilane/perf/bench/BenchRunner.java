package io.multilane.perf.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.multilane.exec.receipt.BlockStatus;
import io.multilane.exec.replay.BlockRunner;
import io.multilane.exec.tx.BlockDescriptor;
import io.multilane.exec.workload.Workload;
import io.multilane.exec.workload.WorkloadRun;
import io.multilane.exec.workload.Workloads;
import io.multilane.perf.report.Json;
import io.multilane.perf.report.PersistenceWindow;
import io.multilane.perf.report.StageCpu;
import io.multilane.perf.soak.DataDirs;
import io.multilane.pipeline.BlockResult;
import io.multilane.pipeline.Engine;
import io.multilane.pipeline.EngineConfig;
import io.multilane.pipeline.replay.EngineBlockRunner;
import io.multilane.state.StateConfig;
import io.multilane.state.StateStore;
import io.multilane.state.root.RootHex;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Closed-loop saturation: the serial executor and the parallel engine run the same blocks in the
 * same process, one after the other, each on its own persisted store built from the same genesis,
 * and the bench reports both rates and their ratio.
 *
 * <p>Genesis and setup blocks come from the shared run driver ({@link WorkloadRun#setUp}, on the
 * {@link BlockRunner} of each executor); only the measuring is the bench's own. The serial pass encodes each
 * block with its parent's root and times only {@code execute} (execution, commit, root, seal); the encoded blocks
 * are kept, so the parallel pass submits
 * exactly the same bytes back to back (the ring full of work, blocks pipelined) and is timed from
 * the first submit to the last seal. Both passes must end at the same state root, or the run fails.
 * Setup code on the calling thread.
 */
public final class BenchRunner {
    /** Transactions between two checkpoints, the same for both executors. */
    private static final int CHECKPOINT_TXS = 100_000;
    /** A checkpoint interval no bench round reaches: checkpoints follow the block count only. */
    private static final long UNTIMED_MILLIS = 3_600_000;
    private final BenchConfig config;
    private final PrintStream out;

    /**
     * @param config what to run
     * @param out    where the lines go
     */
    public BenchRunner(final BenchConfig config, final PrintStream out) {
        this.config = config;
        this.out = out;
    }

    /**
     * Runs every round.
     *
     * @return the medians and the per-round figures as JSON
     * @throws IOException if a data directory cannot be prepared
     */
    public Json run() throws IOException {
        final double[] serial = new double[config.rounds()];
        final double[] parallel = new double[config.rounds()];
        final double[] ratio = new double[config.rounds()];
        final double[] reexec = new double[config.rounds()];
        String root = "";
        final List<StageCpu.Window> cpu = new ArrayList<>();
        Json serialPersistence = null;
        Json parallelPersistence = null;
        for (int r = 0; r < config.rounds(); r++) {
            final Round round = new Round();
            round.run();
            cpu.add(round.cpu);
            serialPersistence = round.serialPersistence;
            parallelPersistence = round.parallelPersistence;
            serial[r] = round.serialTps;
            parallel[r] = round.parallelTps;
            ratio[r] = round.parallelTps / round.serialTps;
            reexec[r] = round.reexecutionRate;
            root = round.rootHex;
            out.printf(Locale.ROOT, "round %d: serial %,.0f tx/s, parallel %,.0f tx/s, ratio %.2fx, re-executed %.2f%%%n",
                    r + 1, serial[r], parallel[r], ratio[r], 100 * reexec[r]);
        }
        final Json json = new Json()
                .put("workload", config.workload())
                .put("seed", config.seed())
                .put("blocks", config.blocks())
                .put("blockSize", config.blockSize())
                .put("lanes", config.lanes())
                .put("speculateSingleLane", config.speculateAlone())
                .put("waitKind", config.waitKind().name())
                .put("rounds", config.rounds())
                .put("serialTps", Math.round(median(serial)))
                .put("parallelTps", Math.round(median(parallel)))
                .put("ratio", median(ratio))
                .put("reexecutionRate", median(reexec))
                .put("cpuNanosPerTx", StageCpu.toJson(cpu))
                .put("persistenceSerial", serialPersistence)
                .put("persistenceParallel", parallelPersistence)
                .put("stateRoot", root);
        out.printf(Locale.ROOT, "%nbench %s, %d blocks x %d tx, %d lanes (%s), median of %d round(s)%n", config.workload(),
                config.blocks(), config.blockSize(), config.lanes(), config.waitKind(), config.rounds());
        out.printf(Locale.ROOT, "serial     %,12.0f tx/s%n", median(serial));
        out.printf(Locale.ROOT, "parallel   %,12.0f tx/s   (re-executed %.2f%%)%n", median(parallel), 100 * median(reexec));
        out.printf(Locale.ROOT, "ratio      %12.2fx%n", median(ratio));
        out.printf(Locale.ROOT, "state root %s (serial and parallel agree)%n", root);
        out.print(StageCpu.table(cpu));
        out.print("serial " + PersistenceWindow.line(serialPersistence));
        out.print("parallel " + PersistenceWindow.line(parallelPersistence));
        return json;
    }

    static double median(final double[] values) {
        return StageCpu.median(values);
    }

    /** One serial pass then one parallel pass over the same blocks. */
    private final class Round {
        private final UnsafeBuffer root = new UnsafeBuffer(new byte[BlockDescriptor.ROOT_LENGTH]);
        private double serialTps;
        private double parallelTps;
        private double reexecutionRate;
        private String rootHex;
        private StageCpu.Window serialCpu;
        private StageCpu.Window cpu;
        private Json serialPersistence;
        private Json parallelPersistence;
        private UnsafeBuffer blocks;
        private int[] offsets;
        private int[] lengths;

        void run() throws IOException {
            runSerial();
            runParallel();
        }

        private StateStore openEmpty(final String name, final Workload workload) throws IOException {
            // Both executors' persistence threads run below the executing threads, as under an engine, and both
            // checkpoint after the same blocks: a timed interval would give the slower executor more checkpoints
            // (more Chronicle writes per transaction) and so bias the ratio. The cadence is the soak's at its
            // default rate: one checkpoint per CHECKPOINT_TXS transactions (1000 ms at 100k tx/s).
            final int interval = Math.max(1, CHECKPOINT_TXS / config.blockSize());
            return DataDirs.openEmpty(StateConfig.of(config.dataDir().resolve(name), workload.stateEntries())
                    .withSyncOnSeal(config.syncOnSeal()).withWriteback(config.writeback())
                    .withCheckpointIntervalBlocks(interval).withCheckpointIntervalMillis(UNTIMED_MILLIS));
        }

        private void runSerial() throws IOException {
            final Workload workload = Workloads.create(config.workload(), config.seed(), config.accounts());
            final int maxBlock = BlockDescriptor.HEADER_LENGTH
                    + config.blockSize() * (workload.maxTxBytes() + BlockDescriptor.ENTRY_PREFIX);
            blocks = new UnsafeBuffer(new byte[Math.multiplyExact(maxBlock, config.blocks())]);
            offsets = new int[config.blocks()];
            lengths = new int[config.blocks()];
            try (StateStore store = openEmpty("serial", workload); BlockRunner executor = BlockRunner.serial(store)) {
                long height = WorkloadRun.setUp(workload, store, executor, root, null).height();
                long nanos = 0;
                long cpuNanos = 0;
                int position = 0;
                StageCpu.checkpoint(store);
                serialCpu = StageCpu.serial(store);
                final PersistenceWindow persistence = PersistenceWindow.open(store);
                for (int b = 0; b < config.blocks(); b++) {
                    height++;
                    offsets[b] = position;
                    lengths[b] = workload.encodeBlock(height, height, root, 0, blocks, position, config.blockSize());
                    final long cpuStart = StageCpu.cpuNanos(Thread.currentThread());
                    final long start = System.nanoTime();
                    executor.execute(blocks, position, lengths[b], root);
                    nanos += System.nanoTime() - start;
                    cpuNanos += StageCpu.cpuNanos(Thread.currentThread()) - cpuStart;
                    position += lengths[b];
                }
                // the checkpoint the cadence began at the last block is the window's too (as for the engine)
                final long tail = System.nanoTime();
                StageCpu.checkpoint(store);
                nanos += System.nanoTime() - tail;
                serialTps = (double) config.blocks() * config.blockSize() * 1e9 / nanos;
                serialCpu.closeSerial(cpuNanos, store, (long) config.blocks() * config.blockSize());
                serialPersistence = persistence.close((long) config.blocks() * config.blockSize());
                rootHex = RootHex.of(root);
            }
        }

        private void runParallel() throws IOException {
            final Workload workload = Workloads.create(config.workload(), config.seed(), config.accounts());
            final int maxTxs = Math.max(config.blockSize(), 100_000);
            final EngineConfig engineConfig = EngineConfig.forOpenStore().withLanes(config.lanes())
                    .withSingleLaneSpeculation(config.speculateAlone())
                    .withWaitKind(config.waitKind()).withMaxBlock(maxTxs, Integer.MAX_VALUE - 8);
            try (StateStore store = openEmpty("parallel", workload);
                 EngineBlockRunner runner = EngineBlockRunner.open(store, engineConfig)) {
                WorkloadRun.setUp(workload, store, runner, new UnsafeBuffer(new byte[BlockDescriptor.ROOT_LENGTH]), null);
                runParallel(runner.engine(), store);
            }
        }

        /**
         * Submits the serial pass's blocks back to back and times them from the first submit to the last seal. The
         * blocks go in through a few results made once ({@link BlockResult#reusable}, as the soak does and as the
         * serial pass reuses its one receipt log), so the submitting thread's CPU, the ingress figure, is the
         * engine's ingress and not the allocation of every block's receipts.
         */
        private void runParallel(final Engine engine, final StateStore store) {
            final long txsBefore = engine.stats().transactions();
            final long reexecBefore = engine.stats().reexecuted();
            // more results than blocks fit the ring, so the submitter never waits for one to be done
            final BlockResult[] results = new BlockResult[engine.config().ringSize() / (config.blockSize() + 2) + 2];
            for (int i = 0; i < results.length; i++) {
                results[i] = BlockResult.reusable(config.blockSize());
            }
            StageCpu.checkpoint(store);
            final StageCpu.Window window = StageCpu.engine(engine, store);
            final PersistenceWindow persistence = PersistenceWindow.open(store);
            final long start = System.nanoTime();
            for (int b = 0; b < config.blocks(); b++) {
                final BlockResult r = results[b % results.length];
                if (b >= results.length) {
                    requireSealed(r.await().height(), r.status());
                }
                engine.submit(blocks, offsets[b], lengths[b], r);
            }
            window.ingressDone();
            final BlockResult last = results[(config.blocks() - 1) % results.length].await();
            StageCpu.checkpoint(store);
            final long nanos = System.nanoTime() - start;
            cpu = window.closeEngine(store, engine.stats().transactions() - txsBefore).withSerial(serialCpu);
            parallelPersistence = persistence.close(engine.stats().transactions() - txsBefore);
            for (int b = Math.max(0, config.blocks() - results.length); b < config.blocks(); b++) {
                final BlockResult r = results[b % results.length].await();
                requireSealed(r.height(), r.status());
            }
            final String parallelRoot = RootHex.of(last.root());
            if (!parallelRoot.equals(rootHex)) {
                throw new IllegalStateException("parallel root " + parallelRoot + " differs from serial root " + rootHex
                        + " after height " + last.height());
            }
            parallelTps = (double) config.blocks() * config.blockSize() * 1e9 / nanos;
            final long txs = engine.stats().transactions() - txsBefore;
            reexecutionRate = txs == 0 ? 0 : (double) (engine.stats().reexecuted() - reexecBefore) / txs;
        }
    }

    private static void requireSealed(final long height, final int status) {
        if (status != BlockStatus.SEALED) {
            throw new IllegalStateException("block " + height + " was refused: " + BlockStatus.name(status));
        }
    }
}
