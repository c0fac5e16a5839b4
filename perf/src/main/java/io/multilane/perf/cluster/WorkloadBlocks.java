package io.multilane.perf.cluster;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.multilane.cluster.BlockClient;
import io.multilane.cluster.DirectoryTree;
import io.multilane.exec.replay.ReplayRunner;
import io.multilane.exec.tx.BlockDescriptor;
import io.multilane.perf.workload.SerialWorkloadRun;
import io.multilane.perf.workload.Workload;
import io.multilane.perf.workload.Workloads;
import io.multilane.state.StateConfig;
import io.multilane.state.StateSnapshots;
import io.multilane.state.StateStore;
import io.multilane.state.StateStores;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The blocks of a cluster run and what they must give, prepared before any member starts: the workload's genesis
 * as a state file (every member imports it), its setup and workload blocks as bytes, and the serial executor's
 * root and transaction count after each (the oracle every result and every member's final store is checked
 * against). Built and read on the run's main thread.
 */
final class WorkloadBlocks {
    final Path genesis;
    final long genesisHeight;
    final long entries;
    final int setupBlocks;
    final List<byte[]> blocks = new ArrayList<>();
    final List<String> roots = new ArrayList<>();
    final List<Integer> transactions = new ArrayList<>();

    private WorkloadBlocks(final Path genesis, final long genesisHeight, final long entries, final int setupBlocks) {
        this.genesis = genesis;
        this.genesisHeight = genesisHeight;
        this.entries = entries;
        this.setupBlocks = setupBlocks;
    }

    /** Runs the workload on the serial executor in {@code dir} (deleted after) and writes the genesis file there. */
    static WorkloadBlocks prepare(final ClusterRunConfig c, final Path dir) throws IOException {
        final Workload genesisSource = Workloads.create(c.workload(), c.seed(), c.accounts());
        final long entries = genesisSource.stateEntries();
        final Path genesisStore = dir.resolve("genesis-store");
        final Path genesisFile = dir.resolve("genesis.state");
        final long genesisHeight;
        try (StateStore store = StateStores.open(StateConfig.of(genesisStore, entries).withSyncOnSeal(false))) {
            genesisHeight = genesisSource.writeGenesis(store, new UnsafeBuffer(new byte[BlockDescriptor.ROOT_LENGTH]), 0);
            StateSnapshots.export(store, genesisFile);
        }
        DirectoryTree.delete(genesisStore);
        final Workload workload = Workloads.create(c.workload(), c.seed(), c.accounts());
        final WorkloadBlocks wb = new WorkloadBlocks(genesisFile, genesisHeight, entries, workload.setupBlocks());
        final Path oracleStore = dir.resolve("oracle-store");
        final UnsafeBuffer root = new UnsafeBuffer(new byte[BlockDescriptor.ROOT_LENGTH]);
        try (StateStore store = StateStores.open(StateConfig.of(oracleStore, entries).withSyncOnSeal(false))) {
            SerialWorkloadRun.run(workload, store, c.blocks(), c.blockSize(), (setup, block, length, receipts) -> {
                if (length > BlockClient.MAX_BLOCK_BYTES) {
                    throw new IllegalArgumentException("a block of " + length + " bytes exceeds the cluster's largest "
                            + "message (" + BlockClient.MAX_BLOCK_BYTES + " bytes): lower --block-size");
                }
                final byte[] bytes = new byte[length];
                block.getBytes(0, bytes);
                wb.blocks.add(bytes);
                store.root(root, 0);
                wb.roots.add(ReplayRunner.hex(root));
                wb.transactions.add(receipts.count());
            });
        }
        DirectoryTree.delete(oracleStore);
        return wb;
    }

    /** @return the height of block {@code index} (setup blocks first) */
    long height(final int index) {
        return genesisHeight + 1 + index;
    }
}
