package io.multilane.perf.soak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import io.multilane.pipeline.PersistencePriority;
import io.multilane.state.DirectoryTree;
import io.multilane.state.StateConfig;
import io.multilane.state.StateStore;
import io.multilane.state.StateStores;

/**
 * Prepares the data directory of a run that starts from genesis: creates it, or empties it when it
 * holds a multilane store (its {@code state.lock} file), and refuses any other non-empty directory so
 * a mistyped {@code --data-dir} never deletes someone's files.
 * Setup code; any thread.
 */
public final class DataDirs {
    /** The file every multilane store directory holds. */
    static final String STORE_MARKER = "state.lock";

    private DataDirs() {
    }

    /**
     * @param dir the data directory
     * @throws IOException if it cannot be created or emptied
     * @throws IllegalArgumentException if it is a file, or a non-empty directory that is not a store
     */
    public static void prepareEmpty(final Path dir) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("data directory " + dir + " is a file");
        }
        if (Files.isDirectory(dir)) {
            try (Stream<Path> entries = Files.list(dir)) {
                if (entries.findAny().isPresent() && !Files.exists(dir.resolve(STORE_MARKER))) {
                    throw new IllegalArgumentException("data directory " + dir
                            + " is not empty and holds no multilane store: refusing to wipe it; name another --data-dir");
                }
            }
            DirectoryTree.empty(dir);
        }
        Files.createDirectories(dir);
    }

    /**
     * Opens a new store for a run from genesis: prepares its directory ({@link #prepareEmpty}) and opens it with
     * its persistence thread below the executing threads ({@link PersistencePriority#lowered}), as soak and bench run.
     *
     * @param config the store's configuration
     * @return the open, empty store
     * @throws IOException if the directory cannot be prepared
     */
    public static StateStore openEmpty(final StateConfig config) throws IOException {
        prepareEmpty(config.directory());
        return StateStores.open(PersistencePriority.lowered(config));
    }
}
