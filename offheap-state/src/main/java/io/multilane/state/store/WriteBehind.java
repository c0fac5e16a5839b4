package io.multilane.state.store;

import java.nio.ByteOrder;
import java.util.concurrent.locks.LockSupport;

import io.multilane.state.StateException;
import io.multilane.state.key.StateKeys;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.OneToOneConcurrentArrayQueue;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Applies sealed {@link BlockRecord}s to the store of record (Chronicle) and then advances its metadata record
 * (applied height, root), either inline on the writer thread or on its own background thread.
 *
 * <p>The writer thread calls {@link #acquire} to get a free record, fills it, and {@link #submit}s it; with a
 * background thread a bounded pool of records circulates through two single-producer single-consumer queues,
 * so {@code acquire} waits only when {@code maxPending} blocks are still unapplied. {@link #appliedHeight} may
 * be read from any thread. A failure on the background thread is reported to the writer by the next
 * {@code acquire}, {@code submit} or {@link #drain}.
 */
public final class WriteBehind implements AutoCloseable {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private final ChronicleRecords records;
    private final ChronicleRecords.Cursor cursor;
    private final UnsafeBuffer meta;
    private final UnsafeBuffer metaKey = new UnsafeBuffer(new byte[StateKeys.LENGTH]);
    private final UnsafeBuffer root = new UnsafeBuffer(new byte[32]);
    private final BlockRecord inlineRecord;
    private final OneToOneConcurrentArrayQueue<BlockRecord> free;
    private final OneToOneConcurrentArrayQueue<BlockRecord> pending;
    private final Thread thread;
    private final int poolSize;
    private final IdleStrategy writerIdle = new BackoffIdleStrategy(1, 1, 1_000, 100_000);
    private volatile long appliedHeight;
    private volatile boolean running = true;
    private volatile Throwable failure;

    /**
     * @param meta       the current metadata record (copied)
     * @param threaded   apply on a background thread (true) or inline in {@link #submit}
     * @param maxPending records that may wait for the background thread
     */
    public WriteBehind(ChronicleRecords records, DirectBuffer meta, boolean threaded, int maxPending, String name) {
        this.records = records;
        this.cursor = records.cursor();
        this.meta = new UnsafeBuffer(new byte[MetaDescriptor.LENGTH]);
        this.meta.putBytes(0, meta, 0, MetaDescriptor.LENGTH);
        this.appliedHeight = this.meta.getLong(MetaDescriptor.APPLIED_HEIGHT_OFFSET, LE);
        this.poolSize = maxPending;
        if (threaded) {
            inlineRecord = null;
            free = new OneToOneConcurrentArrayQueue<>(maxPending);
            pending = new OneToOneConcurrentArrayQueue<>(maxPending);
            for (int i = 0; i < maxPending; i++) {
                free.offer(new BlockRecord());
            }
            thread = new Thread(this::run, name);
            thread.setDaemon(true);
            thread.start();
        } else {
            inlineRecord = new BlockRecord();
            free = null;
            pending = null;
            thread = null;
        }
    }

    /** Height of the last block whose writes and metadata are all in Chronicle. Any thread. */
    public long appliedHeight() {
        return appliedHeight;
    }

    /** Writer thread: a free record to fill (waits while the background thread is {@code maxPending} behind). */
    public BlockRecord acquire() {
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

    /** Writer thread: hands over a finished record that the journal already holds. */
    public void submit(BlockRecord record) {
        checkFailure();
        if (thread == null) {
            apply(record);
        } else {
            pending.offer(record);
            LockSupport.unpark(thread);
        }
    }

    /** Writer thread: waits until every submitted record is applied. */
    public void drain() {
        if (thread == null) {
            return;
        }
        while (!pending.isEmpty() || free.size() < poolSize) {
            checkFailure();
            Thread.yield();
        }
    }

    /** Applies one record to Chronicle, then its height and root to the metadata record. */
    public void apply(BlockRecord record) {
        final ExpandableDirectByteBuffer buf = record.buffer();
        final int count = buf.getInt(BlockRecordDescriptor.COUNT_OFFSET, LE);
        int at = BlockRecordDescriptor.HEADER_LENGTH;
        for (int i = 0; i < count; i++) {
            final int len = buf.getInt(at + BlockRecordDescriptor.ENTRY_LENGTH_OFFSET, LE);
            if (len == 0) {
                cursor.remove(buf, at);
            } else {
                cursor.put(buf, at, buf, at + BlockRecordDescriptor.ENTRY_HEADER_LENGTH, len);
            }
            at += BlockRecordDescriptor.ENTRY_HEADER_LENGTH + len;
        }
        root.putBytes(0, buf, at, 32);
        final long height = buf.getLong(BlockRecordDescriptor.HEIGHT_OFFSET, LE);
        meta.putLong(MetaDescriptor.APPLIED_HEIGHT_OFFSET, height, LE);
        meta.putBytes(MetaDescriptor.ROOT_OFFSET, root, 0, 32);
        cursor.put(metaKey, 0, meta, 0, MetaDescriptor.LENGTH);
        appliedHeight = height;
    }

    private void run() {
        final IdleStrategy idle = new BackoffIdleStrategy(10, 10, 1_000, 1_000_000);
        try {
            while (running || !pending.isEmpty()) {
                final BlockRecord r = pending.poll();
                if (r == null) {
                    idle.idle();
                    continue;
                }
                idle.reset();
                apply(r);
                free.offer(r);
            }
        } catch (final Throwable t) {
            failure = t;
        }
    }

    private void checkFailure() {
        final Throwable t = failure;
        if (t != null) {
            throw new StateException("write-behind to " + records.file() + " failed: " + t, t);
        }
    }

    /** Copies the current metadata record (height and root of the last applied block) into {@code dst}. */
    public void copyMeta(org.agrona.MutableDirectBuffer dst) {
        dst.putBytes(0, meta, 0, MetaDescriptor.LENGTH);
    }

    /** Stops the background thread after it has applied everything submitted. Writer thread. */
    @Override
    public void close() {
        if (thread != null) {
            running = false;
            LockSupport.unpark(thread);
            try {
                thread.join();
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StateException("interrupted while stopping write-behind", e);
            }
            checkFailure();
        }
    }
}
