package io.multilane.exec.replay;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Where a workload's files come from: a directory ({@link #directory}) or resources on the classpath
 * ({@link #classpath}, as {@link BundledWorkloads} ships them). A file is asked for by its CSV name
 * ({@code ops.csv}); the source stores it plain or gzipped ({@code ops.csv.gz}) and reads whichever
 * exists, the plain one if both do. Implementations are immutable and may be used from any thread;
 * each reader or stream belongs to the thread that opened it.
 */
public interface WorkloadSource {
    /** Suffix of a gzipped file. */
    String GZIP_SUFFIX = ".gz";

    /**
     * @param dir a directory holding the files plain or gzipped
     * @return a source reading that directory
     */
    static WorkloadSource directory(final Path dir) {
        return new DirectoryWorkloadSource(dir);
    }

    /**
     * @param loader      the class loader to read resources from
     * @param resourceDir resource path of the files' folder, ending in {@code /} (e.g.
     *                    {@code io/multilane/exec/replay/workloads/mainnet-pevm/})
     * @return a source reading those resources
     */
    static WorkloadSource classpath(final ClassLoader loader, final String resourceDir) {
        return new ClasspathWorkloadSource(loader, resourceDir);
    }

    /**
     * @param storedName a file name exactly as stored (e.g. {@code ops.csv.gz})
     * @return whether the source holds that file
     */
    boolean holds(String storedName);

    /**
     * @param storedName a file name exactly as stored
     * @return the stored bytes (still gzipped for a {@code .gz} name); the caller closes it
     * @throws IOException if the file is absent ({@link java.nio.file.NoSuchFileException}) or unreadable
     */
    InputStream openStored(String storedName) throws IOException;

    /**
     * @param storedName a file name exactly as stored
     * @return where that file is, for messages (a path, or {@code classpath:} and the resource)
     */
    String location(String storedName);

    /**
     * @param file a CSV name, e.g. {@code ops.csv}
     * @return the name it is stored under: {@code file} itself unless only {@code file.gz} exists
     */
    default String storedName(final String file) {
        return !holds(file) && holds(file + GZIP_SUFFIX) ? file + GZIP_SUFFIX : file;
    }

    /**
     * @param file a CSV name
     * @return whether the source holds it, plain or gzipped
     */
    default boolean contains(final String file) {
        return holds(file) || holds(file + GZIP_SUFFIX);
    }

    /**
     * Opens a CSV file as UTF-8 text, decompressing a gzipped one.
     *
     * @param file a CSV name
     * @return a reader; the caller closes it
     * @throws IOException if neither {@code file} nor {@code file.gz} can be read
     */
    default BufferedReader open(final String file) throws IOException {
        return new BufferedReader(new InputStreamReader(openDecompressed(file), StandardCharsets.UTF_8.newDecoder()));
    }

    /**
     * @param file a CSV name
     * @return its whole content, decompressed
     * @throws IOException if neither {@code file} nor {@code file.gz} can be read
     */
    default byte[] readAllBytes(final String file) throws IOException {
        try (InputStream in = openDecompressed(file)) {
            return in.readAllBytes();
        }
    }

    private InputStream openDecompressed(final String file) throws IOException {
        final String stored = storedName(file);
        final InputStream raw = openStored(stored);
        if (!stored.endsWith(GZIP_SUFFIX)) {
            return raw;
        }
        try {
            return new GZIPInputStream(raw, 1 << 16);
        } catch (IOException e) {
            raw.close();
            throw new IOException(location(stored) + ": " + e.getMessage(), e);
        }
    }
}
