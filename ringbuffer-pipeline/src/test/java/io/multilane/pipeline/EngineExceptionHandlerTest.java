package io.multilane.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

/**
 * The engine's exception handler logs through System.Logger, at most once per interval, and says how
 * many it held back: an exception thrown on every event cannot flood the log (the attack: a block
 * crafted so that a program throws in every lane, millions of times). Driven by a controllable clock.
 */
class EngineExceptionHandlerTest {
    private final List<String> messages = new ArrayList<>();
    private final List<Throwable> thrown = new ArrayList<>();
    private final AtomicLong now = new AtomicLong(1_000);
    private final EngineExceptionHandler handler = new EngineExceptionHandler(new Capture(), now::get);

    @Test
    void theFirstExceptionIsLoggedWithItsStackAndSequence() {
        final IllegalStateException boom = new IllegalStateException("boom");
        handler.handleEventException(boom, 42, null);
        assertEquals(1, messages.size());
        assertTrue(messages.get(0).contains("sequence 42"), messages.get(0));
        assertSame(boom, thrown.get(0));
    }

    @Test
    void aFloodIsHeldBackAndCountedUntilTheIntervalHasPassed() {
        for (int i = 0; i < 100_000; i++) {
            handler.handleEventException(new IllegalStateException("again"), i, null);
            now.addAndGet(1_000);
        }
        assertEquals(1, messages.size(), "one report in 100 ms of exceptions");
        assertEquals(99_999, handler.suppressed());
        now.addAndGet(EngineExceptionHandler.INTERVAL_NANOS);
        handler.handleOnShutdownException(new IllegalStateException("last"));
        assertEquals(2, messages.size());
        assertTrue(messages.get(1).contains("failed to shut down") && messages.get(1).contains("99999 more"), messages.get(1));
        assertEquals(0, handler.suppressed());
    }

    /** A System.Logger that keeps what it is given. */
    private final class Capture implements System.Logger {
        @Override
        public String getName() {
            return "capture";
        }

        @Override
        public boolean isLoggable(final Level level) {
            return true;
        }

        @Override
        public void log(final Level level, final ResourceBundle bundle, final String msg, final Throwable error) {
            messages.add(msg);
            thrown.add(error);
        }

        @Override
        public void log(final Level level, final ResourceBundle bundle, final String format, final Object... params) {
            messages.add(format);
        }

        @Override
        public void log(final Level level, final Supplier<String> msgSupplier, final Throwable error) {
            log(level, (ResourceBundle) null, msgSupplier.get(), error);
        }
    }
}
