package io.multilane.affinity;

import java.util.concurrent.atomic.AtomicReference;

/** Runs test code on a new thread, so pinning never sticks to the test runner's thread; rethrows its failure. */
final class FreshThread {
    private FreshThread() {
    }

    /** Code that may throw. */
    interface Body {
        void run() throws Exception;
    }

    static void run(final String name, final Body body) throws InterruptedException {
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Thread thread = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable t) {
                failure.set(t);
            }
        }, name);
        thread.start();
        thread.join();
        if (failure.get() != null) {
            throw new AssertionError("on thread " + name + ": " + failure.get(), failure.get());
        }
    }
}
