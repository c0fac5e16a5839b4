package io.multilane.perf.soak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Prepares the data directory of a run that starts from genesis: creates it, or empties it when it
 * holds a multilane store (its {@code state.lock} file), and refuses any other non-empty directory so
 * a mistyped {@code --data-dir} never deletes someone's files; {@link #deleteTree} is perf's one recursive delete.
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
            delete(dir, true);
        }
        Files.createDirectories(dir);
    }

    /**
     * Deletes a directory and everything below it (the one recursive delete of perf: temporary stores of
     * the replay CLI and the JMH states, a run's data directory).
     *
     * @param dir the directory; nothing happens if it does not exist
     * @throws IOException if a file cannot be deleted
     */
    public static void deleteTree(final Path dir) throws IOException {
        if (Files.exists(dir)) {
            delete(dir, false);
        }
    }

    private static void delete(final Path dir, final boolean keepRoot) throws IOException {
        try (Stream<Path> tree = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) tree.sorted(Comparator.reverseOrder())::iterator) {
                if (!keepRoot || !p.equals(dir)) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
