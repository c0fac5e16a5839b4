package io.multilane.perf.jmh.exec;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import io.multilane.perf.jmh.SerialTxRing;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Nanoseconds per transaction on the serial executor, per program family (coin transfer, token
 * transfer, swap over 1-2 pools, and a DeFi mix of 40% token transfers, 30% swaps, 30% coin
 * transfers), pre-verified (signatures excluded), fee 1 credited to the fee collector, blocks of
 * 10,000 sealed without fsync (seal cost included), per transaction ({@code executeOne}) and per
 * whole block ({@code executeBlock}). Run with {@code -prof gc} for B/op.
 * JMH runs it on one thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SerialExecutorBenchmark {
    @Param({"COIN_TRANSFER", "TOKEN_TRANSFER", "SWAP", "DEFI_MIX"})
    public String family;

    private SerialTxRing txs;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        txs = new ExecBenchState(ExecBenchState.Family.valueOf(family)).txs();
        txs.warm(1000);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        txs.close();
    }

    /**
     * One transaction through {@code SerialExecutor.executeTx} inside an open block (the path the
     * lane commit stage uses to re-execute), a seal every 10,000.
     */
    @Benchmark
    public int executeOne() {
        return txs.executeNext();
    }

    /** A whole 10,000-transaction block through {@code SerialExecutor.execute} (the oracle's block path), per tx. */
    @Benchmark
    @OperationsPerInvocation(SerialTxRing.BLOCK_TXS)
    public int executeBlock() {
        return txs.executeBlock();
    }
}
