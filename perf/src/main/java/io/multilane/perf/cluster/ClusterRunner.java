package io.multilane.perf.cluster;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.multilane.cluster.BlockClient;
import io.multilane.cluster.ClusterResult;
import io.multilane.cluster.LocalCluster;
import io.multilane.exec.serial.SerialExecutor;
import io.multilane.perf.report.Json;
import io.multilane.state.DirectoryTree;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Runs {@code multilane cluster}: prepares the workload's blocks and the serial executor's roots, optionally runs
 * them through one in-process engine (the baseline), starts the members on loopback from the genesis file (genesis
 * and setup), submits the workload blocks with a window in flight (the first one alone: it marks the start of the
 * measured window), killing a follower and/or the leader with SIGKILL at the
 * named blocks and restarting each after a pause, and finally stops every member and reads its store. The run passes
 * when every block was committed once with the oracle's root and every member ends at the last block's height and
 * root. Main thread (a scheduler thread restarts killed members).
 */
public final class ClusterRunner {
    private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(10);

    private final ClusterRunConfig config;
    private final PrintStream out;
    private boolean passed;

    /**
     * @param config the run's settings
     * @param out where progress and the summary go
     */
    public ClusterRunner(final ClusterRunConfig config, final PrintStream out) {
        this.config = config;
        this.out = out;
    }

    /** @return whether the last {@link #run} met every check */
    public boolean passed() {
        return passed;
    }

    /**
     * @return every figure of the run
     * @throws IOException if a directory cannot be prepared
     * @throws InterruptedException if interrupted while waiting for members
     */
    public Json run() throws IOException, InterruptedException {
        final boolean temporary = config.dataDir() == null;
        final Path dir = temporary ? Files.createTempDirectory("multilane-cluster") : config.dataDir();
        Files.createDirectories(dir);
        try {
            out.printf(Locale.ROOT, "preparing %s: genesis, setup and %d blocks of %d on the serial executor ...%n",
                    config.workload(), config.blocks(), config.blockSize());
            final WorkloadBlocks wb = WorkloadBlocks.prepare(config, dir);
            final Json baseline = config.baseline() ? new BaselineRun(config, wb, dir.resolve("baseline"), out).run() : null;
            final Json json = runCluster(wb, dir);
            if (baseline != null) {
                json.put("baseline", baseline);
                json.put("replicationOverhead", ((Number) json.get("tps")).doubleValue()
                        / ((Number) baseline.get("tps")).doubleValue());
                out.printf(Locale.ROOT, "3-node / single engine throughput: %.2f%n", json.get("replicationOverhead"));
            }
            return json;
        } finally {
            if (temporary) {
                DirectoryTree.delete(dir);
            }
        }
    }

    private List<String> nodeArgs(final WorkloadBlocks wb) {
        return List.of("--lanes", Integer.toString(config.lanes()), "--entries", Long.toString(wb.entries),
                "--verify-signatures", "false", "--fee-collector", Long.toString(SerialExecutor.DEFAULT_FEE_COLLECTOR),
                "--idle", config.idle());
    }

    private Json runCluster(final WorkloadBlocks wb, final Path dir) throws IOException, InterruptedException {
        final int n = config.nodes();
        final ScheduledExecutorService restarts = Executors.newSingleThreadScheduledExecutor();
        try (LocalCluster cluster = new LocalCluster(dir.resolve("nodes"), LocalCluster.freeLoopbackLayout(n), wb.genesis,
                config.heap(), nodeArgs(wb))) {
            for (int i = 0; i < n; i++) {
                cluster.start(i);
            }
            final Run run = new Run(wb);
            try (BlockClient client = BlockClient.connect(cluster.layout(), dir.resolve("client"), config.window(),
                    config.timeoutMillis())) {
                out.printf(Locale.ROOT, "%d members on loopback ports %d+ from genesis height %d; %d blocks ...%n", n,
                        cluster.layout().basePort(), wb.genesisHeight, config.blocks());
                final int leadersBefore = client.leaderChangeNanos().size();
                long start = System.nanoTime();
                int killedLeader = -1;
                for (int b = 1; b <= config.blocks(); b++) {
                    run.submit(client, b - 1);
                    if (b == 1) {
                        run.awaitAll();
                        start = System.nanoTime();
                        out.printf(Locale.ROOT, "leader is member %d%n", client.leaderMemberId());
                    }
                    // Killed right after block B is submitted, with the blocks before it still in flight.
                    if (b == config.killFollowerAt()) {
                        killAndRestart(cluster, restarts, (client.leaderMemberId() + 1) % n, "follower", b);
                    }
                    if (b == config.killLeaderAt()) {
                        killedLeader = client.leaderMemberId();
                        run.killNanos = System.nanoTime();
                        killAndRestart(cluster, restarts, killedLeader, "leader", b);
                    }
                }
                run.awaitAll();
                final long elapsed = run.lastResultNanos - start;
                final Json json = summary(run, wb, elapsed, client.leaderChangeNanos().size() - leadersBefore,
                        killedLeader);
                restarts.shutdown();
                restarts.awaitTermination(config.restartAfterMillis() + 30_000, TimeUnit.MILLISECONDS);
                json.put("nodes", finalNodes(cluster, wb, run));
                passed = run.failures.isEmpty();
                json.put("passed", passed);
                if (!passed) {
                    json.put("failure", String.join("; ", run.failures));
                }
                return json;
            }
        } finally {
            restarts.shutdownNow();
        }
    }

    private void killAndRestart(final LocalCluster cluster, final ScheduledExecutorService restarts, final int id,
            final String what, final int block) throws InterruptedException {
        cluster.kill(id);
        out.printf(Locale.ROOT, "block %d: killed the %s, member %d (SIGKILL); restarting it in %d ms%n", block, what,
                id, config.restartAfterMillis());
        restarts.schedule(() -> {
            try {
                cluster.start(id);
                out.printf(Locale.ROOT, "restarted member %d%n", id);
            } catch (final IOException e) {
                out.println("cannot restart member " + id + ": " + e);
            }
        }, config.restartAfterMillis(), TimeUnit.MILLISECONDS);
    }

    private Json summary(final Run run, final WorkloadBlocks wb, final long elapsedNanos, final int elections,
            final int killedLeader) {
        long txs = 0;
        for (int b = 1; b < config.blocks(); b++) {
            txs += wb.transactions.get(b);
        }
        final double tps = txs / (elapsedNanos / 1e9);
        final Histogram h = run.latency;
        final Json latency = new Json().put("p50", h.getValueAtPercentile(50)).put("p90", h.getValueAtPercentile(90))
                .put("p99", h.getValueAtPercentile(99)).put("p99.9", h.getValueAtPercentile(99.9))
                .put("max", h.getMaxValue());
        final Json json = new Json()
                .put("workload", config.workload())
                .put("blockSize", config.blockSize())
                .put("lanes", config.lanes())
                .put("window", config.window())
                .put("blocksSubmitted", run.submitted)
                .put("blocksCommitted", run.committed)
                .put("duplicatesAnswered", run.duplicates)
                .put("transactions", txs)
                .put("tps", Math.round(tps))
                .put("latencyMicros", latency)
                .put("leaderElections", elections);
        if (killedLeader >= 0) {
            json.put("failoverMillis", run.failoverNanos(killedLeader) / 1e6);
        }
        out.printf(Locale.ROOT, "%d blocks (%d tx) committed in %.2f s: %,.0f tx/s; latency p50 %d us, p99 %d us, max %d "
                + "us; %d leader election(s)%s%n", run.committed, txs, elapsedNanos / 1e9, tps,
                h.getValueAtPercentile(50), h.getValueAtPercentile(99), h.getMaxValue(), elections,
                killedLeader >= 0 ? String.format(Locale.ROOT, ", failover %.0f ms", run.failoverNanos(killedLeader) / 1e6)
                        : "");
        return json;
    }

    private List<Json> finalNodes(final LocalCluster cluster, final WorkloadBlocks wb, final Run run)
            throws InterruptedException, IOException {
        final long height = wb.height(wb.blocks.size() - 1);
        final String root = wb.roots.get(wb.roots.size() - 1);
        final List<Json> nodes = new ArrayList<>();
        for (int i = 0; i < config.nodes(); i++) {
            if (!cluster.awaitHeight(i, height, 120_000)) {
                run.failures.add("member " + i + " did not reach height " + height + " (log " + cluster.logFile(i) + ")");
            }
        }
        for (int i = 0; i < config.nodes(); i++) {
            final int code = cluster.stop(i);
            if (code != 0) {
                run.failures.add("member " + i + " exited with " + code);
            }
            final LocalCluster.StoreState s = cluster.storeState(i);
            nodes.add(new Json().put("id", i).put("height", s.height).put("root", s.root));
            out.printf(Locale.ROOT, "member %d: height %d root %s%n", i, s.height, s.root);
            if (s.height != height || !s.root.equals(root)) {
                run.failures.add("member " + i + " ended at height " + s.height + " root " + s.root + ", expected "
                        + height + " " + root);
            }
        }
        return nodes;
    }

    /** The blocks in flight and what came back; main thread only. */
    private final class Run {
        private final WorkloadBlocks wb;
        private final List<CompletableFuture<ClusterResult>> futures = new ArrayList<>();
        private final List<Integer> indexes = new ArrayList<>();
        private final long[] completedNanos;
        private final int[] leaders;
        final Histogram latency = new Histogram(HIGHEST_MICROS, 3);
        final List<String> failures = new ArrayList<>();
        int submitted;
        int committed;
        int duplicates;
        long lastResultNanos;
        long killNanos;
        private int awaited;

        Run(final WorkloadBlocks wb) {
            this.wb = wb;
            this.completedNanos = new long[wb.blocks.size()];
            this.leaders = new int[wb.blocks.size()];
        }

        void submit(final BlockClient client, final int index) {
            final byte[] bytes = wb.blocks.get(index);
            final CompletableFuture<ClusterResult> f = client.submit(new UnsafeBuffer(bytes), 0, bytes.length);
            futures.add(f);
            indexes.add(index);
            submitted++;
        }

        void awaitAll() {
            for (; awaited < futures.size(); awaited++) {
                final int index = indexes.get(awaited);
                final long height = wb.height(index);
                try {
                    final ClusterResult r = futures.get(awaited).get(config.timeoutMillis() + 5_000, TimeUnit.MILLISECONDS);
                    if (!r.committed() || r.height() != height) {
                        failures.add("block " + height + ": " + r);
                        continue;
                    }
                    if (r.duplicate()) {
                        duplicates++;
                    }
                    if ((!r.duplicate() || r.committedKnown()) && !r.rootHex().equals(wb.roots.get(index))) {
                        failures.add("block " + height + " root " + r.rootHex() + ", serial executor " + wb.roots.get(index));
                    }
                    completedNanos[index] = r.receivedNanos();
                    leaders[index] = r.leaderMemberId();
                    committed++;
                    if (index > 0) {
                        latency.recordValue(Math.min(HIGHEST_MICROS, r.latencyNanos() / 1000));
                    }
                    lastResultNanos = Math.max(lastResultNanos, r.receivedNanos());
                } catch (final Exception e) {
                    failures.add("block " + height + ": " + e.getMessage());
                }
            }
        }

        /** From the leader's kill to the first result a new leader delivered. */
        long failoverNanos(final int killedLeader) {
            long first = Long.MAX_VALUE;
            for (int i = 0; i < completedNanos.length; i++) {
                if (completedNanos[i] > killNanos && leaders[i] != killedLeader) {
                    first = Math.min(first, completedNanos[i]);
                }
            }
            return first == Long.MAX_VALUE ? -1 : first - killNanos;
        }
    }
}
