package io.multilane.state.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.multilane.state.key.KeyType;
import io.multilane.state.key.StateKeys;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * One writer and one reader thread (two spinning threads, the box's cores) hammer a small fast-tier table for a
 * bounded time. The writer rewrites 144-byte records whose 18 words all carry the same counter, and constantly
 * deletes and re-inserts "churn" keys so that backward-shift deletion keeps moving the "pinned" keys. The reader
 * asserts that every record it reads is whole (all words equal, never a mix of two writes) and that a pinned key,
 * which is never deleted, is never reported absent while it moves.
 */
class TornReadStressTest {
    private static final int PINNED = 24;
    private static final int CHURN = 24;
    private static final long RUN_NANOS = 1_500_000_000L;

    @Test
    void readsAreNeverTornAndMovingKeysAreNeverMissing() throws Exception {
        try (FastTable table = new FastTable(PINNED + CHURN)) {
            final UnsafeBuffer key = new UnsafeBuffer(new byte[32]);
            final UnsafeBuffer value = new UnsafeBuffer(new byte[144]);
            for (int i = 0; i < PINNED; i++) {
                pinnedKey(key, i);
                fill(value, 1);
                table.insert(key, 0, value, 0, 144, 0);
            }
            final AtomicBoolean stop = new AtomicBoolean();
            final AtomicReference<Throwable> failure = new AtomicReference<>();
            final AtomicLong reads = new AtomicLong();
            final AtomicLong writes = new AtomicLong();
            final Thread reader = new Thread(() -> {
                final UnsafeBuffer k = new UnsafeBuffer(new byte[32]);
                final UnsafeBuffer out = new UnsafeBuffer(new byte[144]);
                long n = 0;
                long pass = 0;
                try {
                    while (!stop.get()) {
                        // Every other pass reads only the pinned keys, the ones deletions move.
                        final int keys = (pass++ & 1) == 0 ? PINNED : PINNED + CHURN;
                        for (int i = 0; i < keys; i++) {
                            final boolean pinned = i < PINNED;
                            if (pinned) {
                                pinnedKey(k, i);
                            } else {
                                churnKey(k, i - PINNED);
                            }
                            final int len = table.get(k, 0, out, 0);
                            if (pinned) {
                                assertEquals(144, len, "pinned key " + i + " reported absent");
                            }
                            if (len > 0) {
                                final long first = out.getLong(0);
                                for (int w = 8; w < len; w += 8) {
                                    if (out.getLong(w) != first) {
                                        throw new AssertionError("torn read of key " + i + ": word " + w / 8 + " = "
                                            + out.getLong(w) + " but word 0 = " + first);
                                    }
                                }
                            }
                            n++;
                        }
                    }
                } catch (final Throwable t) {
                    failure.compareAndSet(null, t);
                }
                reads.set(n);
            }, "reader");
            final Thread writer = new Thread(() -> {
                final UnsafeBuffer k = new UnsafeBuffer(new byte[32]);
                final UnsafeBuffer v = new UnsafeBuffer(new byte[144]);
                long counter = 2;
                final long end = System.nanoTime() + RUN_NANOS;
                try {
                    while (System.nanoTime() < end && failure.get() == null) {
                        for (int i = 0; i < PINNED; i += 4) {
                            pinnedKey(k, i + (int) (counter & 3));
                            fill(v, counter++);
                            table.replace(table.find(k, 0), v, 0, 144);
                        }
                        for (int i = 0; i < CHURN; i++) {
                            churnKey(k, i);
                            final long index = table.find(k, 0);
                            if (index >= 0) {
                                table.delete(index);
                            } else {
                                fill(v, counter++);
                                table.insert(k, 0, v, 0, 144, 0);
                            }
                        }
                        writes.addAndGet(PINNED / 4 + CHURN);
                    }
                } catch (final Throwable t) {
                    failure.compareAndSet(null, t);
                }
                stop.set(true);
            }, "writer");
            reader.start();
            writer.start();
            writer.join();
            reader.join();
            if (failure.get() != null) {
                throw new AssertionError(failure.get());
            }
            System.out.println("TornReadStressTest: " + writes.get() + " writes, " + reads.get() + " reads");
            assertTrue(writes.get() > 10_000 && reads.get() > 10_000, "too little concurrency to prove anything");
        }
    }

    private static void pinnedKey(final UnsafeBuffer key, final int i) {
        StateKeys.encode(key, 0, KeyType.LENDING_MARKET, 1000 + i, 0, 0);
    }

    private static void churnKey(final UnsafeBuffer key, final int i) {
        StateKeys.encode(key, 0, KeyType.LENDING_MARKET, 5000 + i, 0, 0);
    }

    private static void fill(final UnsafeBuffer v, final long c) {
        for (int w = 0; w < 144; w += 8) {
            v.putLong(w, c);
        }
    }
}
