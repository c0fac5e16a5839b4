package io.multilane.perf.report;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.multilane.pipeline.Engine;
import io.multilane.state.StateStore;
import io.multilane.state.store.TieredStateStore;

/**
 * Per-stage CPU accounting: CPU time of each engine thread (ingress = the submitting thread, the lane
 * threads, the store's persistence thread) and of the serial executor, read with
 * {@code ThreadMXBean#getThreadCpuTime} at the start and the end of a measured window and divided by the
 * window's transactions. The lanes take the commit role in turns, so the role's share is the CPU they
 * spent in it ({@code EngineStats#commitRoleNanos}), split into commit and seal (the seal's own CPU clock),
 * and the rest of the lanes' CPU is execution (and waiting). It shows where the CPU goes, which stage is the
 * single-threaded ceiling ({@link Window#ceilingTps}) and how the engine's total compares with the
 * serial executor's.
 *
 * <p>In a soak the submitting thread also generates the blocks, so its "ingress" includes generation.
 *
 * <p>Report-side: a window is opened and closed by the thread it calls the ingress (or the serial
 * executor), between blocks; reads allocate and are not for the per-transaction path.
 */
public final class StageCpu {
    /** Name prefix of the state store's persistence threads. */
    public static final String PERSISTENCE_THREAD_PREFIX = "multilane-state";

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private StageCpu() {
    }

    /**
     * @param threads threads to read
     * @return their CPU time so far, summed (a thread that ended counts as 0)
     */
    public static long cpuNanos(final Thread... threads) {
        long sum = 0;
        for (Thread t : threads) {
            sum += Math.max(0, THREADS.getThreadCpuTime(t.getId()));
        }
        return sum;
    }

    /** @return the live threads whose name starts with {@link #PERSISTENCE_THREAD_PREFIX} */
    public static Thread[] persistenceThreads() {
        final List<Thread> found = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith(PERSISTENCE_THREAD_PREFIX)) {
                found.add(t);
            }
        }
        return found.toArray(new Thread[0]);
    }

    /**
     * Waits until the store's persistence has caught up with every sealed block, so that a window
     * closed afterwards charges the persistence of its blocks to them.
     *
     * @param store the store (only a {@link TieredStateStore} has background persistence)
     */
    public static void drainPersistence(final StateStore store) {
        if (store instanceof TieredStateStore) {
            ((TieredStateStore) store).flush();
        }
    }

    /**
     * Brings the store of record up to date: every sealed block checkpointed into Chronicle (a checkpoint already
     * running is waited for, and covers them when the cadence began it at the last block). Before a measured window,
     * genesis and setup are then not charged to it; at its end, the window then holds all the persistence work of its
     * blocks, for both executors alike (a checkpoint still running at the last seal would otherwise fall outside it
     * for one and not the other). Call between blocks, when no other thread writes the store.
     *
     * @param store the store (only a {@link TieredStateStore} checkpoints in the background)
     */
    public static void checkpoint(final StateStore store) {
        if (store instanceof TieredStateStore) {
            ((TieredStateStore) store).checkpoint();
        }
    }

    /**
     * Opens a window over the serial executor running on the calling thread.
     *
     * @param store the executor's store (its persistence thread's help with seals counts as the executor's)
     * @return the window; close it with {@link Window#closeSerial}
     */
    public static Window serial(final StateStore store) {
        final Window w = new Window(null, persistenceThreads());
        w.store = store;
        w.persistenceStart = cpuNanos(w.persistence);
        w.sealHelpStart = persistenceSealHelp(store);
        return w;
    }

    /**
     * Opens a window over an engine fed by the calling thread (the ingress).
     *
     * @param engine the running engine
     * @param store  the engine's store (its persistence thread's help with seals counts as the seal's)
     * @return the window; close it with {@link Window#closeEngine}
     */
    public static Window engine(final Engine engine, final StateStore store) {
        final Window w = new Window(engine, persistenceThreads());
        w.store = store;
        w.engineStart = w.sample();
        return w;
    }

    /** CPU the store's persistence thread spent helping seals since the store opened (0 for other stores). */
    private static long persistenceSealHelp(final StateStore store) {
        return store instanceof TieredStateStore ? ((TieredStateStore) store).persistenceStats().sealHelpNanos() : 0;
    }

    /** One measured window: CPU per transaction per stage. Owned by the thread that opened it. */
    public static final class Window {
        private final Engine engine;
        private final Thread[] persistence;
        private final Thread[] lanes;
        private StateStore store;
        private long persistenceStart;
        private long sealHelpStart;
        private long[] engineStart;
        private double serial = Double.NaN;
        private double serialPersistence = Double.NaN;
        private double ingress = Double.NaN;
        private double lanesPerTx = Double.NaN;
        private double commit = Double.NaN;
        private double seal = Double.NaN;
        /** The seal's CPU on the commit role's thread (the rest is other threads' help). */
        private double sealWriter = Double.NaN;
        private double enginePersistence = Double.NaN;

        private Window(final Engine engine, final Thread[] persistence) {
            this.engine = engine;
            this.persistence = persistence;
            lanes = engine == null ? new Thread[0] : engine.threads().toArray(new Thread[0]);
        }

        /**
         * @return so far: CPU of the ingress, of the lane threads, of the commit role and of its seals, of
         *         persistence, and of the help lanes, the ingress and the persistence thread gave seals
         */
        private long[] sample() {
            return new long[] {cpuNanos(Thread.currentThread()), cpuNanos(lanes), engine.stats().commitRoleNanos(),
                engine.stats().sealCpuNanos(), cpuNanos(persistence), engine.stats().sealAssistLaneNanos(),
                engine.stats().sealAssistIngressNanos(), persistenceSealHelp(store)};
        }

        /**
         * Marks the end of the ingress's work (call right after the last submit, before waiting for the
         * results): the submitting thread's CPU from here on is waiting, not ingress.
         */
        public void ingressDone() {
            ingress = cpuNanos(Thread.currentThread()) - engineStart[0];
        }

        /**
         * Closes a serial window.
         *
         * @param executorNanos CPU time of the executor's thread spent executing (the caller measures it around
         *                      each block, so encoding and setup are not charged)
         * @param store         the store, drained first
         * @param txs           transactions executed in the window
         * @return this window
         */
        public Window closeSerial(final long executorNanos, final StateStore store, final long txs) {
            drainPersistence(store);
            // the store's persistence thread helps the executor's seals: that CPU is the executor's work
            final long help = persistenceSealHelp(store) - sealHelpStart;
            serial = (double) (executorNanos + help) / txs;
            serialPersistence = (double) (cpuNanos(persistence) - persistenceStart - help) / txs;
            return this;
        }

        /**
         * Closes an engine window once every block submitted in it has completed.
         *
         * @param store the engine's store, drained first
         * @param txs   transactions committed in the window
         * @return this window
         */
        public Window closeEngine(final StateStore store, final long txs) {
            drainPersistence(store);
            final long[] end = sample();
            final double ingressNanos = Double.isNaN(ingress) ? end[0] - engineStart[0] : ingress;
            final long laneThreads = end[1] - engineStart[1];
            final long role = end[2] - engineStart[2];
            final long sealCpu = end[3] - engineStart[3];
            final long laneHelp = end[5] - engineStart[5];
            final long ingressHelp = end[6] - engineStart[6];
            final long persistenceHelp = end[7] - engineStart[7];
            // the submitter helps seals while it waits for room: that CPU is the seal's, not the ingress's
            ingress = (ingressNanos - ingressHelp) / txs;
            // the lane threads take the commit role and help seals: their CPU less both is execution (and waiting)
            commit = (double) (role - sealCpu) / txs;
            sealWriter = (double) sealCpu / txs;
            seal = (double) (sealCpu + laneHelp + ingressHelp + persistenceHelp) / txs;
            lanesPerTx = (double) (laneThreads - role - laneHelp) / txs;
            // the persistence thread folds chunks of seals when it has nothing else to do: that CPU is the seal's
            enginePersistence = (double) (end[4] - engineStart[4] - persistenceHelp) / txs;
            return this;
        }

        /** @return the engine's CPU per transaction over every stage */
        public double engineTotal() {
            return ingress + lanesPerTx + commit + seal + enginePersistence;
        }

        /** @return the serial executor's CPU per transaction, persistence included */
        public double serialTotal() {
            return serial + serialPersistence;
        }

        /**
         * The model ceiling: 1e9 over the largest single-threaded stage's CPU per transaction (ingress,
         * the commit role with its share of the seals, persistence), i.e. the rate that unlimited lanes would allow.
         *
         * @return transactions per second, a model
         */
        public double ceilingTps() {
            return 1e9 / Math.max(ingress, Math.max(commit + sealWriter, enginePersistence));
        }

        /**
         * Merges this engine window with a serial one of the same round.
         *
         * @param serialWindow the serial window
         * @return this window
         */
        public Window withSerial(final Window serialWindow) {
            serial = serialWindow.serial;
            serialPersistence = serialWindow.serialPersistence;
            return this;
        }

        /** @return the figures in the order of the {@code cpuNanosPerTx} JSON object */
        double[] values() {
            return new double[] {ingress, lanesPerTx, commit, seal, seal - sealWriter, enginePersistence, engineTotal(),
                serial, serialPersistence, serialTotal(), ceilingTps()};
        }
    }

    /** Names of {@link Window#values()}, as JSON keys. */
    static final String[] KEYS = {"ingress", "lanes", "commit", "seal", "sealHelped", "persistence", "engineTotal",
        "serial", "serialPersistence", "serialTotal", "ceilingTps"};

    /**
     * The median over rounds of each figure, as the {@code cpuNanosPerTx} JSON object (ns per transaction;
     * {@code ceilingTps} in transactions per second, labelled a model). Figures that a window did not measure
     * (serial ones in a soak) are left out.
     *
     * @param windows one closed window per round
     * @return the object
     */
    public static Json toJson(final List<Window> windows) {
        final double[] medians = medians(windows);
        final Json json = new Json();
        for (int k = 0; k < KEYS.length; k++) {
            if (!Double.isNaN(medians[k])) {
                if (k == KEYS.length - 1) {
                    json.put(KEYS[k], Math.round(medians[k]));
                } else {
                    json.put(KEYS[k], Math.round(medians[k] * 10) / 10.0);
                }
            }
        }
        json.put("ceilingTpsIs", "a model: 1e9 / the largest single-threaded stage (ingress, commit + the commit role's"
                + " share of the seal, persistence) in ns/tx");
        return json;
    }

    /**
     * A table of the medians, one stage a line.
     *
     * @param windows one closed window per round
     * @return the lines
     */
    public static String table(final List<Window> windows) {
        final double[] m = medians(windows);
        final StringBuilder sb = new StringBuilder("CPU per transaction (median of rounds, ThreadMXBean):\n");
        for (int k = 0; k < KEYS.length - 1; k++) {
            if (!Double.isNaN(m[k])) {
                sb.append(String.format(Locale.ROOT, "  %-18s %9.0f ns%n", KEYS[k], m[k]));
            }
        }
        sb.append(String.format(Locale.ROOT, "  %-18s %,9.0f tx/s (model: 1e9 / largest single-threaded stage)%n",
                KEYS[KEYS.length - 1], m[KEYS.length - 1]));
        return sb.toString();
    }

    private static double[] medians(final List<Window> windows) {
        final double[] out = new double[KEYS.length];
        final double[] column = new double[windows.size()];
        for (int k = 0; k < KEYS.length; k++) {
            for (int r = 0; r < windows.size(); r++) {
                column[r] = windows.get(r).values()[k];
            }
            out[k] = median(column);
        }
        return out;
    }

    /**
     * @param values values (not changed)
     * @return their median (the mean of the middle two for an even count); NaN when any value is NaN
     */
    public static double median(final double[] values) {
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        final int n = sorted.length;
        if (n == 0 || Double.isNaN(sorted[n - 1])) {
            return Double.NaN;
        }
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
