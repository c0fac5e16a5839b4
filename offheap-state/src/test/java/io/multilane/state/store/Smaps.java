package io.multilane.state.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test helper: this process's view of a file's mappings, summed from {@code /proc/self/smaps}. */
final class Smaps {
    private Smaps() {
    }

    /** Kilobytes of the smaps fields named (e.g. {@code "Rss"}) summed over every mapping of {@code file}. */
    static long kb(final Path file, final String... fields) {
        final String name = " " + file.toAbsolutePath();
        long kb = 0;
        try {
            boolean inFile = false;
            for (final String line : Files.readAllLines(Path.of("/proc/self/smaps"))) {
                if (line.matches("^[0-9a-f]+-[0-9a-f]+ .*")) {
                    inFile = line.endsWith(name);
                } else if (inFile) {
                    for (final String field : fields) {
                        if (line.startsWith(field + ":")) {
                            kb += Long.parseLong(line.replaceAll("[^0-9]", ""));
                        }
                    }
                }
            }
        } catch (final IOException e) {
            throw new IllegalStateException("cannot read /proc/self/smaps", e);
        }
        return kb;
    }
}
