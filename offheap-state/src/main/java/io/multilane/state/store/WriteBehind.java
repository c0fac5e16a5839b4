package io.multilane.state.store;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.multilane.state.StateException;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.OneToOneConcurrentArrayQueue;

/**
 * Hands sealed {@link BlockRecord}s from the writer thread to the {@link Checkpointer}, either inline in
 * {@link #submit} or on a background persistence thread, and decides when checkpoints run: every
 * {@code intervalBlocks} merged blocks, and on the thread also {@code intervalMillis} after the last one began if a
 * block was merged since, or when the writer asks ({@link #checkpoint}).
 *
 * <p>The writer thread calls {@link #acquire} for a free record, fills it, and {@link #submit}s it (or
 * {@link #release}s it if the journal append failed). With the thread, a pool of {@code maxPending} records
 * circulates through two single-producer single-consumer queues; the thread merges each record as soon as it
 * arrives (tens of ns per entry) and returns it, and writes a begun checkpoint to Chronicle in slices between
 * merges, so {@code acquire} waits only while the thread is busy in a force or a long slice. A failure of the
 * persistence (I/O error, Chronicle full) stops it and is reported by the next {@code acquire}, {@link #drain},
 * {@link #checkpoint} or {@link #close} as a {@link StateException}: never a hang, and never by {@code submit},
 * whose block is already sealed. In inline mode
 * checkpoints follow the block interval only, so the behaviour is deterministic.
 */
public final class WriteBehind implements AutoCloseable {
    /** Entries a checkpoint writes to Chronicle before the thread looks for new blocks again. */
    private static final int SLICE = 256;
    /** The thread's CPU clock, read around its help with seals (allocation-free). */
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private final Checkpointer checkpointer;
    private final PersistenceStats stats;
    private final BlockRecord inlineRecord;
    private final OneToOneConcurrentArrayQueue<BlockRecord> free;
    private final OneToOneConcurrentArrayQueue<BlockRecord> pending;
    private final Thread thread;
    private final int intervalBlocks;
    private final long intervalNanos;
    private final IdleStrategy writerIdle = new BackoffIdleStrategy(1, 1, 1_000, 100_000);
    private BlockRecord spare;
    private long submittedHeight;
    private volatile long requestedHeight;
    private volatile boolean running = true;
    private volatile Throwable failure;
    /** Seals the thread helps with between its slices of persistence work, or null. */
    private volatile SealShares seals;

    /**
     * @param threaded   merge and checkpoint on a background thread (true) or inline in {@link #submit}
     * @param maxPending records that may wait for the background thread
     * @param onStart    what the background thread runs first, on itself
     */
    WriteBehind(final Checkpointer checkpointer, final PersistenceStats stats, final boolean threaded,
                final int maxPending, final int intervalBlocks, final long intervalMillis, final String name,
                final Runnable onStart) {
        this.checkpointer = checkpointer;
        this.stats = stats;
        this.intervalBlocks = intervalBlocks;
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
        this.submittedHeight = checkpointer.mergedHeight();
        if (threaded) {
            inlineRecord = null;
            free = new OneToOneConcurrentArrayQueue<>(maxPending);
            pending = new OneToOneConcurrentArrayQueue<>(maxPending);
            for (int i = 0; i < maxPending; i++) {
                free.offer(new BlockRecord());
            }
            thread = new Thread(() -> {
                try {
                    onStart.run();
                } catch (final RuntimeException e) {
                    failure = e;
                    return;
                }
                run();
            }, name);
            thread.setDaemon(true);
            thread.start();
        } else {
            inlineRecord = new BlockRecord();
            free = null;
            pending = null;
            thread = null;
        }
    }

    /**
     * Lets the persistence thread fold chunks of the writer's seals ({@link SealShares#assist}) between its slices of
     * merging and checkpointing: a seal wakes it, and it takes chunks from the back while the writer folds from the
     * front. Before the first seal; nothing in inline mode.
     */
    void helpSeals(final SealShares shares) {
        if (thread != null) {
            seals = shares;
            shares.wakeOnSeal(thread);
        }
    }

    /** The persistence thread, or null in inline mode (for CPU accounting through ThreadMXBean). Any thread. */
    public Thread thread() {
        return thread;
    }

    /**
     * Writer thread: a free record to fill (waits while the thread holds every record).
     *
     * @throws StateException if the persistence failed
     */
    public BlockRecord acquire() {
        checkFailure();
        if (spare != null) {
            final BlockRecord r = spare;
            spare = null;
            return r;
        }
        if (thread == null) {
            return inlineRecord;
        }
        BlockRecord r;
        writerIdle.reset();
        while ((r = free.poll()) == null) {
            checkFailure();
            writerIdle.idle();
        }
        return r;
    }

    /** Writer thread: takes back an acquired record that was not submitted (its block was not sealed). */
    public void release(final BlockRecord record) {
        spare = record;
    }

    /**
     * Writer thread: hands over a finished record that the journal already holds. Never throws: its block is
     * sealed, so a persistence failure (now or earlier) is reported by the next {@link #acquire} instead.
     */
    public void submit(final BlockRecord record) {
        submittedHeight = record.height();
        if (thread == null) {
            try {
                checkpointer.merge(record);
                if (checkpointer.blocksSinceBegin() >= intervalBlocks) {
                    checkpointer.checkpointAll(true);
                }
            } catch (final RuntimeException e) {
                // The block is sealed (it is in the journal); the failure halts the store at the next call.
                failure = e;
            }
        } else {
            pending.offer(record);
            LockSupport.unpark(thread);
        }
    }

    /** Writer thread: waits until every submitted record is merged (not yet checkpointed). */
    public void drain() {
        while (stats.mergedHeight() < submittedHeight) {
            checkFailure();
            Thread.yield();
        }
    }

    /** Writer thread: checkpoints every submitted block and waits until the checkpoint is recorded. */
    public void checkpoint() {
        checkFailure();
        if (thread == null) {
            try {
                checkpointer.checkpointAll(true);
            } catch (final RuntimeException e) {
                failure = e;
                checkFailure();
            }
            return;
        }
        requestedHeight = submittedHeight;
        LockSupport.unpark(thread);
        while (stats.checkpointedHeight() < submittedHeight) {
            checkFailure();
            Thread.yield();
        }
    }

    private void run() {
        final IdleStrategy idle = new BackoffIdleStrategy(10, 10, 1_000, 1_000_000);
        long lastBegin = System.nanoTime();
        try {
            while (true) {
                int work = helpSeal();
                BlockRecord r;
                while ((r = pending.poll()) != null) {
                    checkpointer.merge(r);
                    free.offer(r);
                    work++;
                    if (!checkpointer.writing() && checkpointer.blocksSinceBegin() >= intervalBlocks) {
                        checkpointer.begin();
                        lastBegin = System.nanoTime();
                    }
                }
                if (checkpointer.writing()) {
                    work += 1 + checkpointer.writeSome(SLICE, true);
                } else if (checkpointer.mergedHeight() > checkpointer.begunHeight()) {
                    final long now = System.nanoTime();
                    if (now - lastBegin >= intervalNanos || requestedHeight > checkpointer.begunHeight() || !running) {
                        checkpointer.begin();
                        lastBegin = now;
                        work++;
                    }
                }
                if (work == 0) {
                    if (!running && pending.isEmpty()) {
                        return;
                    }
                    idle.idle();
                } else {
                    idle.reset();
                }
            }
        } catch (final Throwable t) {
            failure = t;
        }
    }

    /** Persistence thread: folds chunks of an open seal, if any; returns 1 if it did. */
    private int helpSeal() {
        final SealShares shares = seals;
        if (shares == null || !shares.open()) {
            return 0;
        }
        final long start = CPU.getCurrentThreadCpuTime();
        final boolean helped = shares.assist();
        stats.helpedSeal(CPU.getCurrentThreadCpuTime() - start);
        return helped ? 1 : 0;
    }

    private void checkFailure() {
        final Throwable t = failure;
        if (t != null) {
            throw new StateException("state persistence failed, the store is halted (its journal is kept; reopen to"
                + " recover the last sealed block): " + t, t);
        }
    }

    /**
     * Writer thread: stops the thread after it has merged and checkpointed everything submitted (inline: runs the
     * last checkpoint). Throws if the persistence failed, then or before.
     */
    @Override
    public void close() {
        if (thread != null) {
            running = false;
            LockSupport.unpark(thread);
            try {
                thread.join();
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StateException("interrupted while stopping the state persistence thread", e);
            }
            checkFailure();
        } else {
            checkpoint();
        }
    }
}
