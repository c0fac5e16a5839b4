package io.multilane.perf.soak;

import java.nio.file.Path;
import java.util.Objects;

import io.multilane.pipeline.WaitKind;
import io.multilane.state.Writeback;

/**
 * What one soak run does: which workload, at what offered rate, for how long, on how many lanes,
 * in which data and report directories. Immutable; build it on any thread.
 *
 * @param workload        workload name or directory ({@code Workloads.create})
 * @param seed            the workload's seed
 * @param accounts        accounts (users) of a synthetic workload, 0 for its default size
 * @param tps             offered transactions per second (open loop)
 * @param durationSeconds measured run after warm-up
 * @param warmupSeconds   run before measurement starts (JIT, caches); not in the totals
 * @param lanes           execution lanes
 * @param speculateAlone  whether a single lane speculates ({@code EngineConfig.withSingleLaneSpeculation})
 * @param blockSize       transactions per block; blocks are offered every {@code blockSize / tps} seconds
 * @param waitKind        how idle engine threads wait
 * @param pin             whether engine threads pin themselves to the default CPU layout
 * @param syncOnSeal      whether each seal forces the journal to the device (power-loss safe)
 * @param writeback       what checkpoints do behind their progress ({@link Writeback})
 * @param dataDir         the store's directory (wiped at start if it holds a multilane store)
 * @param reportDir       where latency.hgrm, latency.hlog, latency.png and summary.json go
 * @param requireNoGc     whether a GC after warm-up fails the run
 * @param gcAtWarmupEnd   whether warm-up ends with one {@link System#gc()} outside the measured window
 */
public record SoakConfig(String workload, long seed, int accounts, long tps, long durationSeconds, long warmupSeconds, int lanes,
        boolean speculateAlone, int blockSize, WaitKind waitKind, boolean pin, boolean syncOnSeal, Writeback writeback,
        Path dataDir, Path reportDir,
        boolean requireNoGc, boolean gcAtWarmupEnd) {
    /** Validates the figures. */
    public SoakConfig {
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(waitKind, "waitKind");
        Objects.requireNonNull(writeback, "writeback");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(reportDir, "reportDir");
        require(accounts >= 0, "--accounts must not be negative: " + accounts);
        require(tps > 0, "--tps must be positive: " + tps);
        require(durationSeconds > 0, "--duration must be positive: " + durationSeconds);
        require(warmupSeconds >= 0, "--warmup must not be negative: " + warmupSeconds);
        require(lanes >= 1 && lanes <= 64, "--lanes must be 1..64: " + lanes);
        require(blockSize >= 1 && blockSize <= 100_000, "--block-size must be 1..100000: " + blockSize);
    }

    /** @return nanoseconds between two offered blocks */
    public long blockIntervalNanos() {
        return Math.max(1, Math.round(blockSize * 1e9 / tps));
    }

    private static void require(final boolean ok, final String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
