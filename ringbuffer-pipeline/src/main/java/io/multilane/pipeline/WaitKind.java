package io.multilane.pipeline;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;

/**
 * How idle engine threads wait for work: lanes wait for the ingress to publish, the commit stage for
 * the lanes. {@link #ADAPTIVE} (the default) never spins more threads than there are CPUs. Constants;
 * any thread.
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
