package io.multilane.pipeline;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.util.Util;

/**
 * Where the engine's threads meet: a slot is committable once every lane has passed it
 * ({@link #available()}); lanes that run too far ahead of the commit role park here ({@link #parkLane}, through
 * their {@link LaneIdleStrategy}) until it reports progress ({@link #committed}); when the commit role frees slots ({@link #freed}) it copies
 * more of the submitted block into them ({@link RingFeed}). Lanes call {@link #available},
 * {@link #parkLane} and (as the commit role) {@link #committed} and {@link #freed}; {@link #alert} may come from
 * any thread (close).
 */
final class LaneGate {
    private final Sequence[] lanes;
    private final AtomicReferenceArray<Thread> laneWaiters;
    private volatile int laneWaiting;
    private final RingFeed feed;
    private volatile boolean alerted;

    LaneGate(final RingFeed feed, final Sequence[] lanes) {
        this.feed = feed;
        this.lanes = lanes;
        this.laneWaiters = new AtomicReferenceArray<>(lanes.length);
    }

    /** @return the highest sequence every lane has passed */
    long available() {
        return Util.getMinimumSequence(lanes);
    }

    /**
     * A lane parks here until the commit role publishes progress (or the timeout passes); the caller re-checks
     * its condition. Parks only while {@code cursor} still holds {@code seen}, read before the caller's last check
     * of its condition: progress published since then is never slept through. The commit role wakes parked lanes
     * through {@link #committed()}.
     *
     * @param lane the lane's index
     * @param cursor the commit role's cursor
     * @param seen the cursor's value before the caller's last check
     * @param timeoutNanos the longest park
     */
    void parkLane(final int lane, final Sequence cursor, final long seen, final long timeoutNanos) {
        laneWaiters.set(lane, Thread.currentThread());
        laneWaiting = 1;
        if (cursor.get() == seen && !alerted) {
            LockSupport.parkNanos(this, timeoutNanos);
        }
        laneWaiters.set(lane, null);
    }

    /** The commit role calls this after releasing ring slots: filled from the pending block ({@link RingFeed#freed}). */
    void freed() {
        feed.freed();
    }

    /** The commit role calls this after publishing progress: wakes lanes waiting for it. */
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

    /**
     * The commit role is about to seal a block: wakes the lanes parked here and a submitter waiting for ring room, so
     * that they help with the seal ({@link CommitHandler#assistSeal}) instead of sleeping through it.
     */
    void sealing() {
        committed();
        feed.wakeWaitingSubmitter();
    }

    /** @return whether the engine is stopping */
    boolean isAlerted() {
        return alerted;
    }

    /** Tells waiting threads the engine is stopping; wakes them. */
    void alert() {
        alerted = true;
        committed();
    }
}
