package io.multilane.pipeline.replay;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.multilane.exec.replay.ReplayBlockEncoder;
import io.multilane.exec.replay.ReplayGenesis;
import io.multilane.exec.replay.ReplayResult;
import io.multilane.exec.replay.ReplayRunner;
import io.multilane.exec.replay.ReplayTally;
import io.multilane.exec.replay.Trace;
import io.multilane.exec.replay.WorkloadOp;
import io.multilane.exec.serial.BlockStatus;
import io.multilane.exec.serial.SerialExecutor;
import io.multilane.exec.tx.BlockDescriptor;
import io.multilane.pipeline.BlockResult;
import io.multilane.pipeline.Engine;
import io.multilane.pipeline.EngineConfig;
import io.multilane.state.StateStore;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Replays a mainnet workload through the parallel {@link Engine}, exactly as {@link ReplayRunner#runSerial}
 * does on the serial executor: genesis as one block written directly, then one engine block per
 * workload block (fee 0, pre-verified, fee collector {@link SerialExecutor#DEFAULT_FEE_COLLECTOR}), so
 * the final state and every root must equal the serial replay's. Setup/report code on the caller's thread.
 */
public final class EngineReplay {
    private EngineReplay() {
    }

    /**
     * Replays a workload into an empty store; the store stays open (holding the final state).
     *
     * @param workload the workload
     * @param store an empty store
     * @param config engine configuration (lanes, wait strategy, ...); signatures are not verified
     * @return the result, in the serial runner's shape
     * @throws IllegalStateException if the engine refuses or fails a block
     */
    public static ReplayResult run(final Trace workload, final StateStore store, final EngineConfig config) {
        final UnsafeBuffer root = new UnsafeBuffer(new byte[BlockDescriptor.ROOT_LENGTH]);
        final long genesisHeight = new ReplayGenesis().write(workload, store, root);
        final String genesisRoot = ReplayRunner.hex(root);
        final ReplayBlockEncoder encoder = new ReplayBlockEncoder(workload.addresses());
        final ExpandableArrayBuffer block = new ExpandableArrayBuffer(1 << 20);
        final ReplayTally tally = new ReplayTally(genesisRoot);
        long height = genesisHeight;
        try (Engine engine = Engine.open(config.withVerifySignatures(false)
                .withFeeCollector(SerialExecutor.DEFAULT_FEE_COLLECTOR), store)) {
            for (List<WorkloadOp> ops : workload.blocks()) {
                height++;
                final long source = ops.get(0).block();
                final int length = encoder.encode(ops, height, source, root, block);
                final BlockResult result = await(engine, block, length);
                if (result.status() != BlockStatus.SEALED) {
                    throw new IllegalStateException("block " + height + " refused: " + BlockStatus.name(result.status()));
                }
                root.putBytes(0, result.root(), 0, BlockDescriptor.ROOT_LENGTH);
                tally.block(height, source, root, result.receipts());
            }
        }
        return tally.result();
    }

    /** @return every live thread's name, state and stack (for a replay that stopped making progress) */
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

    private static BlockResult await(final Engine engine, final ExpandableArrayBuffer block, final int length) {
        try {
            return engine.submit(block, 0, length).get(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while replaying", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("engine failed a replay block: " + e.getMessage(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("no result for a replay block within 2 minutes; the engine's threads:"
                    + System.lineSeparator() + threadDump(), e);
        }
    }
}
