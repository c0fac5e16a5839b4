package io.multilane.perf.jmh.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.multilane.exec.program.StandardPrograms;
import io.multilane.exec.receipt.ReceiptLog;
import io.multilane.exec.serial.SerialExecutor;
import io.multilane.exec.tx.BlockDescriptor;
import io.multilane.pipeline.BlockResult;
import io.multilane.pipeline.Engine;
import io.multilane.pipeline.EngineConfig;
import io.multilane.pipeline.WaitKind;
import io.multilane.state.DirectoryTree;
import io.multilane.state.StateStore;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Serial executor versus the parallel engine on the same prepared blocks, in the same run: each
 * iteration replays every measured block once on a fresh store (genesis and setup blocks not measured);
 * the score is the time per transaction (single shot over all of them). The engine gets the blocks
 * pipelined (their parent roots are known), as a follower validating a chain would.
 *
 * <p>After each engine iteration it prints the re-execution and rebase rates and the commit stage's
 * cost per transaction (the median over blocks of commit-stage time / transactions). Benchmark thread
 * only; the engine runs its own lane and commit threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PipelineBenchmark {
    @Param({"DEFI", "MAINNET"})
    public String workload;

    @Param({"serial", "parallel"})
    public String engine;

    @Param({"2"})
    public int lanes;

    @Param({"BACKOFF"})
    public String wait;

    @Param({"1000"})
    public int blockTxs;

    /** Whether the store applies sealed blocks to Chronicle on its own background thread. */
    @Param({"true"})
    public boolean writeBehind;

    private PreparedBlocks blocks;
    private Path dir;
    private StateStore store;
    private SerialExecutor serial;
    private Engine parallel;
    private final ReceiptLog receipts = new ReceiptLog(4096);
    private final UnsafeBuffer root = new UnsafeBuffer(new byte[BlockDescriptor.ROOT_LENGTH]);
    private UnsafeBuffer[] measured;
    private CompletableFuture<?>[] futures;
    private long[] commitPerTx;

    /** Encodes the blocks once. */
    @Setup(Level.Trial)
    public void prepare() throws IOException {
        blocks = new PreparedBlocks(PreparedBlocks.Kind.valueOf(workload), 100, blockTxs, 20_261_121L);
        measured = new UnsafeBuffer[blocks.measured.size()];
        for (int i = 0; i < measured.length; i++) {
            measured[i] = new UnsafeBuffer(blocks.measured.get(i));
        }
        futures = new CompletableFuture<?>[measured.length];
        commitPerTx = new long[measured.length];
        System.out.printf("%n[prepared] %s: %d measured blocks, %d transactions per iteration%n", workload, measured.length,
                blocks.measuredTxs);
    }

    /** A fresh store with genesis and setup blocks, and the executor or engine on it. */
    @Setup(Level.Iteration)
    public void freshStore() throws IOException {
        dir = Files.createTempDirectory("multilane-pipeline-bench");
        store = PreparedBlocks.openStore(dir, writeBehind);
        blocks.genesis(store, root);
        serial = new SerialExecutor(store, StandardPrograms.newRegistry(), SerialExecutor.DEFAULT_FEE_COLLECTOR, false);
        for (byte[] b : blocks.setup) {
            serial.execute(new UnsafeBuffer(b), 0, b.length, receipts, root, 0);
        }
        if ("parallel".equals(engine)) {
            parallel = Engine.open(EngineConfig.forOpenStore().withLanes(lanes).withWaitKind(WaitKind.valueOf(wait))
                    .withVerifySignatures(false).withRingSize(1024).withFeeCollector(SerialExecutor.DEFAULT_FEE_COLLECTOR),
                    store);
        }
    }

    /** Replays every measured block once. */
    @Benchmark
    public Object replay() throws Exception {
        if (parallel == null) {
            for (UnsafeBuffer b : measured) {
                serial.execute(b, 0, b.capacity(), receipts, root, 0);
            }
            return root;
        }
        for (int i = 0; i < measured.length; i++) {
            futures[i] = parallel.submit(measured[i], 0, measured[i].capacity());
        }
        for (int i = 0; i < measured.length; i++) {
            final BlockResult r = (BlockResult) futures[i].get(5, TimeUnit.MINUTES);
            if (!r.sealed()) {
                throw new IllegalStateException("block refused: " + r);
            }
            commitPerTx[i] = r.transactions() == 0 ? 0 : r.commitNanos() / r.transactions();
        }
        return futures[measured.length - 1];
    }

    /** Reports the engine's health figures and drops the store. */
    @TearDown(Level.Iteration)
    public void dropStore() throws IOException {
        if (parallel != null) {
            final long[] sorted = commitPerTx.clone();
            Arrays.sort(sorted);
            System.out.printf("%n[engine] %s lanes=%d: %d txs, re-executed %.1f%%, rebased %.1f%%, commit stage median %d ns/tx"
                    + " (blocks' commit time / txs), lane execution %d ns/tx%n", workload, lanes,
                    parallel.stats().transactions(), 100 * parallel.stats().reexecutionRate(),
                    100.0 * parallel.stats().rebased() / Math.max(1, parallel.stats().transactions()), sorted[sorted.length / 2],
                    parallel.stats().executeNanos() / Math.max(1, parallel.stats().transactions()));
            parallel.close();
            parallel = null;
        }
        store.close();
        DirectoryTree.delete(dir);
    }

    /** @return measured transactions per iteration (divide the score by it for ns per transaction) */
    public long transactions() {
        return blocks.measuredTxs;
    }
}
