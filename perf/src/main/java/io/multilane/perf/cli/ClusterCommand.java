package io.multilane.perf.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.multilane.perf.cluster.ClusterRunConfig;
import io.multilane.perf.cluster.ClusterRunner;
import io.multilane.perf.report.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code multilane cluster}: a replicated run on a local Aeron cluster (one JVM, media driver and store per member,
 * loopback, a temporary directory removed at the end), with optional SIGKILLs of a follower and the leader. Prints
 * and optionally writes as JSON: blocks submitted and committed, tx/s, latency percentiles, leader elections,
 * failover time and each member's final height and root. Exit 0 only when every member ends at the same height and
 * root as the serial executor and every block was committed once; 1 otherwise; 2 on bad arguments. Main thread.
 */
@Command(name = "cluster", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Replicated execution on a local Aeron cluster, with crash faults.")
final class ClusterCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--nodes", description = "Cluster members (default: ${DEFAULT-VALUE})")
    private int nodes = 3;

    @Mixin
    private WorkloadOptions workload;

    @Option(names = "--blocks", description = "Workload blocks (default: ${DEFAULT-VALUE})")
    private int blocks = 200;

    @Option(names = "--block-size", description = "Transactions per block (default: ${DEFAULT-VALUE})")
    private int blockSize = 1000;

    @Option(names = "--lanes", description = "Engine lanes on each member (default: ${DEFAULT-VALUE})")
    private int lanes = 1;

    @Option(names = "--window", description = "Blocks in flight (default: ${DEFAULT-VALUE})")
    private int window = 4;

    @Option(names = "--kill-follower-at", paramLabel = "B",
            description = "SIGKILL a follower once workload block B is submitted (earlier blocks in flight), "
            + "restart it after --restart-after-ms")
    private int killFollowerAt;

    @Option(names = "--kill-leader-at", paramLabel = "B",
            description = "SIGKILL the leader once workload block B is submitted (earlier blocks in flight), "
            + "restart it after --restart-after-ms")
    private int killLeaderAt;

    @Option(names = "--restart-after-ms", description = "How long a killed member stays down (default: ${DEFAULT-VALUE})")
    private long restartAfterMillis = 2000;

    @Option(names = "--baseline", description = "First run the same blocks through one in-process engine and report "
            + "3-node tx/s over single-engine tx/s")
    private boolean baseline;

    @Option(names = "--data-dir", description = "Keep the members' data here (default: a temporary directory, deleted)")
    private Path dataDir;

    @Option(names = "--heap", description = "Each member's maximum heap (default: ${DEFAULT-VALUE})")
    private String heap = "1g";

    @Option(names = "--timeout-ms", description = "How long one block may take (default: ${DEFAULT-VALUE})")
    private long timeoutMillis = 60_000;

    @Option(names = "--idle", description = "Members' Aeron idle strategy: backoff (spin, yield, park) or park "
            + "(park only) (default: ${DEFAULT-VALUE})")
    private String idle = "backoff";

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON")
    private Path json;

    @Override
    public Integer call() throws Exception {
        final ClusterRunConfig config;
        try {
            config = new ClusterRunConfig(nodes, workload.workload, workload.seed, workload.accounts, blocks, blockSize,
                    lanes, window, killFollowerAt, killLeaderAt, restartAfterMillis, baseline, dataDir, heap, timeoutMillis,
                    idle);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        final PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        final ClusterRunner runner = new ClusterRunner(config, out);
        final Json figures;
        try {
            figures = runner.run();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        out.print(figures);
        if (json != null) {
            Files.writeString(json, figures.toString(), StandardCharsets.UTF_8);
        }
        if (!runner.passed()) {
            out.println("FAILED: " + figures.get("failure"));
            return 1;
        }
        return 0;
    }
}
