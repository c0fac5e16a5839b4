package io.multilane.cluster;

import java.nio.file.Path;

import io.multilane.exec.program.StandardPrograms;
import io.multilane.exec.receipt.ReceiptLog;
import io.multilane.exec.replay.ReplayRunner;
import io.multilane.exec.serial.BlockStatus;
import io.multilane.exec.serial.SerialExecutor;
import io.multilane.exec.tx.BlockDescriptor;
import io.multilane.pipeline.workload.DefiMixConfig;
import io.multilane.pipeline.workload.DefiMixGenerator;
import io.multilane.state.StateConfig;
import io.multilane.state.StateSnapshots;
import io.multilane.state.StateStore;
import io.multilane.state.StateStores;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The serial executor on its own store, fed the same seeded DeFi blocks the cluster gets: writes the genesis state
 * file the members start from (genesis and setup blocks), then encodes each block against its own root, executes it
 * and keeps the root every member must report. Test thread only.
 */
final class Oracle implements AutoCloseable {
    static final long ENTRIES = 200_000;

    private final StateStore store;
    private final SerialExecutor executor;
    private final DefiMixGenerator generator;
    private final ReceiptLog receipts = new ReceiptLog(4096);
    private final UnsafeBuffer root = new UnsafeBuffer(new byte[BlockDescriptor.ROOT_LENGTH]);
    private final ExpandableArrayBuffer block = new ExpandableArrayBuffer(1 << 20);
    private final Path genesis;
    private int length;

    Oracle(final Path dir, final long seed) {
        store = StateStores.open(StateConfig.of(dir.resolve("oracle"), ENTRIES).withSyncOnSeal(false));
        executor = new SerialExecutor(store, StandardPrograms.newRegistry(), DefiMixGenerator.FEE_COLLECTOR, false);
        generator = new DefiMixGenerator(DefiMixConfig.defaults(), seed);
        generator.writeGenesis(store, root);
        for (int i = 0; i < generator.setupBlocks(); i++) {
            length = generator.setupBlock(i, store.sealedHeight() + 1, root, block);
            execute();
        }
        genesis = dir.resolve("genesis.state");
        StateSnapshots.export(store, genesis);
    }

    /** @return the genesis state file */
    Path genesis() {
        return genesis;
    }

    /** @return the height of the genesis state (the log's first block is one more) */
    long height() {
        return store.sealedHeight();
    }

    /** Encodes the next block of {@code txs} transactions and executes it; the block is in {@link #block()}. */
    int next(final int txs) {
        length = generator.randomBlock(store.sealedHeight() + 1, root, block, txs);
        execute();
        return length;
    }

    private void execute() {
        final int status = executor.execute(block, 0, length, receipts, root, 0);
        if (status != BlockStatus.SEALED) {
            throw new IllegalStateException("oracle refused block " + (store.sealedHeight() + 1) + ": "
                    + BlockStatus.name(status));
        }
    }

    /** @return the last encoded block */
    ExpandableArrayBuffer block() {
        return block;
    }

    /** @return the root after the last block */
    String rootHex() {
        return ReplayRunner.hex(root);
    }

    /** @return the node flags that match this oracle */
    static java.util.List<String> nodeArgs() {
        return java.util.List.of("--lanes", "2", "--entries", Long.toString(ENTRIES), "--verify-signatures", "false",
                "--fee-collector", Long.toString(DefiMixGenerator.FEE_COLLECTOR), "--heartbeat-timeout-ms", "2000");
    }

    @Override
    public void close() {
        store.close();
    }
}
