package io.multilane.perf.workload;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import io.multilane.exec.program.StandardPrograms;
import io.multilane.exec.receipt.ReceiptLog;
import io.multilane.exec.serial.BlockStatus;
import io.multilane.exec.serial.SerialExecutor;
import io.multilane.pipeline.BlockResult;
import io.multilane.pipeline.Engine;
import io.multilane.pipeline.EngineConfig;
import io.multilane.state.StateStore;

/**
 * Executes encoded workload blocks one after the other on a store: the serial executor (the oracle) or
 * the parallel engine, so a workload run can be checked one against the other. Owned by the thread that
 * runs the workload; {@link #close()} stops an engine and leaves the store open.
 */
public interface BlockRunner extends AutoCloseable {
    /**
     * Executes and seals one block.
     *
     * @param block   buffer holding the block
     * @param length  its length
     * @param rootOut receives the state root after the block (32 bytes at offset 0)
     * @return the block's receipts, valid until the next call
     * @throws IllegalStateException if the block is refused
     */
    ReceiptLog execute(DirectBuffer block, int length, MutableDirectBuffer rootOut);

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
            public ReceiptLog execute(final DirectBuffer block, final int length, final MutableDirectBuffer rootOut) {
                final int status = executor.execute(block, 0, length, receipts, rootOut, 0);
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

    /**
     * @param store the store the engine runs on (left open by {@link #close()})
     * @param lanes execution lanes
     * @return the parallel engine (pre-verified blocks, the standard fee collector, default wait strategy)
     */
    static BlockRunner engine(final StateStore store, final int lanes) {
        final Engine engine = Engine.open(EngineConfig.forOpenStore().withLanes(lanes).withVerifySignatures(false)
                .withFeeCollector(SerialExecutor.DEFAULT_FEE_COLLECTOR), store);
        final BlockResult result = BlockResult.reusable(1024);
        return new BlockRunner() {
            @Override
            public ReceiptLog execute(final DirectBuffer block, final int length, final MutableDirectBuffer rootOut) {
                engine.submit(block, 0, length, result).await();
                if (!result.sealed()) {
                    throw new IllegalStateException("engine refused block " + result.height() + ": "
                            + BlockStatus.name(result.status()));
                }
                rootOut.putBytes(0, result.root(), 0, result.root().capacity());
                return result.receipts();
            }

            @Override
            public void close() {
                engine.close();
            }
        };
    }
}
