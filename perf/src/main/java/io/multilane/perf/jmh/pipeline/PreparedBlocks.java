package io.multilane.perf.jmh.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.multilane.exec.replay.BlockRunner;
import io.multilane.exec.replay.BundledWorkloads;
import io.multilane.exec.replay.ReplayBlockEncoder;
import io.multilane.exec.replay.ReplayGenesis;
import io.multilane.exec.replay.Trace;
import io.multilane.exec.replay.WorkloadOp;
import io.multilane.exec.tx.BlockDescriptor;
import io.multilane.exec.workload.Workload;
import io.multilane.exec.workload.WorkloadRun;
import io.multilane.exec.workload.Workloads;
import io.multilane.state.DirectoryTree;
import io.multilane.state.StateConfig;
import io.multilane.state.StateStore;
import io.multilane.state.StateStores;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Blocks encoded once per trial with the parent roots a serial run gives them, so that a benchmark can
 * replay them on a fresh store (serial executor or engine, pipelined) and both do exactly the same work:
 * the setup part (genesis and setup blocks, not measured) and the measured part. Benchmark thread only.
 */
final class PreparedBlocks {
    /** Workloads. */
    enum Kind {
        /** {@code defi-mix} (the realistic sampler) over 512 users. */
        DEFI,
        /** {@code hot-pool}: every swap in one pool, 512 users. */
        HOT,
        /** The bundled mainnet-pevm replay ({@link BundledWorkloads#MAINNET_PEVM}). */
        MAINNET
    }

    /** Users of the synthetic workloads. */
    static final int USERS = 512;

    final Kind kind;
    final List<byte[]> setup = new ArrayList<>();
    final List<byte[]> measured = new ArrayList<>();
    private final Trace mainnet;
    private final long seed;
    long measuredTxs;

    PreparedBlocks(final Kind kind, final int blocks, final int txsPerBlock, final long seed) throws IOException {
        this.kind = kind;
        this.seed = seed;
        this.mainnet = kind == Kind.MAINNET ? BundledWorkloads.load(BundledWorkloads.MAINNET_PEVM) : null;
        final Path dir = Files.createTempDirectory("multilane-pipeline-prepare");
        try (StateStore store = openStore(dir, true); BlockRunner serial = BlockRunner.serial(store)) {
            if (mainnet != null) {
                final UnsafeBuffer root = new UnsafeBuffer(new byte[BlockDescriptor.ROOT_LENGTH]);
                final ExpandableArrayBuffer block = new ExpandableArrayBuffer(1 << 20);
                long height = genesis(store, root);
                final ReplayBlockEncoder encoder = new ReplayBlockEncoder(mainnet.addresses());
                for (List<WorkloadOp> ops : mainnet.blocks()) {
                    height++;
                    final int length = encoder.encode(ops, height, ops.get(0).block(), root, block);
                    measuredTxs += serial.execute(block, length, root).count();
                    measured.add(copy(block, length));
                }
            } else {
                WorkloadRun.run(generator(), store, serial, blocks, txsPerBlock, (isSetup, block, length, receipts) -> {
                    (isSetup ? setup : measured).add(copy(block, length));
                    if (!isSetup) {
                        measuredTxs += receipts.count();
                    }
                });
            }
        } finally {
            DirectoryTree.delete(dir);
        }
    }

    private Workload generator() {
        return Workloads.create(kind == Kind.HOT ? Workloads.HOT_POOL : Workloads.DEFI_MIX, seed, USERS);
    }

    /** Writes the workload's genesis into an empty store; returns its height. */
    long genesis(final StateStore store, final UnsafeBuffer root) {
        return mainnet != null ? new ReplayGenesis().write(mainnet, store, root) : generator().writeGenesis(store, root, 0);
    }

    private static byte[] copy(final DirectBuffer block, final int length) {
        final byte[] bytes = new byte[length];
        block.getBytes(0, bytes);
        return bytes;
    }

    static StateStore openStore(final Path dir, final boolean writeBehind) {
        return StateStores.open(StateConfig.of(dir, 1 << 20).withSyncOnSeal(false).withWriteBehindThread(writeBehind));
    }
}
