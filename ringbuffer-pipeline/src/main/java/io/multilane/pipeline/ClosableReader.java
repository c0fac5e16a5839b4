package io.multilane.pipeline;

import java.util.concurrent.atomic.AtomicInteger;

import io.multilane.state.StateReader;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The view of committed state {@link Engine#state()} hands out: reads from any thread until the engine closes,
 * then a clear {@link EngineException} instead of a read of freed memory (the store's off-heap tables are unmapped
 * by its close, and a read there would crash the JVM). Each read counts itself in before it checks the closed flag
 * and out when done; {@link #close} sets the flag and then waits for the reads in progress, so no read can still be
 * inside the store when the engine closes it. Any thread; allocation-free per read.
 */
final class ClosableReader implements StateReader {
    private final StateReader delegate;
    private final AtomicInteger reading = new AtomicInteger();
    private volatile boolean closed;

    ClosableReader(final StateReader delegate) {
        this.delegate = delegate;
    }

    @Override
    public int read(final DirectBuffer key, final int keyOffset, final MutableDirectBuffer dst, final int dstOffset) {
        reading.incrementAndGet();
        try {
            if (closed) {
                throw new EngineException(EngineException.Reason.CLOSED, "engine is closed: its state is no longer readable",
                        null);
            }
            return delegate.read(key, keyOffset, dst, dstOffset);
        } finally {
            reading.decrementAndGet();
        }
    }

    /** Closing thread: refuses later reads and waits for those in progress. */
    void close() {
        closed = true;
        while (reading.get() != 0) {
            Thread.onSpinWait();
        }
    }
}
