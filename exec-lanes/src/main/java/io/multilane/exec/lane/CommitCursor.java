package io.multilane.exec.lane;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The ring sequence of the last transaction the commit stage has applied to committed state (-1 before
 * the first). The commit stage is its only writer ({@link #publish}, a release store after each applied
 * transaction); lanes read it ({@link #get}, an acquire load) to decide whether an entry of their
 * overlay is still uncommitted. Padded on both sides against false sharing (HotSpot keeps same-typed
 * fields of one class in declaration order).
 */
public final class CommitCursor {
    private static final VarHandle VALUE;

    static {
        try {
            VALUE = MethodHandles.lookup().findVarHandle(CommitCursor.class, "value", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    long p01;
    long p02;
    long p03;
    long p04;
    long p05;
    long p06;
    long p07;
    private volatile long value = -1L;
    long p11;
    long p12;
    long p13;
    long p14;
    long p15;
    long p16;
    long p17;

    /** @return the last committed sequence (acquire) */
    public long get() {
        return (long) VALUE.getAcquire(this);
    }

    /**
     * Publishes progress; commit stage only.
     *
     * @param sequence the last committed sequence
     */
    public void publish(final long sequence) {
        VALUE.setRelease(this, sequence);
    }
}
