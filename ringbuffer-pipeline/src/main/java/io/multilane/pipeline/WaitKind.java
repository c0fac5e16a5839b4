package io.multilane.pipeline;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

/**
 * How idle engine threads wait for work: lanes wait for the ingress to publish ({@link #newRingStrategy}: the
 * Disruptor's own strategies, which its event processors take) and, when the commit role holds them back, for
 * its progress ({@link #newLaneIdle}: Agrona's idle strategies). {@link #ADAPTIVE} (the default) never spins more
 * threads than there are CPUs. Constants; any thread.
 */
public enum WaitKind {
    /** Spin on the CPU: lowest latency, one whole CPU per engine thread. Only when threads fit the CPUs. */
    BUSY_SPIN,
    /** Spin, then {@code Thread.yield()}: gives the CPU away only to threads that are ready to run. */
    YIELDING,
    /** Spin, yield, then park for tens of microseconds: little CPU when idle, allocation-free. */
    BACKOFF,
    /** Park until signalled: least CPU when idle, highest wake-up latency. */
    BLOCKING,
    /** {@link #YIELDING} when the engine's threads plus the caller fit the CPUs, else {@link #BACKOFF}. */
    ADAPTIVE;

    /**
     * @param lanes lanes configured
     * @param cpus CPUs available
     * @return the concrete kind this one stands for
     */
    public WaitKind resolve(final int lanes, final int cpus) {
        if (this != ADAPTIVE) {
            return this;
        }
        return lanes + 2 <= cpus ? YIELDING : BACKOFF;
    }

    /** @return whether threads of this kind occupy a CPU while they wait */
    public boolean spins() {
        return this == BUSY_SPIN || this == YIELDING;
    }

    /**
     * How a lane the commit role holds back idles (a resolved kind): Agrona's strategies where they fit; the
     * parking kinds park at the gate, where the commit role's progress wakes them ({@link LaneIdleStrategy}).
     *
     * @param gate where lanes park
     * @param lane the lane's index
     * @param cursor the commit role's cursor
     * @return a new strategy, for that lane's thread only
     */
    IdleStrategy newLaneIdle(final LaneGate gate, final int lane, final Sequence cursor) {
        switch (this) {
            case BUSY_SPIN:
                return new BusySpinIdleStrategy();
            case YIELDING:
                return new BackoffIdleStrategy(LaneIdleStrategy.SPINS, Long.MAX_VALUE, LaneIdleStrategy.PARK_NANOS,
                        LaneIdleStrategy.PARK_NANOS);
            default:
                return new LaneIdleStrategy(gate, lane, cursor);
        }
    }

    /** @return the Disruptor strategy lanes use to wait for published slots (a resolved kind) */
    WaitStrategy newRingStrategy() {
        switch (this) {
            case BUSY_SPIN:
                return new BusySpinWaitStrategy();
            case YIELDING:
                return new YieldingWaitStrategy();
            case BLOCKING:
                return new BlockingWaitStrategy();
            default:
                return new SleepingWaitStrategy(200, 20_000);
        }
    }
}
