package io.multilane.perf.cluster;

import java.nio.file.Path;

/**
 * Settings of one {@code multilane cluster} run (see {@code ClusterCommand}). Kill points count workload blocks
 * from 1; 0 means no kill. {@code dataDir} null means a temporary directory deleted at the end.
 *
 * @param nodes members, 1..9
 * @param workload workload name or directory
 * @param seed workload seed
 * @param accounts accounts of a synthetic workload (0: its standard size)
 * @param blocks workload blocks
 * @param blockSize transactions per workload block
 * @param lanes engine lanes on each member
 * @param window blocks in flight
 * @param killFollowerAt workload block at which a follower is killed with SIGKILL (0: none)
 * @param killLeaderAt workload block at which the leader is killed with SIGKILL (0: none)
 * @param restartAfterMillis how long a killed member stays down
 * @param baseline whether to run the same blocks through one in-process engine first, for the overhead ratio
 * @param dataDir where the members' data goes (null: a temporary directory)
 * @param heap each member's maximum heap
 * @param timeoutMillis how long a block may take before the run fails
 * @param idle the members' Aeron idle strategy ({@code backoff} or {@code park})
 */
public record ClusterRunConfig(int nodes, String workload, long seed, int accounts, int blocks, int blockSize, int lanes,
        int window, int killFollowerAt, int killLeaderAt, long restartAfterMillis, boolean baseline, Path dataDir,
        String heap, long timeoutMillis, String idle) {
    /** Validates the settings. */
    public ClusterRunConfig {
        if (nodes < 1 || nodes > 9) {
            throw new IllegalArgumentException("--nodes must be in 1..9: " + nodes);
        }
        if (blocks < 1 || blockSize < 1 || lanes < 1 || window < 1) {
            throw new IllegalArgumentException("--blocks, --block-size, --lanes and --window must be positive");
        }
        if (killFollowerAt < 0 || killFollowerAt > blocks || killLeaderAt < 0 || killLeaderAt > blocks) {
            throw new IllegalArgumentException("kill points must be in 1..--blocks: " + killFollowerAt + ", "
                    + killLeaderAt);
        }
        if (!"backoff".equals(idle) && !"park".equals(idle)) {
            throw new IllegalArgumentException("--idle must be backoff or park: " + idle);
        }
        if ((killFollowerAt > 0 || killLeaderAt > 0) && nodes < 3) {
            throw new IllegalArgumentException("killing a member needs at least 3 members (a majority must remain)");
        }
    }
}
