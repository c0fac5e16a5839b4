package io.multilane.perf.report;

import java.util.Locale;

import io.multilane.state.StateStore;
import io.multilane.state.store.PersistenceStats;
import io.multilane.state.store.TieredStateStore;

/**
 * The store's persistence over a measured window: block entries merged by the persistence thread,
 * Chronicle writes its checkpoints issued, their ratio (the dedup factor: how many block writes one
 * Chronicle put stands for), checkpoints, and the journal's size at the end. Report-side; the thread
 * that opens the window closes it.
 */
public final class PersistenceWindow {
    private final PersistenceStats stats;
    private final long entries;
    private final long writes;
    private final long checkpoints;

    private PersistenceWindow(final PersistenceStats stats) {
        this.stats = stats;
        this.entries = stats == null ? 0 : stats.entriesMerged();
        this.writes = stats == null ? 0 : stats.chronicleWrites();
        this.checkpoints = stats == null ? 0 : stats.checkpoints();
    }

    /**
     * @param store the store (only a {@link TieredStateStore} persists in the background)
     * @return a window opened now
     */
    public static PersistenceWindow open(final StateStore store) {
        return new PersistenceWindow(store instanceof TieredStateStore ? ((TieredStateStore) store).persistenceStats()
                : null);
    }

    /**
     * @param txs transactions in the window
     * @return the window's figures, or null for a store without background persistence
     */
    public Json close(final long txs) {
        if (stats == null) {
            return null;
        }
        final long merged = stats.entriesMerged() - entries;
        final long written = stats.chronicleWrites() - writes;
        return new Json()
                .put("entriesMerged", merged)
                .put("chronicleWrites", written)
                .put("dedupFactor", written == 0 ? 0.0 : Math.round(100.0 * merged / written) / 100.0)
                .put("chronicleWritesPerTx", Math.round(1000.0 * written / Math.max(1, txs)) / 1000.0)
                .put("checkpoints", stats.checkpoints() - checkpoints)
                .put("journalBytes", stats.journalBytes());
    }

    /**
     * @param json a closed window's figures (may be null)
     * @return one line for the console
     */
    public static String line(final Json json) {
        if (json == null) {
            return "";
        }
        return String.format(Locale.ROOT, "persistence: %s entries merged, %s Chronicle writes (dedup %sx), "
                + "%s checkpoints, journal %s bytes%n", json.get("entriesMerged"), json.get("chronicleWrites"),
                json.get("dedupFactor"), json.get("checkpoints"), json.get("journalBytes"));
    }
}
