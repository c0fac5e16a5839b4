package io.multilane.perf.cli;

import picocli.CommandLine.Option;

/**
 * Options every job that generates a workload shares (soak, bench, cluster): which workload, its seed and size. A
 * picocli mixin; filled on the CLI's main thread.
 */
class WorkloadOptions {
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
}
