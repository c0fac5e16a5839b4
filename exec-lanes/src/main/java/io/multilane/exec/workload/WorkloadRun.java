package io.multilane.exec.workload;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.multilane.exec.program.ReasonNames;
import io.multilane.exec.receipt.ReceiptLog;
import io.multilane.exec.receipt.TxStatus;
import io.multilane.exec.replay.BlockRunner;
import io.multilane.exec.serial.SerialExecutor;
import io.multilane.exec.tx.BlockDescriptor;
import io.multilane.state.StateStore;
import io.multilane.state.root.RootHex;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The run driver: runs a {@link Workload} on a {@link BlockRunner} (the serial executor or the engine;
 * pre-verified, fees to {@link SerialExecutor#DEFAULT_FEE_COLLECTOR}): genesis, every setup block, then {@code blocks}
 * workload blocks of {@code txs} transactions, each block's timestamp equal to its height. Collects
 * the root after every block and the receipts' outcome. Used by {@code multilane replay} and the
 * workload tests; its {@link #setUp} (genesis and setup blocks) also by the soak and the bench, which run and time
 * their own blocks. Setup/report code on the store's writer thread.
 */
public final class WorkloadRun {
    /** Sees every executed block (setup and workload) with its receipts. */
    @FunctionalInterface
    public interface BlockObserver {
        /**
         * @param setup    whether it was a setup block
         * @param block    the encoded block (offset 0)
         * @param length   its length
         * @param receipts its receipts
         */
        void onBlock(boolean setup, DirectBuffer block, int length, ReceiptLog receipts);
    }

    /**
     * The outcome of a run.
     *
     * @param genesisRoot       root after genesis (hex)
     * @param setupTransactions transactions in setup blocks
     * @param setupSucceeded    of which succeeded
     * @param blockHeights      heights of the workload blocks
     * @param blockRoots        root after each workload block (hex)
     * @param transactions      transactions in workload blocks
     * @param succeeded         of which succeeded
     * @param failuresByReason  failed or rejected workload transactions by reason name
     */
    public record Result(String genesisRoot, long setupTransactions, long setupSucceeded, List<Long> blockHeights,
            List<String> blockRoots, long transactions, long succeeded, Map<String, Long> failuresByReason) {
        /** @return the share of workload transactions that succeeded */
        public double successShare() {
            return transactions == 0 ? 1.0 : (double) succeeded / transactions;
        }
    }

    /**
     * Where genesis and the setup blocks left the store.
     *
     * @param height           height of the last setup block (genesis's when there is none)
     * @param genesisRoot      root after genesis (hex)
     * @param transactions     transactions in setup blocks
     * @param succeeded        of which succeeded
     * @param failuresByReason failed or rejected setup transactions by reason name
     */
    public record Setup(long height, String genesisRoot, long transactions, long succeeded,
            Map<String, Long> failuresByReason) {
    }

    /** Initial size of the setup blocks' buffer (it grows with the largest). */
    private static final int SETUP_BUFFER = 1 << 20;

    private WorkloadRun() {
    }

    /**
     * Writes the workload's genesis into an empty store and runs its setup blocks on a runner: what every run of a
     * workload (replay, tests, bench, soak) does before its own blocks.
     *
     * @param workload the workload, fresh
     * @param store    an empty store
     * @param runner   executes the setup blocks on {@code store}
     * @param root     receives the root after the last setup block (32 bytes at offset 0)
     * @param observer sees every setup block, or null
     * @return the height reached and the setup blocks' outcome
     * @throws IllegalStateException if a block is refused
     */
    public static Setup setUp(final Workload workload, final StateStore store, final BlockRunner runner,
            final MutableDirectBuffer root, final BlockObserver observer) {
        long height = workload.writeGenesis(store, root, 0);
        final String genesisRoot = RootHex.of(root);
        final ExpandableArrayBuffer block = new ExpandableArrayBuffer(SETUP_BUFFER);
        long transactions = 0;
        long succeeded = 0;
        final Map<String, Long> failures = new TreeMap<>();
        for (int i = 0; i < workload.setupBlocks(); i++) {
            height++;
            final int length = workload.encodeSetupBlock(i, height, height, root, 0, block, 0);
            final ReceiptLog receipts = runner.execute(block, length, root);
            transactions += receipts.count();
            succeeded += tally(receipts, failures);
            if (observer != null) {
                observer.onBlock(true, block, length, receipts);
            }
        }
        return new Setup(height, genesisRoot, transactions, succeeded, failures);
    }

    /**
     * Runs the workload into an empty store on the serial executor.
     *
     * @param workload the workload, fresh
     * @param store    an empty store (left open, holding the final state)
     * @param blocks   workload blocks
     * @param txs      transactions per workload block
     * @param observer sees every block, or null
     * @return the outcome
     * @throws IllegalStateException if the executor refuses a block
     */
    public static Result run(final Workload workload, final StateStore store, final int blocks, final int txs,
            final BlockObserver observer) {
        try (BlockRunner runner = BlockRunner.serial(store)) {
            return run(workload, store, runner, blocks, txs, observer);
        }
    }

    /**
     * Runs the workload into an empty store on a runner (the serial executor or the engine).
     *
     * @param workload the workload, fresh
     * @param store    an empty store (left open, holding the final state)
     * @param runner   executes the blocks on {@code store} (closed by the caller)
     * @param blocks   workload blocks
     * @param txs      transactions per workload block
     * @param observer sees every block, or null
     * @return the outcome
     * @throws IllegalStateException if a block is refused
     */
    public static Result run(final Workload workload, final StateStore store, final BlockRunner runner, final int blocks,
            final int txs, final BlockObserver observer) {
        final UnsafeBuffer root = new UnsafeBuffer(new byte[BlockDescriptor.ROOT_LENGTH]);
        final Setup setup = setUp(workload, store, runner, root, observer);
        long height = setup.height();
        final ExpandableArrayBuffer block = new ExpandableArrayBuffer(BlockDescriptor.HEADER_LENGTH
                + txs * workload.maxTxBytes());
        final List<Long> heights = new ArrayList<>(blocks);
        final List<String> roots = new ArrayList<>(blocks);
        final Map<String, Long> failures = new TreeMap<>();
        long transactions = 0;
        long succeeded = 0;
        for (int b = 0; b < blocks; b++) {
            height++;
            final int length = workload.encodeBlock(height, height, root, 0, block, 0, txs);
            final ReceiptLog receipts = runner.execute(block, length, root);
            transactions += receipts.count();
            succeeded += tally(receipts, failures);
            heights.add(height);
            roots.add(RootHex.of(root));
            if (observer != null) {
                observer.onBlock(false, block, length, receipts);
            }
        }
        return new Result(setup.genesisRoot(), setup.transactions(), setup.succeeded(), List.copyOf(heights),
                List.copyOf(roots), transactions, succeeded, failures);
    }

    /** Counts the block's failures by reason name into {@code failures}; returns its successes. */
    private static int tally(final ReceiptLog receipts, final Map<String, Long> failures) {
        int n = 0;
        for (int i = 0; i < receipts.count(); i++) {
            if (receipts.status(i) == TxStatus.SUCCESS) {
                n++;
            } else {
                failures.merge(ReasonNames.of(receipts.reason(i)), 1L, Long::sum);
            }
        }
        return n;
    }
}
