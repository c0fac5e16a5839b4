package io.multilane.pipeline;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.TimeoutException;
import com.lmax.disruptor.WaitStrategy;
import io.multilane.exec.tx.BlockFlyweight;
import org.agrona.DirectBuffer;

/**
 * The block being copied into the ring, copied by whichever thread has the CPU. The submitter starts it
 * ({@link #feed}) and copies what the ring has room for; when the ring is full it parks, and the lanes go on
 * copying ({@link #tryPump}) as they free slots (the commit role, after releasing them) or run out of work
 * (their wait strategy, before waiting). On a machine with no spare core, the lanes then never wait for a
 * submitter thread to be scheduled, and the submitter is woken once per block, when its last slot is in the ring.
 * The submitter's buffer stays valid meanwhile: {@code feed} returns only once the whole block is in the ring.
 *
 * <p>With a single lane in direct mode ({@link EngineConfig#direct}) that lane is the bottleneck and the submitter
 * has the other core: the lane then copies nothing and only wakes the submitter when half the ring is free (or it
 * is about to wait for slots), so the copying runs beside the execution instead of on its thread, for one or two
 * wake-ups per ring's worth of transactions.
 *
 * <p>One copier at a time (a compare-and-set flag, never waited for by a lane); one block at a time (the engine's
 * ingress lock serializes submitters). The copier is the ring's only producer, so it claims only the room it
 * has seen, and a claim never waits. Allocation-free.
 */
final class RingFeed {
    /** Slots published at once: the lanes may start on the first ones while the copier fills the rest. */
    private static final int CHUNK = 64;
    /**
     * The submitter parks until the thread that copies the block's last slot wakes it; this bound is only a
     * safety net (every wake-up costs a futex round trip and a context switch, tens of microseconds here).
     */
    private static final long PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final int lanes;
    private final boolean lanesCopy;
    private RingBuffer<TxSlot> ring;
    private long wakeRoom;
    private final BlockFlyweight block = new BlockFlyweight();
    private final AtomicBoolean copying = new AtomicBoolean();
    private volatile boolean pending;
    private volatile Thread submitter;
    private BlockResult result;
    private int left;
    private boolean begun;

    /**
     * @param lanes the engine's lanes
     * @param lanesCopy whether lanes copy the pending block (else they wake the submitter to copy it)
     */
    RingFeed(final int lanes, final boolean lanesCopy) {
        this.lanes = lanes;
        this.lanesCopy = lanesCopy;
    }

    /** Before any engine thread starts (the ring is built with {@link #pumpingBefore}'s strategy). */
    void wire(final RingBuffer<TxSlot> r) {
        this.ring = r;
        this.wakeRoom = r.getBufferSize() / 2;
    }

    /**
     * Submitter, holding the engine's ingress lock: copies the block (whose header was validated and whose
     * {@code entries} were counted) into the ring as a begin slot, its transactions and an end slot, with the
     * lanes' help; returns once all of it is in the ring.
     */
    void feed(final DirectBuffer buffer, final int offset, final int length, final BlockResult blockResult,
              final int entries) {
        while (!copying.compareAndSet(false, true)) {
            Thread.onSpinWait();
        }
        block.wrap(buffer, offset, length);
        block.rewind();
        result = blockResult;
        left = entries;
        begun = false;
        submitter = Thread.currentThread();
        pending = true;
        copying.set(false);
        while (true) {
            tryPump();
            if (!pending) {
                break;
            }
            LockSupport.parkNanos(this, PARK_NANOS);
        }
        submitter = null;
    }

    /**
     * Any thread: copies what the ring has room for, unless another thread is copying or nothing is pending.
     * Whoever copies re-checks the room after putting the flag down, so room freed while the flag was up (whose
     * freer's attempt then failed) is never left unused: the submitter can park until the block is in.
     */
    void tryPump() {
        while (pending && copying.compareAndSet(false, true)) {
            boolean done = false;
            try {
                if (pending) {
                    done = pump();
                    if (done) {
                        pending = false;
                    }
                }
            } finally {
                copying.set(false);
            }
            if (done) {
                final Thread t = submitter;
                if (t != null && t != Thread.currentThread()) {
                    LockSupport.unpark(t);
                }
                return;
            }
            if (ring.remainingCapacity() == 0) {
                return;
            }
        }
    }

    /** A lane freed slots (direct mode): wakes the submitter to copy the pending block once half the ring is free. */
    void freed() {
        if (lanesCopy) {
            tryPump();
        } else {
            wakeSubmitter(wakeRoom);
        }
    }

    private void wakeSubmitter(final long room) {
        if (pending && ring.remainingCapacity() >= room) {
            final Thread t = submitter;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }

    /** Holding the copy flag: copies what fits; returns whether the block is now wholly in the ring. */
    private boolean pump() {
        if (!begun) {
            if (ring.remainingCapacity() < 1) {
                return false;
            }
            final long seq = ring.next();
            IngressTranslator.begin(ring.get(seq), result);
            ring.publish(seq);
            begun = true;
        }
        while (left > 0) {
            final int n = (int) Math.min(Math.min(left, CHUNK), ring.remainingCapacity());
            if (n <= 0) {
                return false;
            }
            final long hi = ring.next(n);
            final long lo = hi - n + 1;
            for (long s = lo; s <= hi; s++) {
                block.nextTx();
                IngressTranslator.tx(ring.get(s), block.buffer(), block.txOffset(), block.txLength(), lanes);
            }
            ring.publish(lo, hi);
            left -= n;
        }
        if (ring.remainingCapacity() < 1) {
            return false;
        }
        final long seq = ring.next();
        IngressTranslator.end(ring.get(seq), result);
        result.ringNanos = System.nanoTime();
        result = null;
        ring.publish(seq);
        return true;
    }

    /**
     * The lanes' wait strategy: a lane about to wait for published slots first copies the pending block (which
     * publishes what it waits for, if the ring has room), then waits as {@code delegate} does.
     */
    WaitStrategy pumpingBefore(final WaitStrategy delegate) {
        return new WaitStrategy() {
            @Override
            public long waitFor(final long sequence, final Sequence cursor, final Sequence dependentSequence,
                                final SequenceBarrier barrier) throws AlertException, InterruptedException, TimeoutException {
                if (dependentSequence.get() < sequence) {
                    if (lanesCopy) {
                        tryPump();
                    } else {
                        wakeSubmitter(1);
                    }
                }
                return delegate.waitFor(sequence, cursor, dependentSequence, barrier);
            }

            @Override
            public void signalAllWhenBlocking() {
                delegate.signalAllWhenBlocking();
            }
        };
    }
}
