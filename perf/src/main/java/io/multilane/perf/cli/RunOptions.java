package io.multilane.perf.cli;

import io.multilane.pipeline.EngineConfig;
import io.multilane.pipeline.WaitKind;
import io.multilane.state.StateConfig;
import io.multilane.state.Writeback;
import picocli.CommandLine.Option;

/**
 * Options every job that runs a workload through the engine shares (soak, bench): the workload options, the
 * engine's lanes and wait strategy, journal durability and the store's writeback. A picocli mixin; filled on the CLI's main thread.
 */
final class RunOptions extends WorkloadOptions {
    @Option(names = "--lanes", description = "Execution lanes (default: ${DEFAULT-VALUE}: the CPUs but one; 1 executes directly)")
    int lanes = EngineConfig.defaultLanes();

    @Option(names = "--speculate-single-lane",
            description = "With --lanes 1, keep the lane protocol (speculate, validate, apply) instead of executing directly")
    boolean speculateAlone;

    @Option(names = "--wait", description = "Engine idle strategy: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    WaitKind waitKind = WaitKind.ADAPTIVE;

    @Option(names = "--sync", description = "fsync the journal at every seal (power-loss safe; default: kill-safe only)")
    boolean sync;

    @Option(names = "--writeback",
            description = "What each checkpoint does behind its progress in the store of record's file: KERNEL (nothing: "
                    + "the kernel writes the pages back, still mapped), DROP_BEHIND (drop their page-table entries, so "
                    + "the writeback interrupts no engine thread), PACED (drop and write back itself) "
                    + "(default: ${DEFAULT-VALUE})")
    Writeback writeback = StateConfig.DEFAULT_WRITEBACK;
}
