package io.multilane.perf.jmh.exec;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import io.multilane.exec.context.TxProcessor;
import io.multilane.exec.program.StandardPrograms;
import io.multilane.exec.receipt.TxStatus;
import io.multilane.exec.serial.SerialExecutor;
import io.multilane.perf.jmh.SerialTxRing;
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
 * Nanoseconds per transaction for decode + envelope + program + read/write/credit recording
 * ({@code TxProcessor.process}) against the store, without applying the effects: the executor's
 * own share of {@link SerialExecutorBenchmark}, which adds the store writes and block seals (and
 * what a lane spends per speculative execution). Run with {@code -prof gc} for B/op. One thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TxProcessorBenchmark {
    @Param({"COIN_TRANSFER", "TOKEN_TRANSFER", "SWAP", "DEFI_MIX"})
    public String family;

    private final TxProcessor processor = new TxProcessor(StandardPrograms.newRegistry(), SerialExecutor.DEFAULT_FEE_COLLECTOR,
            false);
    private SerialTxRing txs;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        txs = new ExecBenchState(ExecBenchState.Family.valueOf(family)).txs();
        for (int i = 0; i < 1000; i++) {
            if (txs.processNext(processor) != TxStatus.SUCCESS) {
                throw new IllegalStateException(family + " tx does not succeed");
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        txs.close();
    }

    @Benchmark
    public int processOne() {
        return txs.processNext(processor);
    }
}
