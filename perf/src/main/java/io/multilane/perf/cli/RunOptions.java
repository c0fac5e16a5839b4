package io.multilane.perf.cli;

import io.multilane.pipeline.WaitKind;
import picocli.CommandLine.Option;

/**
 * Options every job that runs a workload through the engine shares (soak, bench): which workload,
 * its seed and size, the engine's lanes and wait strategy, and journal durability. A picocli mixin;
 * filled on the CLI's main thread.
 */
final class RunOptions {
    /** Help text of every {@code --workload} option (names as in {@code Workloads.ALL_NAMES}). */
    static final String WORKLOAD_HELP = "transfers-uniform, transfers-zipf, defi-mix, hot-pool, wasm-amm (WebAssembly contracts),"
            + " mainnet-pevm (real mainnet "
            + "blocks, bundled), or a directory holding genesis.csv and ops.csv (plain or .gz)";

    @Option(names = "--workload", paramLabel = "NAME|DIR", description = WORKLOAD_HELP + " (default: ${DEFAULT-VALUE})")
    String workload = "defi-mix";

    @Option(names = "--seed", description = "Workload seed (default: ${DEFAULT-VALUE})")
    long seed = 42;

    @Option(names = "--accounts", description = "Accounts of a synthetic workload; 0 (default) for its standard size")
    int accounts;

    @Option(names = "--lanes", description = "Execution lanes (default: ${DEFAULT-VALUE})")
    int lanes = 2;

    @Option(names = "--wait", description = "Engine idle strategy: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    WaitKind waitKind = WaitKind.ADAPTIVE;

    @Option(names = "--sync", description = "fsync the journal at every seal (power-loss safe; default: kill-safe only)")
    boolean sync;
}
