package io.multilane.perf.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.multilane.exec.replay.BlockRunner;
import io.multilane.exec.replay.StateDump;
import io.multilane.exec.workload.Workload;
import io.multilane.exec.workload.WorkloadRun;
import io.multilane.pipeline.replay.EngineBlockRunner;
import io.multilane.state.StateStore;

/**
 * The synthetic-workload side of {@code multilane replay --workload NAME}: runs genesis, setup and
 * {@code blocks} workload blocks on the serial executor ({@link WorkloadRun}), prints the
 * roots and the outcome in the format the directory replay uses, and optionally dumps the final
 * state ({@link StateDump} with numeric ids). CLI code on the store's writer thread.
 */
public final class WorkloadReplay {
    private WorkloadReplay() {
    }

    /**
     * Replays and reports.
     *
     * @param workload  a fresh workload
     * @param store     an empty store sized for {@link Workload#stateEntries()}
     * @param blocks    workload blocks
     * @param txs       transactions per block
     * @param dumpState file receiving the final state, or null
     * @param out       report destination (flushed at the end)
     * @param lanes     0 for the serial executor, else the parallel engine's lanes
     * @throws IOException if the dump cannot be written
     */
    public static void run(final Workload workload, final StateStore store, final int blocks, final int txs,
            final Path dumpState, final PrintWriter out, final int lanes) throws IOException {
        final long start = System.nanoTime();
        final WorkloadRun.Result result;
        try (BlockRunner runner = EngineBlockRunner.of(store, lanes)) {
            result = WorkloadRun.run(workload, store, runner, blocks, txs, null);
        }
        final long elapsed = System.nanoTime() - start;
        out.printf("genesis root %s%n", result.genesisRoot());
        out.printf("setup blocks %d: transactions %d, succeeded %d%n", workload.setupBlocks(), result.setupTransactions(),
                result.setupSucceeded());
        for (int i = 0; i < result.blockRoots().size(); i++) {
            out.printf("block %d root %s%n", result.blockHeights().get(i), result.blockRoots().get(i));
        }
        out.printf("transactions %d, succeeded %d, failed %d%n", result.transactions(), result.succeeded(),
                result.transactions() - result.succeeded());
        for (Map.Entry<String, Long> e : result.failuresByReason().entrySet()) {
            out.printf("  failed %s: %d%n", e.getKey(), e.getValue());
        }
        out.printf("replayed %s in %.1f ms (genesis, setup, execution and seals, %s)%n", workload.name(),
                elapsed / 1e6, lanes == 0 ? "serial engine" : "parallel engine, " + lanes + " lanes");
        if (dumpState != null) {
            try (Writer writer = Files.newBufferedWriter(dumpState, StandardCharsets.UTF_8)) {
                StateDump.write(store, StateDump.ids(), writer);
            }
            out.printf("state written to %s%n", dumpState);
        }
        out.flush();
    }
}
