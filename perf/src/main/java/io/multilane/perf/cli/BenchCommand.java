package io.multilane.perf.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.multilane.perf.bench.BenchConfig;
import io.multilane.perf.bench.BenchRunner;
import io.multilane.perf.report.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code multilane bench --workload W}: closed-loop saturation, serial executor and parallel engine
 * on the same blocks in the same run; prints both rates and their ratio, optionally as JSON.
 * Exit 0, 1 if the two executors disagree on the state root, 2 on bad arguments. Main thread.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Closed-loop maximum throughput: serial executor vs parallel engine on the same blocks, same run.")
final class BenchCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private RunOptions run;

    @Option(names = "--blocks", description = "Measured blocks per round (default: ${DEFAULT-VALUE})")
    private int blocks = 300;

    @Option(names = "--block-size", description = "Transactions per block (default: ${DEFAULT-VALUE})")
    private int blockSize = 1000;

    @Option(names = "--rounds", description = "Rounds; figures are medians (default: ${DEFAULT-VALUE})")
    private int rounds = 1;

    @Option(names = "--data-dir", description = "Base directory of the two stores (default: ${DEFAULT-VALUE})")
    private Path dataDir = Path.of("data", "bench");

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON")
    private Path json;

    @Override
    public Integer call() throws Exception {
        final BenchConfig config;
        try {
            config = new BenchConfig(run.workload, run.seed, run.accounts, blocks, blockSize, run.lanes, run.speculateAlone,
                    run.waitKind,
                    run.sync, run.writeback, dataDir, rounds);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        final PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        final Json figures;
        try {
            figures = new BenchRunner(config, out).run();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        } catch (IllegalStateException e) {
            out.println("FAILED: " + e.getMessage());
            return 1;
        }
        if (json != null) {
            Files.writeString(json, figures.toString(), StandardCharsets.UTF_8);
        }
        return 0;
    }
}
