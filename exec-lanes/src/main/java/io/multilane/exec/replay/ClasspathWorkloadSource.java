package io.multilane.exec.replay;

import java.io.InputStream;
import java.nio.file.NoSuchFileException;

/**
 * A {@link WorkloadSource} over classpath resources under one folder (works from a jar too).
 * Immutable; any thread.
 */
final class ClasspathWorkloadSource implements WorkloadSource {
    private final ClassLoader loader;
    private final String resourceDir;

    ClasspathWorkloadSource(final ClassLoader loader, final String resourceDir) {
        if (!resourceDir.endsWith("/") || resourceDir.startsWith("/")) {
            throw new IllegalArgumentException("resource folder must be relative and end in '/': " + resourceDir);
        }
        this.loader = loader;
        this.resourceDir = resourceDir;
    }

    @Override
    public boolean holds(final String storedName) {
        return loader.getResource(resourceDir + storedName) != null;
    }

    @Override
    public InputStream openStored(final String storedName) throws NoSuchFileException {
        final InputStream in = loader.getResourceAsStream(resourceDir + storedName);
        if (in == null) {
            throw new NoSuchFileException(location(storedName));
        }
        return in;
    }

    @Override
    public String location(final String storedName) {
        return "classpath:" + resourceDir + storedName;
    }

    @Override
    public String toString() {
        return "classpath:" + resourceDir;
    }
}
