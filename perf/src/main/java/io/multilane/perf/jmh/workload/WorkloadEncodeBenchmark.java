package io.multilane.perf.jmh.workload;

import java.util.concurrent.TimeUnit;

import io.multilane.exec.tx.BlockDescriptor;
import io.multilane.exec.workload.Workload;
import io.multilane.exec.workload.Workloads;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Cost of generating workload transactions: {@link Workload#encodeBlock} of a block of
 * {@link #TXS} transactions, reported per transaction, for each named workload at its default size
 * ({@code mainnet-pevm} is the bundled mainnet workload, looped). No execution: this is the load
 * generator's share of a soak or bench run. JMH benchmark thread only.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class WorkloadEncodeBenchmark {
    /** Transactions per encoded block. */
    public static final int TXS = 1000;

    @Param({"transfers-uniform", "transfers-zipf", "defi-mix", "hot-pool", "mainnet-pevm"})
    public String workload;

    private Workload w;
    private UnsafeBuffer out;
    private final UnsafeBuffer root = new UnsafeBuffer(new byte[BlockDescriptor.ROOT_LENGTH]);
    private long height;

    /** Creates the workload (no genesis needed to encode). */
    @Setup
    public void setUp() {
        w = Workloads.create(workload, 1);
        out = new UnsafeBuffer(new byte[BlockDescriptor.HEADER_LENGTH + TXS * w.maxTxBytes()]);
    }

    /**
     * @return the block's length (consumed by JMH)
     */
    @Benchmark
    @OperationsPerInvocation(TXS)
    public int encodeBlock() {
        height++;
        return w.encodeBlock(height, height, root, 0, out, 0, TXS);
    }
}
