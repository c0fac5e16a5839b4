package io.multilane.perf.jmh.defi;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

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
 * Nanoseconds per lending or staking transaction on the serial executor ({@link DefiBenchState}):
 * pre-verified, fee 1, every transaction at a new block height (so each accrues interest or rewards),
 * 1024 senders on one market and one pool, blocks of 10,000 sealed without fsync (seal cost included).
 * Run with {@code -prof gc}: the programs allocate nothing per transaction. JMH runs it on one thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DefiBenchmark {
    @Param({"SUPPLY_WITHDRAW", "BORROW_REPAY", "COLLATERAL", "LIQUIDATE", "STAKE_UNSTAKE", "CLAIM"})
    public String scenario;

    private SerialTxRing txs;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        txs = new DefiBenchState(DefiBenchState.Scenario.valueOf(scenario)).txs();
        txs.warm(2 * SerialTxRing.RING);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        txs.close();
    }

    @Benchmark
    public int executeOne() {
        return txs.executeNext();
    }
}
