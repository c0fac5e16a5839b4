package io.multilane.pipeline.replay;

import io.multilane.exec.receipt.ReceiptLog;
import io.multilane.exec.serial.BlockStatus;
import io.multilane.exec.serial.SerialExecutor;
import io.multilane.exec.workload.BlockRunner;
import io.multilane.pipeline.BlockResult;
import io.multilane.pipeline.Engine;
import io.multilane.pipeline.EngineConfig;
import io.multilane.state.StateStore;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The parallel engine as a {@link BlockRunner}: each block is submitted and awaited (pre-verified
 * blocks, the standard fee collector, the default wait strategy), so the run drivers that take a
 * runner run a workload on the engine exactly as on the serial executor. Owned by the thread that
 * runs the workload; {@link #close()} stops the engine and leaves the store open.
 */
public final class EngineBlockRunner implements BlockRunner {
    private final Engine engine;
    private final BlockResult result = BlockResult.reusable(1024);

    private EngineBlockRunner(final Engine engine) {
        this.engine = engine;
    }

    /**
     * @param store the store the engine runs on (left open by {@link #close()})
     * @param lanes execution lanes
     * @return a runner over a new engine
     */
    public static EngineBlockRunner open(final StateStore store, final int lanes) {
        return new EngineBlockRunner(Engine.open(EngineConfig.forOpenStore().withLanes(lanes).withVerifySignatures(false)
                .withFeeCollector(SerialExecutor.DEFAULT_FEE_COLLECTOR), store));
    }

    /**
     * @param store the store
     * @param lanes 0 for the serial executor, else the engine's lanes
     * @return the serial executor's runner or an engine's
     */
    public static BlockRunner of(final StateStore store, final int lanes) {
        return lanes == 0 ? BlockRunner.serial(store) : open(store, lanes);
    }

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
}
