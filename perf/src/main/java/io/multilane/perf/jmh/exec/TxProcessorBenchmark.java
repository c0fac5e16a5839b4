package io.multilane.perf.jmh.exec;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import io.multilane.exec.receipt.TxStatus;
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

    private ExecBenchState state;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        state = new ExecBenchState(ExecBenchState.Family.valueOf(family));
        for (int i = 0; i < 1000; i++) {
            if (state.processNext() != TxStatus.SUCCESS) {
                throw new IllegalStateException(family + " tx does not succeed");
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        state.close();
    }

    @Benchmark
    public int processOne() {
        return state.processNext();
    }
}
