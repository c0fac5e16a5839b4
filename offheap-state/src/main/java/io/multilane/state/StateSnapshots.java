package io.multilane.state;

import java.nio.file.Path;

import io.multilane.state.store.SnapshotFile;
import io.multilane.state.store.TieredStateStore;

/**
 * Snapshot export and import: the whole state at a sealed height in one file, verified by its root on import.
 *
 * <p>{@link #export} runs on the store's writer thread between blocks. {@link #importTo} runs on the thread that
 * will own the new store.
 */
public final class StateSnapshots {
    private StateSnapshots() {
    }

    /** Writes the store's state (records in ascending key order, height, root) to {@code file}. */
    public static void export(final StateStore store, final Path file) {
        SnapshotFile.export(store, file);
    }

    /**
     * Creates a new store in {@code config.directory()} from {@code file} and opens it at the snapshot's height.
     * Every record is validated (key of a known type, its type's length, keys strictly ascending so none repeats,
     * not all zero bytes) and the root recomputed; on any failure everything the import created is deleted, so the
     * directory holds no store and a later import or open into it works.
     *
     * @throws StateException if the directory already holds a store, or the file is truncated, corrupt, holds a
     *                        record that fails validation (the message names the file and the record's index), or
     *                        does not hash to the root it records.
     */
    public static StateStore importTo(final Path file, final StateConfig config) {
        return TieredStateStore.importSnapshot(file, config);
    }
}
