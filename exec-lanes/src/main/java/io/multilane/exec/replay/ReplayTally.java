package io.multilane.exec.replay;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.multilane.exec.program.ReasonNames;
import io.multilane.exec.receipt.ReceiptLog;
import io.multilane.exec.receipt.TxStatus;
import io.multilane.state.root.RootHex;
import org.agrona.DirectBuffer;

/**
 * Accumulates a replay's per-block outcome (height, source block, root, receipts) into a
 * {@link ReplayResult}, the same way for every executor, naming failures with {@link ReasonNames}.
 * Setup code, not the hot path; one thread.
 */
public final class ReplayTally {
    private final String genesisRoot;
    private final List<Long> heights = new ArrayList<>();
    private final List<Long> sources = new ArrayList<>();
    private final List<String> roots = new ArrayList<>();
    private final Map<String, Long> failures = new TreeMap<>();
    private long transactions;
    private long succeeded;

    /**
     * @param genesisRoot hex root after the genesis block
     */
    public ReplayTally(final String genesisRoot) {
        this.genesisRoot = genesisRoot;
    }

    /**
     * Records one sealed block.
     *
     * @param height   its engine height
     * @param source   the workload's block number
     * @param root     the 32-byte root after it
     * @param receipts its receipts
     */
    public void block(final long height, final long source, final DirectBuffer root, final ReceiptLog receipts) {
        for (int i = 0; i < receipts.count(); i++) {
            transactions++;
            if (receipts.status(i) == TxStatus.SUCCESS) {
                succeeded++;
            } else {
                failures.merge(ReasonNames.of(receipts.reason(i)), 1L, Long::sum);
            }
        }
        heights.add(height);
        sources.add(source);
        roots.add(RootHex.of(root));
    }

    /** @return the replay's result so far */
    public ReplayResult result() {
        return new ReplayResult(genesisRoot, List.copyOf(heights), List.copyOf(sources), List.copyOf(roots), transactions,
                succeeded, new TreeMap<>(failures));
    }
}
