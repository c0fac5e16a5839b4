package io.multilane.exec.replay;

import java.util.List;
import java.util.Map;

/**
 * Outcome of a replay: the state root after genesis and after each block (hex), transaction
 * counts, and failed/rejected transactions counted by reason name. Immutable; any thread.
 *
 * @param genesisRoot root after the genesis block
 * @param blockHeights engine height of each replayed block
 * @param sourceBlocks the workload's block number of each replayed block
 * @param blockRoots root after each replayed block
 * @param transactions transactions executed
 * @param succeeded transactions that succeeded
 * @param failuresByReason failed or rejected transactions by reason name (sorted by name)
 */
public record ReplayResult(String genesisRoot, List<Long> blockHeights, List<Long> sourceBlocks, List<String> blockRoots,
        long transactions, long succeeded, Map<String, Long> failuresByReason) {
}
