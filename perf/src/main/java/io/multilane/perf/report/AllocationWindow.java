package io.multilane.perf.report;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Heap bytes every Java thread allocated over a measured window ({@code ThreadMXBean#getThreadAllocatedBytes} of
 * all live threads at the start and at the end): the whole JVM's allocation rate, which is what fills the young
 * generation and so decides whether a run sees a GC, and which threads it comes from. A thread that started in
 * the window counts from zero; one that ended in it is missed (its bytes are gone from the counters), and so is
 * what the JVM allocates outside Java threads. Report-side: open and close allocate; the thread that opens the
 * window closes it.
 */
public final class AllocationWindow {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final Map<Long, Long> before;

    private AllocationWindow(final Map<Long, Long> before) {
        this.before = before;
    }

    /** @return a window opened now */
    public static AllocationWindow open() {
        return new AllocationWindow(allocatedById());
    }

    /**
     * @param seconds the window's length
     * @return {@code bytesPerSecond} (all threads) and {@code byThread} (bytes per thread name, threads that
     *         allocated anything, by name)
     */
    public Json close(final double seconds) {
        final Map<Long, Long> after = allocatedById();
        final Map<Long, String> names = new HashMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            names.put(t.getId(), t.getName());
        }
        final Map<String, Long> byName = new TreeMap<>();
        long sum = 0;
        for (Map.Entry<Long, Long> e : after.entrySet()) {
            final long bytes = e.getValue() - before.getOrDefault(e.getKey(), 0L);
            if (bytes > 0) {
                byName.merge(names.getOrDefault(e.getKey(), "thread " + e.getKey()), bytes, Long::sum);
                sum += bytes;
            }
        }
        final Json threads = new Json();
        byName.forEach(threads::put);
        return new Json().put("bytesPerSecond", Math.round(sum / Math.max(1e-9, seconds)))
                .put("bytes", sum).put("byThread", threads);
    }

    private static Map<Long, Long> allocatedById() {
        final long[] ids = THREADS.getAllThreadIds();
        final long[] bytes = THREADS.getThreadAllocatedBytes(ids);
        final Map<Long, Long> out = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            if (bytes[i] >= 0) {
                out.put(ids[i], bytes[i]);
            }
        }
        return out;
    }
}
