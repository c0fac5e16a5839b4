package io.multilane.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Deletes a directory with everything below it, or empties it: the one recursive delete of the project (a
 * store's directory, a cluster member's stale store, a run's temporary or data directory, tests' stores).
 * Here because a store directory is what every caller deletes, and every module that deletes one depends on
 * offheap-state. Any thread.
 */
public final class DirectoryTree {
    private DirectoryTree() {
    }

    /**
     * @param dir the directory (nothing happens if it does not exist)
     * @throws IOException if a file cannot be deleted
     */
    public static void delete(final Path dir) throws IOException {
        delete(dir, false);
    }

    /**
     * Deletes everything below a directory and keeps the directory.
     *
     * @param dir the directory (nothing happens if it does not exist)
     * @throws IOException if a file cannot be deleted
     */
    public static void empty(final Path dir) throws IOException {
        delete(dir, true);
    }

    private static void delete(final Path dir, final boolean keepRoot) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (final Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                if (!keepRoot || !p.equals(dir)) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
