package io.multilane.pipeline.replay;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.multilane.exec.receipt.BlockStatus;
import io.multilane.exec.receipt.ReceiptLog;
import io.multilane.exec.replay.BlockRunner;
import io.multilane.exec.serial.SerialExecutor;
import io.multilane.pipeline.BlockResult;
import io.multilane.pipeline.Engine;
import io.multilane.pipeline.EngineConfig;
import io.multilane.state.StateStore;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The parallel engine as a {@link BlockRunner}: each block is submitted and awaited (pre-verified
 * blocks, fees to {@link SerialExecutor#DEFAULT_FEE_COLLECTOR}), so the run drivers ({@code ReplayRunner},
 * {@code WorkloadRun}) run a trace or a workload on the engine exactly as on the serial executor, and
 * every root must equal the serial run's. A block without a result within {@link #TIMEOUT_MINUTES}
 * minutes fails the run with every thread's stack. Owned by the thread that runs the workload;
 * {@link #close()} stops the engine and leaves the store open.
 */
public final class EngineBlockRunner implements BlockRunner {
    /** How long one block may take before the run fails with a thread dump. */
    public static final long TIMEOUT_MINUTES = 2;

    private final Engine engine;

    private EngineBlockRunner(final Engine engine) {
        this.engine = engine;
    }

    /**
     * @param store the store the engine runs on (left open by {@link #close()})
     * @param config lanes, wait strategy ...; signatures are not verified, fees go to the default collector
     * @return a runner over a new engine
     */
    public static EngineBlockRunner open(final StateStore store, final EngineConfig config) {
        return new EngineBlockRunner(Engine.open(config.withVerifySignatures(false)
                .withFeeCollector(SerialExecutor.DEFAULT_FEE_COLLECTOR), store));
    }

    /**
     * @param store the store
     * @param lanes 0 for the serial executor, else the engine's lanes (default configuration otherwise)
     * @return the serial executor's runner or an engine's
     */
    public static BlockRunner of(final StateStore store, final int lanes) {
        return lanes == 0 ? BlockRunner.serial(store) : open(store, EngineConfig.forOpenStore().withLanes(lanes));
    }

    /** @return the engine the blocks run on, for a caller that also submits blocks itself (and reads its stats) */
    public Engine engine() {
        return engine;
    }

    @Override
    public ReceiptLog execute(final DirectBuffer block, final int offset, final int length, final MutableDirectBuffer rootOut) {
        final BlockResult result = await(block, offset, length);
        if (!result.sealed()) {
            throw new IllegalStateException("engine refused block " + result.height() + ": "
                    + BlockStatus.name(result.status()));
        }
        rootOut.putBytes(0, result.root(), 0, result.root().capacity());
        return result.receipts();
    }

    private BlockResult await(final DirectBuffer block, final int offset, final int length) {
        try {
            return engine.submit(block, offset, length).get(TIMEOUT_MINUTES, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running a block", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("engine failed a block: " + e.getMessage(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("no result for a block within " + TIMEOUT_MINUTES
                    + " minutes; the engine's threads:" + System.lineSeparator() + threadDump(), e);
        }
    }

    /** @return every live thread's name, state and stack (for a run that stopped making progress) */
    private static String threadDump() {
        final StringBuilder sb = new StringBuilder();
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            sb.append('"').append(e.getKey().getName()).append("\" ").append(e.getKey().getState())
                    .append(System.lineSeparator());
            for (StackTraceElement frame : e.getValue()) {
                sb.append("    at ").append(frame).append(System.lineSeparator());
            }
        }
        return sb.toString();
    }

    @Override
    public void close() {
        engine.close();
    }
}
