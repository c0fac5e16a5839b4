package io.multilane.cluster;

import java.nio.file.Path;
import java.util.List;

import io.multilane.exec.program.StandardPrograms;
import io.multilane.exec.receipt.BlockStatus;
import io.multilane.exec.receipt.ReceiptLog;
import io.multilane.exec.serial.SerialExecutor;
import io.multilane.exec.tx.BlockDescriptor;
import io.multilane.exec.workload.Workload;
import io.multilane.exec.workload.Workloads;
import io.multilane.state.StateConfig;
import io.multilane.state.StateSnapshots;
import io.multilane.state.StateStore;
import io.multilane.state.StateStores;
import io.multilane.state.root.RootHex;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The serial executor on its own store, fed the same seeded {@code defi-mix} blocks (2000 users) the cluster gets:
 * writes the genesis state file the members start from (genesis and the setup blocks), then encodes each block
 * against its own root, executes it and keeps the root every member must report. Test thread only.
 */
final class Oracle implements AutoCloseable {
    static final int USERS = 2000;

    private final Workload workload;
    private final StateStore store;
    private final SerialExecutor executor;
    private final ReceiptLog receipts = new ReceiptLog(4096);
    private final UnsafeBuffer root = new UnsafeBuffer(new byte[BlockDescriptor.ROOT_LENGTH]);
    private final ExpandableArrayBuffer block = new ExpandableArrayBuffer(1 << 20);
    private final Path genesis;
    private final long entries;
    private int length;

    Oracle(final Path dir, final long seed) {
        workload = Workloads.create(Workloads.DEFI_MIX, seed, USERS);
        entries = workload.stateEntries();
        store = StateStores.open(StateConfig.of(dir.resolve("oracle"), entries).withSyncOnSeal(false));
        executor = new SerialExecutor(store, StandardPrograms.newRegistry(), SerialExecutor.DEFAULT_FEE_COLLECTOR, false);
        workload.writeGenesis(store, root, 0);
        for (int i = 0; i < workload.setupBlocks(); i++) {
            final long height = store.sealedHeight() + 1;
            execute(height, workload.encodeSetupBlock(i, height, height, root, 0, block, 0));
        }
        genesis = dir.resolve("genesis.state");
        StateSnapshots.export(store, genesis);
    }

    /** @return the genesis state file */
    Path genesis() {
        return genesis;
    }

    /** @return the height of the last block executed (genesis before the first) */
    long height() {
        return store.sealedHeight();
    }

    /** Encodes the next workload block and executes it; the block is in {@link #block()}. */
    int next(final int txs) {
        final long height = store.sealedHeight() + 1;
        return execute(height, workload.encodeBlock(height, height, root, 0, block, 0, txs));
    }

    private int execute(final long height, final int blockLength) {
        length = blockLength;
        final int status = executor.execute(block, 0, length, receipts, root, 0);
        if (status != BlockStatus.SEALED) {
            throw new IllegalStateException("oracle refused block " + height + ": " + BlockStatus.name(status));
        }
        return length;
    }

    /** @return the last encoded block */
    ExpandableArrayBuffer block() {
        return block;
    }

    /** @return the root after the last block */
    String rootHex() {
        return RootHex.of(root);
    }

    /** @return the member flags that match this oracle */
    List<String> nodeArgs() {
        return List.of("--lanes", "2", "--entries", Long.toString(entries), "--verify-signatures", "false",
                "--fee-collector", Long.toString(SerialExecutor.DEFAULT_FEE_COLLECTOR), "--heartbeat-timeout-ms", "2000");
    }

    /** @return entries the stores are sized for */
    long entries() {
        return entries;
    }

    @Override
    public void close() {
        store.close();
    }
}
