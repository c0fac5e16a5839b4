package io.multilane.perf.cluster;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.multilane.exec.serial.SerialExecutor;
import io.multilane.perf.report.Json;
import io.multilane.pipeline.BlockResult;
import io.multilane.pipeline.Engine;
import io.multilane.pipeline.EngineConfig;
import io.multilane.pipeline.PersistencePriority;
import io.multilane.state.DirectoryTree;
import io.multilane.state.StateConfig;
import io.multilane.state.StateSnapshots;
import io.multilane.state.StateStore;
import io.multilane.state.root.RootHex;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The single-engine figure a cluster run is compared with: the same genesis file and blocks through one in-process
 * {@link Engine} (the members' configuration: producer mode, same lanes, no signature checks), with the same window
 * of blocks in flight, measured the same way (submit to result, from the second block: the first one warms up and
 * marks the start). Main thread.
 */
final class BaselineRun {
    private final ClusterRunConfig config;
    private final WorkloadBlocks wb;
    private final Path dir;
    private final PrintStream out;

    BaselineRun(final ClusterRunConfig config, final WorkloadBlocks wb, final Path dir, final PrintStream out) {
        this.config = config;
        this.wb = wb;
        this.dir = dir;
        this.out = out;
    }

    Json run() throws IOException {
        final StateConfig state = PersistencePriority.lowered(StateConfig.of(dir, wb.entries).withSyncOnSeal(false));
        final Histogram latency = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
        long txs = 0;
        final long elapsed;
        String root = "";
        try (StateStore store = StateSnapshots.importTo(wb.genesis, state);
             Engine engine = Engine.open(EngineConfig.forOpenStore().withLanes(config.lanes()).withProducerMode(true)
                     .withVerifySignatures(false).withFeeCollector(SerialExecutor.DEFAULT_FEE_COLLECTOR), store)) {
            final ArrayDeque<CompletableFuture<BlockResult>> inFlight = new ArrayDeque<>();
            long start = 0;
            for (int i = 0; i < wb.blocks.size(); i++) {
                if (inFlight.size() == config.window()) {
                    record(inFlight.poll().join(), latency);
                }
                final byte[] bytes = wb.blocks.get(i);
                inFlight.add(engine.submit(new UnsafeBuffer(bytes), 0, bytes.length));
                if (i == 0) {
                    inFlight.poll().join();
                    start = System.nanoTime();
                }
            }
            while (!inFlight.isEmpty()) {
                record(inFlight.poll().join(), latency);
            }
            elapsed = System.nanoTime() - start;
            for (int b = 1; b < wb.blocks.size(); b++) {
                txs += wb.transactions.get(b);
            }
            final UnsafeBuffer r = new UnsafeBuffer(new byte[32]);
            store.root(r, 0);
            root = RootHex.of(r);
        } finally {
            DirectoryTree.delete(dir);
        }
        if (!root.equals(wb.roots.get(wb.roots.size() - 1))) {
            throw new IllegalStateException("the single engine ended at root " + root + ", the serial executor at "
                    + wb.roots.get(wb.roots.size() - 1));
        }
        final double tps = txs / (elapsed / 1e9);
        out.printf(Locale.ROOT, "single engine: %,.0f tx/s; latency p50 %d us, p99 %d us, max %d us%n", tps,
                latency.getValueAtPercentile(50), latency.getValueAtPercentile(99), latency.getMaxValue());
        return new Json().put("tps", Math.round(tps)).put("latencyMicros", new Json()
                .put("p50", latency.getValueAtPercentile(50)).put("p90", latency.getValueAtPercentile(90))
                .put("p99", latency.getValueAtPercentile(99)).put("p99.9", latency.getValueAtPercentile(99.9))
                .put("max", latency.getMaxValue()));
    }

    private static void record(final BlockResult r, final Histogram latency) {
        if (!r.sealed()) {
            throw new IllegalStateException("the single engine refused block " + r.height() + ": " + r);
        }
        latency.recordValue(Math.min(latency.getHighestTrackableValue(), r.latencyNanos() / 1000));
    }
}
