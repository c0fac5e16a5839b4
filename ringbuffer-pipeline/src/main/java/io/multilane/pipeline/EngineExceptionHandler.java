package io.multilane.pipeline;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import com.lmax.disruptor.ExceptionHandler;

/**
 * Keeps the engine's threads alive after an unexpected exception and reports it through
 * {@link System.Logger} (logger {@code io.multilane.pipeline.Engine}, level ERROR, with the stack
 * trace), at most once per {@link #INTERVAL_NANOS}: exceptions in between are counted and the count
 * is reported with the next one, so a fault that repeats on every event cannot flood the log or
 * slow the engine down with I/O. Shared by every engine thread; thread-safe (a lock, taken only
 * when an exception is thrown).
 */
final class EngineExceptionHandler implements ExceptionHandler<TxSlot> {
    /** At most one report per 10 seconds. */
    static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final System.Logger log;
    private final LongSupplier nanoClock;
    private boolean reported;
    private long lastReport;
    private long suppressed;

    EngineExceptionHandler() {
        this(System.getLogger(Engine.class.getName()), System::nanoTime);
    }

    /**
     * @param log where reports go
     * @param nanoClock monotonic nanoseconds (tests drive it)
     */
    EngineExceptionHandler(final System.Logger log, final LongSupplier nanoClock) {
        this.log = log;
        this.nanoClock = nanoClock;
    }

    @Override
    public void handleEventException(final Throwable ex, final long sequence, final TxSlot event) {
        report(ex, "unexpected exception at sequence " + sequence);
    }

    @Override
    public void handleOnStartException(final Throwable ex) {
        report(ex, "failed to start");
    }

    @Override
    public void handleOnShutdownException(final Throwable ex) {
        report(ex, "failed to shut down");
    }

    /** @return exceptions seen since the last report and not reported yet */
    synchronized long suppressed() {
        return suppressed;
    }

    private void report(final Throwable ex, final String what) {
        final long suppressedBefore;
        synchronized (this) {
            final long now = nanoClock.getAsLong();
            if (reported && now - lastReport < INTERVAL_NANOS) {
                suppressed++;
                return;
            }
            reported = true;
            lastReport = now;
            suppressedBefore = suppressed;
            suppressed = 0;
        }
        log.log(System.Logger.Level.ERROR, "multilane engine: " + Thread.currentThread().getName() + ": " + what
                + (suppressedBefore > 0 ? " (" + suppressedBefore + " more since the last report, not logged)" : ""), ex);
    }
}
