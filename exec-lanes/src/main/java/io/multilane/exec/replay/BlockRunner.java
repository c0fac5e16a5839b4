package io.multilane.exec.replay;

import io.multilane.exec.program.StandardPrograms;
import io.multilane.exec.receipt.BlockStatus;
import io.multilane.exec.receipt.ReceiptLog;
import io.multilane.exec.serial.SerialExecutor;
import io.multilane.state.StateStore;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Executes encoded blocks one after the other on a store: the serial executor (the oracle, {@link #serial})
 * or the parallel engine ({@code io.multilane.pipeline.replay.EngineBlockRunner}), so that one driver
 * ({@link ReplayRunner}, {@code WorkloadRun}) runs a workload on either and the two can be checked one
 * against the other. Owned by the thread that
 * runs the workload; {@link #close()} stops an engine and leaves the store open.
 */
public interface BlockRunner extends AutoCloseable {
    /**
     * Executes and seals one block.
     *
     * @param block   buffer holding the block
     * @param offset  where in {@code block} it starts
     * @param length  its length
     * @param rootOut receives the state root after the block (32 bytes at offset 0)
     * @return the block's receipts, valid until the next call
     * @throws IllegalStateException if the block is refused
     */
    ReceiptLog execute(DirectBuffer block, int offset, int length, MutableDirectBuffer rootOut);

    /**
     * Executes and seals one block that starts at offset 0.
     *
     * @param block   buffer holding the block
     * @param length  its length
     * @param rootOut receives the state root after the block (32 bytes at offset 0)
     * @return the block's receipts, valid until the next call
     * @throws IllegalStateException if the block is refused
     */
    default ReceiptLog execute(final DirectBuffer block, final int length, final MutableDirectBuffer rootOut) {
        return execute(block, 0, length, rootOut);
    }

    @Override
    void close();

    /**
     * @param store the store, whose single writer the runner becomes
     * @return the serial executor (pre-verified blocks, the standard fee collector)
     */
    static BlockRunner serial(final StateStore store) {
        final SerialExecutor executor = new SerialExecutor(store, StandardPrograms.newRegistry(),
                SerialExecutor.DEFAULT_FEE_COLLECTOR, false);
        final ReceiptLog receipts = new ReceiptLog(1024);
        return new BlockRunner() {
            @Override
            public ReceiptLog execute(final DirectBuffer block, final int offset, final int length,
                    final MutableDirectBuffer rootOut) {
                final int status = executor.execute(block, offset, length, receipts, rootOut, 0);
                if (status != BlockStatus.SEALED) {
                    throw new IllegalStateException("serial executor refused a block: " + BlockStatus.name(status));
                }
                return receipts;
            }

            @Override
            public void close() {
            }
        };
    }
}
