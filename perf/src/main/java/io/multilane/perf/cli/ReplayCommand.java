package io.multilane.perf.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

import io.multilane.exec.replay.BlockRunner;
import io.multilane.exec.replay.ReplayResult;
import io.multilane.exec.replay.ReplayRunner;
import io.multilane.exec.replay.StateDump;
import io.multilane.exec.replay.Trace;
import io.multilane.exec.replay.WorkloadLoader;
import io.multilane.exec.replay.WorkloadSource;
import io.multilane.exec.workload.Workload;
import io.multilane.exec.workload.Workloads;
import io.multilane.pipeline.replay.EngineBlockRunner;
import io.multilane.state.DirectoryTree;
import io.multilane.state.StateConfig;
import io.multilane.state.StateStore;
import io.multilane.state.StateStores;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code multilane replay --workload mainnet-pevm|DIR [--engine serial|parallel [--lanes N]] [--dump-state FILE]}:
 * replays a mainnet workload (the bundled {@code mainnet-pevm}, or a directory of genesis.csv and ops.csv, plain or
 * gzipped) block by block, prints the state root after each block and the failed transactions by reason, and
 * optionally writes the final state in the format of the workload's expected_final.csv. The name is resolved as a
 * synthetic name, then a bundled one, then a directory. {@code --workload NAME --seed S --blocks N} replays a synthetic
 * workload ({@link Workloads#NAMES}) the same way, its dump using numeric ids. Runs on the CLI's
 * main thread.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replay a mainnet workload (bundled mainnet-pevm, or a directory of genesis.csv + ops.csv) "
                + "or a synthetic one; print per-block state roots.")
final class ReplayCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--workload", required = true, paramLabel = "NAME|DIR", description = WorkloadOptions.WORKLOAD_HELP + ".")
    private String workload;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Seed of a synthetic workload (default 1).")
    private long seed;

    @Option(names = "--blocks", defaultValue = "100", paramLabel = "N",
            description = "Blocks of a synthetic workload (default ${DEFAULT-VALUE}).")
    private int blocks;

    @Option(names = "--txs", defaultValue = "1000", paramLabel = "N",
            description = "Transactions per block of a synthetic workload (default ${DEFAULT-VALUE}).")
    private int txs;

    @Option(names = "--accounts", defaultValue = "0", paramLabel = "N",
            description = "Accounts of a synthetic workload; 0 (default) for its standard size.")
    private int accounts;

    @Option(names = "--engine", defaultValue = "serial", paramLabel = "ENGINE",
            description = "Executor: serial (default) or parallel (the engine; same dump, byte for byte).")
    private String engine;

    @Option(names = "--lanes", defaultValue = "2", paramLabel = "N",
            description = "Lanes of the parallel engine (default ${DEFAULT-VALUE}).")
    private int lanes;

    @Option(names = "--dump-state", paramLabel = "FILE", description = "Write the final state here (expected_final.csv format).")
    private Path dumpState;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Store directory (must be empty); default: a temporary one, deleted after.")
    private Path dataDir;

    @Option(names = "--entries", defaultValue = "1048576", paramLabel = "N",
            description = "Store capacity in records (default ${DEFAULT-VALUE}).")
    private long entries;

    @Override
    public Integer call() throws IOException {
        final boolean parallel = "parallel".equals(engine);
        if (!"serial".equals(engine) && !parallel) {
            throw new ParameterException(spec.commandLine(), "unknown engine '" + engine + "' (available: serial, parallel)");
        }
        if (parallel && (lanes < 1 || lanes > 64)) {
            throw new ParameterException(spec.commandLine(), "--lanes must be in 1..64: " + lanes);
        }
        final boolean synthetic = Workloads.NAMES.contains(workload);
        final WorkloadSource source;
        try {
            source = synthetic ? null : Workloads.mainnetSource(workload);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        final PrintWriter out = spec.commandLine().getOut();
        final Workload generated = synthetic ? Workloads.create(workload, seed, accounts) : null;
        final Trace w = synthetic ? null : WorkloadLoader.load(source);
        final boolean temporary = dataDir == null;
        final Path dir = temporary ? Files.createTempDirectory("multilane-replay") : dataDir;
        final long capacity = synthetic ? Math.max(entries, generated.stateEntries()) : entries;
        try (StateStore store = StateStores.open(StateConfig.of(dir, capacity).withSyncOnSeal(false))) {
            if (synthetic) {
                WorkloadReplay.run(generated, store, blocks, txs, dumpState, out, parallel ? lanes : 0);
                return 0;
            }
            final long start = System.nanoTime();
            final ReplayResult result;
            try (BlockRunner runner = EngineBlockRunner.of(store, parallel ? lanes : 0)) {
                result = ReplayRunner.run(w, store, runner);
            }
            final long elapsed = System.nanoTime() - start;
            out.printf("genesis root %s%n", result.genesisRoot());
            for (int i = 0; i < result.blockRoots().size(); i++) {
                out.printf("block %d (source %d) root %s%n", result.blockHeights().get(i), result.sourceBlocks().get(i),
                        result.blockRoots().get(i));
            }
            out.printf("transactions %d, succeeded %d, failed %d%n", result.transactions(), result.succeeded(),
                    result.transactions() - result.succeeded());
            for (Map.Entry<String, Long> e : result.failuresByReason().entrySet()) {
                out.printf("  failed %s: %d%n", e.getKey(), e.getValue());
            }
            out.printf("replayed in %.1f ms (genesis, execution and seals, %s engine%s)%n", elapsed / 1e6, engine,
                    parallel ? ", " + lanes + " lanes" : "");
            if (dumpState != null) {
                try (Writer writer = Files.newBufferedWriter(dumpState, StandardCharsets.UTF_8)) {
                    StateDump.write(store, w.addresses(), writer);
                }
                out.printf("state written to %s%n", dumpState);
            }
        } finally {
            if (temporary) {
                DirectoryTree.delete(dir);
            }
        }
        out.flush();
        return 0;
    }
}
