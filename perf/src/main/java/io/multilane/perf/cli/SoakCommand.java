package io.multilane.perf.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.multilane.perf.soak.SoakConfig;
import io.multilane.perf.soak.SoakResult;
import io.multilane.perf.soak.SoakRunner;
import io.multilane.pipeline.EngineException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code multilane soak}: the main job. Runs a workload open-loop at an offered rate through the
 * parallel engine on a persisted store, prints a progress line per second and a summary, and writes
 * the latency report. Exit 0 when the rate was sustained (and, with {@code --require-no-gc}, no GC
 * happened after warm-up), 1 otherwise, 2 on bad arguments. Runs on the CLI's main thread.
 */
@Command(name = "soak", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a workload open-loop at an offered rate through the engine and report latency. "
            + "Defaults: defi-mix at 100k tx/s for 60 s after 10 s of warm-up. Writes latency.hgrm, latency.hlog, "
            + "latency.png and summary.json to the report directory."})
final class SoakCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private RunOptions run;

    @Option(names = "--tps", description = "Offered transactions per second (default: ${DEFAULT-VALUE})")
    private long tps = 100_000;

    @Option(names = "--duration", converter = DurationConverter.class, paramLabel = "D",
            description = "Measured time after warm-up: 60, 60s, 10m, 1h (default: 60s)")
    private long duration = 60;

    @Option(names = "--warmup", converter = DurationConverter.class, paramLabel = "D",
            description = "Warm-up before measuring (default: 10s)")
    private long warmup = 10;

    @Option(names = "--block-size", description = "Transactions per block (default: ${DEFAULT-VALUE})")
    private int blockSize = 1000;

    @Option(names = "--pin", description = "Pin lanes and the commit thread to the default CPU layout")
    private boolean pin;

    @Option(names = "--data-dir", description = "Store directory, wiped at start if it holds a store (default: ${DEFAULT-VALUE})")
    private Path dataDir = Path.of("data", "soak");

    @Option(names = "--report", paramLabel = "DIR", description = "Report directory (default: ${DEFAULT-VALUE})")
    private Path report = Path.of("reports", "soak");

    @Option(names = "--require-no-gc", description = "Exit 1 if a GC happened after warm-up")
    private boolean requireNoGc;

    @Option(names = "--warmup-gc", arity = "1", paramLabel = "true|false",
            description = "End warm-up with one System.gc(), outside the measured window (as benchmark harnesses "
                + "collect between iterations), so the window starts with an empty young generation (default: true)")
    private boolean warmupGc = true;

    @Override
    public Integer call() throws Exception {
        final SoakConfig config;
        try {
            config = new SoakConfig(run.workload, run.seed, run.accounts, tps, duration, warmup, run.lanes, run.speculateAlone,
                    blockSize,
                    run.waitKind, pin, run.sync, run.writeback, dataDir, report, requireNoGc, warmupGc);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        final PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        final SoakResult result;
        try {
            result = new SoakRunner(config, out).run();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        } catch (EngineException | IllegalStateException e) {
            out.println("FAILED: " + e.getMessage());
            return 1;
        }
        result.print(out);
        out.println("report: " + report.toAbsolutePath());
        if (!result.sustained()) {
            out.println("FAILED: the offered rate was not sustained");
            return 1;
        }
        if (requireNoGc && result.gcCount() > 0) {
            out.println("FAILED: " + result.gcCount() + " GC(s) after warm-up (--require-no-gc)");
            return 1;
        }
        return 0;
    }
}
