package io.multilane.perf.bench;

import java.nio.file.Path;
import java.util.Objects;

import io.multilane.pipeline.WaitKind;
import io.multilane.state.Writeback;

/**
 * One saturation run: workload, how many blocks of what size, the engine's lanes and wait strategy,
 * where the two stores live, how many rounds. Immutable; any thread.
 *
 * @param workload   workload name or directory
 * @param seed       workload seed
 * @param accounts   accounts of a synthetic workload, 0 for its default size
 * @param blocks     measured blocks per round
 * @param blockSize  transactions per block
 * @param lanes      engine lanes
 * @param speculateAlone whether a single lane speculates ({@code EngineConfig.withSingleLaneSpeculation})
 * @param waitKind   engine wait strategy
 * @param syncOnSeal fsync the journal at each seal (both executors)
 * @param writeback  what checkpoints do behind their progress ({@link Writeback}; both executors)
 * @param dataDir    base directory; the serial and parallel stores go in {@code serial/} and {@code parallel/}
 * @param rounds     rounds; figures are the medians
 */
public record BenchConfig(String workload, long seed, int accounts, int blocks, int blockSize, int lanes,
        boolean speculateAlone, WaitKind waitKind,
        boolean syncOnSeal, Writeback writeback, Path dataDir, int rounds) {
    /** Validates the figures. */
    public BenchConfig {
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(waitKind, "waitKind");
        Objects.requireNonNull(writeback, "writeback");
        Objects.requireNonNull(dataDir, "dataDir");
        if (accounts < 0 || blocks < 1 || blockSize < 1 || blockSize > 100_000 || lanes < 1 || lanes > 64 || rounds < 1) {
            throw new IllegalArgumentException(
                    "need --accounts >= 0, --blocks >= 1, --block-size 1..100000, --lanes 1..64, --rounds >= 1");
        }
    }
}
