package io.multilane.pipeline;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.util.Util;
import io.multilane.exec.lane.CommitCursor;

/**
 * The commit stage's barrier: a slot is available once every lane has passed it. Unlike a Disruptor
 * barrier with dependents (whose blocking strategies still busy-spin on the dependent sequences), it
 * waits the way its {@link WaitKind} says for the dependents too: spin, yield, park with a timeout, or
 * park until a lane {@link #signal}s progress. That matters on small machines, where a spinning commit
 * stage would take the CPU the lanes need.
 *
 * <p>It also parks lanes that run too far ahead ({@link #parkLane}) until the commit stage reports progress
 * ({@link #committed}). {@link #waitFor}, {@link #committed} and {@link #clearAlert} are called by the commit
 * thread only; lanes call {@link #signal} and {@link #parkLane}; {@link #alert} may come from any thread (halt).
 */
final class LaneGate implements SequenceBarrier {
    /** Spins before yielding or parking: a lane usually finishes the next slot within them. */
    private static final int SPINS = 64;
    /** Yields (backoff only) before parking: on a small machine a yield loop burns the CPU the lanes need. */
    private static final int YIELDS = 8;
    private static final long BACKOFF_PARK_NANOS = 20_000;
    private static final long BLOCKING_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long LANE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final Sequence[] lanes;
    private final WaitKind kind;
    private final AtomicReferenceArray<Thread> laneWaiters;
    private volatile int laneWaiting;
    private volatile Thread waiter;
    private volatile Thread ingressWaiter;
    private volatile boolean alerted;

    LaneGate(final Sequence[] lanes, final WaitKind kind) {
        this.lanes = lanes;
        this.kind = kind;
        this.laneWaiters = new AtomicReferenceArray<>(lanes.length);
    }

    /**
     * A lane parks here until the commit stage has advanced (or the timeout passes); the caller re-checks
     * its condition. The commit stage wakes parked lanes through {@link #committed()}.
     *
     * @param lane the lane's index
     * @param cursor the commit stage's cursor
     * @param needed the cursor value the lane waits for
     */
    void parkLane(final int lane, final CommitCursor cursor, final long needed) {
        laneWaiters.set(lane, Thread.currentThread());
        laneWaiting = 1;
        if (cursor.get() < needed && !alerted) {
            LockSupport.parkNanos(this, LANE_PARK_NANOS);
        }
        laneWaiters.set(lane, null);
    }

    /**
     * The ingress parks here while the ring has fewer than {@code slots} free slots; the commit stage wakes
     * it through {@link #freed()} when it releases slots. The caller re-checks.
     *
     * @param ring the ring
     * @param slots free slots wanted
     */
    void parkIngress(final RingBuffer<?> ring, final int slots) {
        ingressWaiter = Thread.currentThread();
        if (ring.remainingCapacity() < slots && !alerted) {
            LockSupport.parkNanos(this, LANE_PARK_NANOS);
        }
        ingressWaiter = null;
    }

    /** The commit stage calls this after releasing ring slots: wakes a waiting ingress. */
    void freed() {
        final Thread t = ingressWaiter;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** The commit stage calls this after publishing progress: wakes lanes waiting for it. */
    void committed() {
        if (laneWaiting != 0) {
            laneWaiting = 0;
            for (int i = 0; i < laneWaiters.length(); i++) {
                final Thread t = laneWaiters.get(i);
                if (t != null) {
                    LockSupport.unpark(t);
                }
            }
        }
    }

    @Override
    public long waitFor(final long sequence) throws AlertException {
        checkAlert();
        long available = Util.getMinimumSequence(lanes);
        int idle = 0;
        while (available < sequence) {
            if (kind == WaitKind.BLOCKING && idle >= SPINS) {
                waiter = Thread.currentThread();
                if (Util.getMinimumSequence(lanes) < sequence && !alerted) {
                    LockSupport.parkNanos(this, BLOCKING_PARK_NANOS);
                }
                waiter = null;
            } else {
                idle(idle++);
            }
            checkAlert();
            available = Util.getMinimumSequence(lanes);
        }
        return available;
    }

    private void idle(final int count) {
        if (kind == WaitKind.BUSY_SPIN || count < SPINS) {
            Thread.onSpinWait();
        } else if (kind == WaitKind.YIELDING || count < SPINS + YIELDS) {
            Thread.yield();
        } else {
            LockSupport.parkNanos(BACKOFF_PARK_NANOS);
        }
    }

    /** Lanes call this after publishing progress: wakes a parked commit thread. */
    void signal() {
        final Thread t = waiter;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    @Override
    public long getCursor() {
        return Util.getMinimumSequence(lanes);
    }

    @Override
    public boolean isAlerted() {
        return alerted;
    }

    @Override
    public void alert() {
        alerted = true;
        signal();
    }

    @Override
    public void clearAlert() {
        alerted = false;
    }

    @Override
    public void checkAlert() throws AlertException {
        if (alerted) {
            throw AlertException.INSTANCE;
        }
    }
}
