package io.multilane.exec.replay;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A {@link WorkloadSource} over a directory. Immutable; any thread.
 */
final class DirectoryWorkloadSource implements WorkloadSource {
    private final Path dir;

    DirectoryWorkloadSource(final Path dir) {
        this.dir = dir;
    }

    @Override
    public boolean holds(final String storedName) {
        return Files.isRegularFile(dir.resolve(storedName));
    }

    @Override
    public InputStream openStored(final String storedName) throws IOException {
        return Files.newInputStream(dir.resolve(storedName));
    }

    @Override
    public String location(final String storedName) {
        return dir.resolve(storedName).toString();
    }

    @Override
    public String toString() {
        return dir.toString();
    }
}
