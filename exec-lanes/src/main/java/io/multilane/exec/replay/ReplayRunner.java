package io.multilane.exec.replay;

import io.multilane.exec.program.StandardPrograms;
import io.multilane.exec.receipt.ReceiptLog;
import io.multilane.exec.serial.BlockStatus;
import io.multilane.exec.serial.SerialExecutor;
import io.multilane.exec.tx.BlockDescriptor;
import io.multilane.state.StateStore;
import java.util.List;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Replays a workload on the serial executor: genesis as one block, then one engine block per
 * workload block (fee 0, pre-verified, nonces in row order), collecting the root after each block
 * and the failures by reason. Setup/report code on the store's writer thread.
 */
public final class ReplayRunner {
    private ReplayRunner() {
    }

    /**
     * Replays a workload into an empty store.
     *
     * @param workload the workload
     * @param store an empty store (left open, holding the final state)
     * @return the result
     * @throws IllegalStateException if the executor refuses a block
     */
    public static ReplayResult runSerial(final Trace workload, final StateStore store) {
        final UnsafeBuffer root = new UnsafeBuffer(new byte[BlockDescriptor.ROOT_LENGTH]);
        final long genesisHeight = new ReplayGenesis().write(workload, store, root);
        final String genesisRoot = hex(root);
        final SerialExecutor executor = new SerialExecutor(store, StandardPrograms.newRegistry(),
                SerialExecutor.DEFAULT_FEE_COLLECTOR, false);
        final ReplayBlockEncoder encoder = new ReplayBlockEncoder(workload.addresses());
        final ExpandableArrayBuffer block = new ExpandableArrayBuffer(1 << 20);
        final ReceiptLog receipts = new ReceiptLog(4096);
        final ReplayTally tally = new ReplayTally(genesisRoot);
        long height = genesisHeight;
        for (List<WorkloadOp> ops : workload.blocks()) {
            height++;
            final long source = ops.get(0).block();
            final int length = encoder.encode(ops, height, source, root, block);
            final int status = executor.execute(block, 0, length, receipts, root, 0);
            if (status != BlockStatus.SEALED) {
                throw new IllegalStateException("block " + height + " refused: " + BlockStatus.name(status));
            }
            tally.block(height, source, root, receipts);
        }
        return tally.result();
    }

    /**
     * @param bytes 32-byte root
     * @return lower-case hex
     */
    public static String hex(final DirectBuffer bytes) {
        final StringBuilder sb = new StringBuilder(64);
        for (int i = 0; i < bytes.capacity(); i++) {
            final int b = bytes.getByte(i);
            sb.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return sb.toString();
    }
}
