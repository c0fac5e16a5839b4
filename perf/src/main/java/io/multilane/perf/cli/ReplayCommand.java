package io.multilane.perf.cli;

import io.multilane.exec.replay.ReplayResult;
import io.multilane.exec.replay.ReplayRunner;
import io.multilane.exec.replay.StateDump;
import io.multilane.exec.replay.Workload;
import io.multilane.exec.replay.WorkloadLoader;
import io.multilane.state.StateConfig;
import io.multilane.state.StateStore;
import io.multilane.state.StateStores;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code multilane replay --workload DIR [--engine serial] [--dump-state FILE]}: replays a mainnet
 * workload directory (genesis.csv, ops.csv) block by block, prints the state root after each block
 * and the failed transactions by reason, and optionally writes the final state in the format of the
 * directory's expected_final.csv. Runs on the CLI's main thread.
 */
@Command(name = "replay", description = "Replay a mainnet workload (genesis.csv + ops.csv) and print per-block state roots.")
final class ReplayCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--workload", required = true, paramLabel = "DIR",
            description = "Workload directory, e.g. ../shared/workloads/mainnet-pevm.")
    private Path workload;

    @Option(names = "--engine", defaultValue = "serial", paramLabel = "ENGINE", description = "Executor: serial (default).")
    private String engine;

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
        if (!"serial".equals(engine)) {
            throw new ParameterException(spec.commandLine(), "unknown engine '" + engine + "' (available: serial)");
        }
        if (!Files.isRegularFile(workload.resolve("genesis.csv")) || !Files.isRegularFile(workload.resolve("ops.csv"))) {
            throw new ParameterException(spec.commandLine(), "no genesis.csv and ops.csv in " + workload);
        }
        final PrintWriter out = spec.commandLine().getOut();
        final Workload w = WorkloadLoader.load(workload);
        final boolean temporary = dataDir == null;
        final Path dir = temporary ? Files.createTempDirectory("multilane-replay") : dataDir;
        try (StateStore store = StateStores.open(StateConfig.of(dir, entries).withSyncOnSeal(false))) {
            final long start = System.nanoTime();
            final ReplayResult result = ReplayRunner.runSerial(w, store);
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
            out.printf("replayed in %.1f ms (genesis, execution and seals, %s engine)%n", elapsed / 1e6, engine);
            if (dumpState != null) {
                try (Writer writer = Files.newBufferedWriter(dumpState, StandardCharsets.UTF_8)) {
                    StateDump.write(store, w.addresses(), writer);
                }
                out.printf("state written to %s%n", dumpState);
            }
        } finally {
            if (temporary) {
                deleteTree(dir);
            }
        }
        out.flush();
        return 0;
    }

    private static void deleteTree(final Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
