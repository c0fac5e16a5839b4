package io.multilane.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Deletes a directory with everything below it (a member's stale store, a run's temporary directory). Any thread. */
public final class DirectoryTree {
    private DirectoryTree() {
    }

    /**
     * @param dir the directory (nothing happens if it does not exist)
     * @throws IOException if a file cannot be deleted
     */
    public static void delete(final Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (final Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
