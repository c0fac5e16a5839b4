package io.multilane.perf.report;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * Reads the JVM's garbage-collection counters and per-thread allocation, so that a run can
 * report GCs, GC time and allocated bytes after warm-up. Any thread; reads are cheap and
 * {@link #gcCount()} allocates nothing (the soak's progress line reads it every second), but
 * they are not for the per-transaction path.
 */
public final class JvmStats {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    /** Looked up once: {@code getGarbageCollectorMXBeans()} builds its list anew per call (~4 KB). */
    private static final GarbageCollectorMXBean[] COLLECTORS =
            ManagementFactory.getGarbageCollectorMXBeans().toArray(new GarbageCollectorMXBean[0]);

    private JvmStats() {
    }

    /**
     * Counts collections across all collectors since JVM start.
     *
     * @return the total collection count
     */
    public static long gcCount() {
        long count = 0;
        for (GarbageCollectorMXBean gc : COLLECTORS) {
            count += Math.max(0, gc.getCollectionCount());
        }
        return count;
    }

    /**
     * Sums the accumulated collection time across all collectors since JVM start.
     *
     * @return milliseconds spent in collections
     */
    public static long gcMillis() {
        long millis = 0;
        for (GarbageCollectorMXBean gc : COLLECTORS) {
            millis += Math.max(0, gc.getCollectionTime());
        }
        return millis;
    }

    /**
     * Bytes allocated so far by each of the given live threads, summed.
     *
     * @param threads the threads to measure
     * @return the sum of their allocated bytes (threads that ended count as 0)
     */
    public static long allocatedBytes(final Thread... threads) {
        long sum = 0;
        for (Thread t : threads) {
            final long bytes = THREADS.getThreadAllocatedBytes(t.getId());
            sum += Math.max(0, bytes);
        }
        return sum;
    }
}
