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
 * has the other core: the lane then copies nothing and only wakes the submitter when 3/4 of the ring is free (or it
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
    /** Entries the block is expected to hold still (from its header): how many slots the next claim takes. */
    private int expected;
    /** Entries copied so far, and the most the block may have. */
    private int copied;
    private int maxEntries;
    private boolean begun;
    /** Where waiting threads help with a running seal (wired once, before any thread starts). */
    private CommitHandler commit;

    /**
     * @param lanes the engine's lanes
     * @param lanesCopy whether lanes copy the pending block (else they wake the submitter to copy it)
     */
    RingFeed(final int lanes, final boolean lanesCopy) {
        this.lanes = lanes;
        this.lanesCopy = lanesCopy;
    }

    /** Before any engine thread starts: the commit role whose seals waiting threads help with. */
    void wire(final CommitHandler c) {
        this.commit = c;
    }

    /** Before any engine thread starts (the ring is built with {@link #pumpingBefore}'s strategy). */
    void wire(final RingBuffer<TxSlot> r) {
        this.ring = r;
        this.wakeRoom = r.getBufferSize() - r.getBufferSize() / 4;
    }

    /**
     * Submitter, holding the engine's ingress lock: copies the block (whose header was validated) into the ring as a
     * begin slot, its entries and an end slot, with the lanes' help, in one pass over its bytes; returns once all of
     * it is in the ring. Slots are claimed {@code expected} at a time (the header's count, which an honest block
     * states exactly); a claimed slot the block has no entry for is passed over ({@link TxSlot#EMPTY}). A block found
     * to hold more than {@code maxEntries} entries is cut there and ends in a {@link TxSlot#BLOCK_REFUSED} slot: the
     * commit role rolls back what of it was committed and hands the result back ({@link BlockResult#done()}).
     *
     * @return the entries copied, or -1 if the block was refused for holding more than {@code maxEntries}
     */
    int feed(final DirectBuffer buffer, final int offset, final int length, final BlockResult blockResult,
             final int expectedEntries, final int maxEntries) {
        while (!copying.compareAndSet(false, true)) {
            Thread.onSpinWait();
        }
        block.wrap(buffer, offset, length);
        result = blockResult;
        expected = expectedEntries;
        copied = 0;
        this.maxEntries = maxEntries;
        begun = false;
        submitter = Thread.currentThread();
        pending = true;
        copying.set(false);
        while (true) {
            tryPump();
            if (!pending) {
                break;
            }
            // waiting for room: help with the seal that holds the lane, if one runs, instead of sleeping
            if (!commit.assistSeal(false)) {
                LockSupport.parkNanos(this, PARK_NANOS);
            }
        }
        submitter = null;
        return copied > maxEntries ? -1 : copied;
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

    /**
     * A lane freed slots (direct mode): wakes the submitter to copy the pending block once three quarters of the ring
     * are free (a wake-up costs the submitter a futex round trip: the fewer per slot the better, while the quarter
     * left keeps the lane busy for far longer than the submitter takes to wake).
     */
    void freed() {
        if (lanesCopy) {
            tryPump();
        } else {
            wakeSubmitter(wakeRoom);
        }
    }

    /** The commit role is sealing: wakes a submitter parked for room, which helps with the seal while it waits. */
    void wakeWaitingSubmitter() {
        wakeSubmitter(0);
    }

    private void wakeSubmitter(final long room) {
        if (pending && ring.remainingCapacity() >= room) {
            final Thread t = submitter;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }

    /**
     * Holding the copy flag: copies what fits, one pass over the entries (each read once, from the caller's buffer
     * into its slot); returns whether the block is now wholly in the ring.
     */
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
        // the room is read once (the commit role's sequence, a line another core writes) and then counted down
        long room = ring.remainingCapacity();
        while (block.hasNextTx() && copied <= maxEntries) {
            if (room <= 0) {
                room = ring.remainingCapacity();
                if (room <= 0) {
                    return false;
                }
            }
            final int n = (int) Math.min(Math.min(expected > 0 ? expected : CHUNK, CHUNK), room);
            room -= n;
            final long hi = ring.next(n);
            final long lo = hi - n + 1;
            long s = lo;
            while (s <= hi && block.nextTx()) {
                if (++copied > maxEntries) {
                    break;
                }
                IngressTranslator.tx(ring.get(s++), block.buffer(), block.txOffset(), block.txLength(), lanes);
            }
            for (; s <= hi; s++) {
                IngressTranslator.skip(ring.get(s));
            }
            ring.publish(lo, hi);
            expected = Math.max(0, expected - n);
        }
        if (room <= 0 && ring.remainingCapacity() < 1) {
            return false;
        }
        final long seq = ring.next();
        if (copied > maxEntries) {
            IngressTranslator.refused(ring.get(seq), result);
        } else {
            IngressTranslator.end(ring.get(seq), result);
        }
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
                    commit.assistSeal(true);
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
