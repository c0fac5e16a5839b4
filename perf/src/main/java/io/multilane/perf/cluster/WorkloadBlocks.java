package io.multilane.perf.cluster;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.multilane.cluster.BlockClient;
import io.multilane.exec.tx.BlockDescriptor;
import io.multilane.exec.workload.Workload;
import io.multilane.exec.workload.WorkloadRun;
import io.multilane.exec.workload.Workloads;
import io.multilane.state.DirectoryTree;
import io.multilane.state.StateConfig;
import io.multilane.state.StateSnapshots;
import io.multilane.state.StateStore;
import io.multilane.state.StateStores;
import io.multilane.state.root.RootHex;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The blocks of a cluster run and what they must give, prepared before any member starts: the workload's genesis
 * and setup blocks as one state file (every member imports it; setup blocks can be larger than a cluster message),
 * its workload blocks as bytes, and the serial executor's root and transaction count after each (the oracle every
 * result and every member's final store is checked against). Built and read on the run's main thread.
 */
final class WorkloadBlocks {
    final Path genesis;
    final long genesisHeight;
    final long entries;
    final List<byte[]> blocks = new ArrayList<>();
    final List<String> roots = new ArrayList<>();
    final List<Integer> transactions = new ArrayList<>();

    private WorkloadBlocks(final Path genesis, final long genesisHeight, final long entries) {
        this.genesis = genesis;
        this.genesisHeight = genesisHeight;
        this.entries = entries;
    }

    /** Runs the workload on the serial executor in {@code dir} (deleted after) and writes the genesis file there. */
    static WorkloadBlocks prepare(final ClusterRunConfig c, final Path dir) throws IOException {
        final Workload setupSource = Workloads.create(c.workload(), c.seed(), c.accounts());
        final long entries = setupSource.stateEntries();
        final Path genesisStore = dir.resolve("genesis-store");
        final Path genesisFile = dir.resolve("genesis.state");
        final UnsafeBuffer root = new UnsafeBuffer(new byte[BlockDescriptor.ROOT_LENGTH]);
        final long genesisHeight;
        final String genesisRoot;
        try (StateStore store = StateStores.open(StateConfig.of(genesisStore, entries).withSyncOnSeal(false))) {
            WorkloadRun.run(setupSource, store, 0, 1, null);
            genesisHeight = store.sealedHeight();
            store.root(root, 0);
            genesisRoot = RootHex.of(root);
            StateSnapshots.export(store, genesisFile);
        }
        DirectoryTree.delete(genesisStore);
        final WorkloadBlocks wb = new WorkloadBlocks(genesisFile, genesisHeight, entries);
        final Path oracleStore = dir.resolve("oracle-store");
        try (StateStore store = StateStores.open(StateConfig.of(oracleStore, entries).withSyncOnSeal(false))) {
            WorkloadRun.run(Workloads.create(c.workload(), c.seed(), c.accounts()), store, c.blocks(), c.blockSize(),
                    (setup, block, length, receipts) -> {
                        store.root(root, 0);
                        if (setup) {
                            if (store.sealedHeight() == genesisHeight && !RootHex.of(root).equals(genesisRoot)) {
                                throw new IllegalStateException("the workload's setup is not reproducible: root "
                                        + RootHex.of(root) + " vs " + genesisRoot);
                            }
                            return;
                        }
                        if (length > BlockClient.MAX_BLOCK_BYTES) {
                            throw new IllegalArgumentException("a block of " + length + " bytes exceeds the cluster's "
                                    + "largest message (" + BlockClient.MAX_BLOCK_BYTES + " bytes): lower --block-size");
                        }
                        final byte[] bytes = new byte[length];
                        block.getBytes(0, bytes);
                        wb.blocks.add(bytes);
                        wb.roots.add(RootHex.of(root));
                        wb.transactions.add(receipts.count());
                    });
        }
        DirectoryTree.delete(oracleStore);
        return wb;
    }

    /** @return the height of workload block {@code index} (from 0) */
    long height(final int index) {
        return genesisHeight + 1 + index;
    }
}
