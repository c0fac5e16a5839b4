package io.multilane.pipeline;

import java.util.concurrent.TimeUnit;

import com.lmax.disruptor.Sequence;
import org.agrona.concurrent.IdleStrategy;

/**
 * How a lane the commit role holds back idles when its kind may park ({@link WaitKind#BACKOFF},
 * {@link WaitKind#BLOCKING}): Agrona's {@code BackoffIdleStrategy} ladder (spin, then yield), except that the
 * park is the {@link LaneGate}'s, which the commit role's next progress ends; Agrona's parks only time out.
 * The wait is for another lane to execute one transaction (microseconds), which a park and unpark pair (a futex
 * each way, several microseconds of CPU here) would cost more than, hence the long spin and yield phases.
 *
 * <p>A lane's loop checks its condition between two {@link #idle()} calls; the gate parks only while the cursor
 * still holds the value read at the end of the previous call (before that check), so a commit published in
 * between is never slept through. One lane thread; allocation-free.
 */
final class LaneIdleStrategy implements IdleStrategy {
    /** Spins before yielding: the other lanes usually pass the slot within them. */
    static final int SPINS = 64;
    /** Yields before parking. */
    static final int YIELDS = 256;
    /** The longest park; the commit role's progress usually ends it first. */
    static final long PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final LaneGate gate;
    private final int lane;
    private final Sequence cursor;
    private int idles;
    private long seen;

    /**
     * @param gate where the lane parks
     * @param lane the lane's index
     * @param cursor the commit role's cursor the lane waits on
     */
    LaneIdleStrategy(final LaneGate gate, final int lane, final Sequence cursor) {
        this.gate = gate;
        this.lane = lane;
        this.cursor = cursor;
    }

    @Override
    public void idle(final int workCount) {
        if (workCount > 0) {
            reset();
        } else {
            idle();
        }
    }

    @Override
    public void idle() {
        if (idles < SPINS) {
            idles++;
            Thread.onSpinWait();
        } else if (idles < SPINS + YIELDS) {
            idles++;
            Thread.yield();
        } else {
            gate.parkLane(lane, cursor, seen, PARK_NANOS);
        }
        seen = cursor.get();
    }

    @Override
    public void reset() {
        idles = 0;
        seen = cursor.get();
    }

    @Override
    public String alias() {
        return "lane-gate";
    }
}
