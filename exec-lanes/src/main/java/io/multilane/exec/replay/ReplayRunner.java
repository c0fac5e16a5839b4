package io.multilane.exec.replay;

import java.util.List;

import io.multilane.exec.receipt.ReceiptLog;
import io.multilane.exec.serial.SerialExecutor;
import io.multilane.exec.tx.BlockDescriptor;
import io.multilane.state.StateStore;
import io.multilane.state.root.RootHex;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Replays a mainnet trace on a {@link BlockRunner} (the serial executor, or the engine through
 * ringbuffer-pipeline's {@code EngineBlockRunner}): genesis as one block written directly, then one
 * block per trace block (fee 0, pre-verified, fees to {@link SerialExecutor#DEFAULT_FEE_COLLECTOR},
 * nonces in row order), collecting the root after each block and the failures by reason. Every
 * executor gives the same result, root for root. Setup/report code on the store's writer thread.
 */
public final class ReplayRunner {
    private ReplayRunner() {
    }

    /**
     * Replays a trace into an empty store on the serial executor.
     *
     * @param trace the trace
     * @param store an empty store (left open, holding the final state)
     * @return the result
     * @throws IllegalStateException if the executor refuses a block
     */
    public static ReplayResult runSerial(final Trace trace, final StateStore store) {
        try (BlockRunner runner = BlockRunner.serial(store)) {
            return run(trace, store, runner);
        }
    }

    /**
     * Replays a trace into an empty store on a runner.
     *
     * @param trace the trace
     * @param store an empty store (left open, holding the final state)
     * @param runner executes the blocks on {@code store} (closed by the caller)
     * @return the result
     * @throws IllegalStateException if a block is refused
     */
    public static ReplayResult run(final Trace trace, final StateStore store, final BlockRunner runner) {
        final UnsafeBuffer root = new UnsafeBuffer(new byte[BlockDescriptor.ROOT_LENGTH]);
        final long genesisHeight = new ReplayGenesis().write(trace, store, root);
        final ReplayBlockEncoder encoder = new ReplayBlockEncoder(trace.addresses());
        final ExpandableArrayBuffer block = new ExpandableArrayBuffer(1 << 20);
        final ReplayTally tally = new ReplayTally(RootHex.of(root));
        long height = genesisHeight;
        for (List<WorkloadOp> ops : trace.blocks()) {
            height++;
            final long source = ops.get(0).block();
            final int length = encoder.encode(ops, height, source, root, block);
            final ReceiptLog receipts = runner.execute(block, length, root);
            tally.block(height, source, root, receipts);
        }
        return tally.result();
    }
}
