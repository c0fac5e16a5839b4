package io.multilane.state.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import io.multilane.state.StateException;

/**
 * The data directory of one store: checks it is a writable directory, holds an exclusive lock on it for the
 * life of the store (two processes never open one store), and keeps the "open" marker that tells the next
 * opener whether the last process closed the store cleanly.
 *
 * <p>Used by the thread that opens and closes the store; {@link #force} by any thread.
 */
public final class DataDirectory implements AutoCloseable {
    private static final String LOCK_FILE = "state.lock";
    private static final String OPEN_MARKER = "state.open";

    private final Path directory;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final boolean uncleanShutdown;

    private DataDirectory(final Path directory, final FileChannel lockChannel, final FileLock lock,
            final boolean uncleanShutdown) {
        this.directory = directory;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.uncleanShutdown = uncleanShutdown;
    }

    /** Creates the directory if needed, checks it is writable, locks it and marks the store open. */
    public static DataDirectory acquire(final Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (final IOException e) {
            throw new StateException("cannot create state data directory " + directory + ": " + e, e);
        }
        if (!Files.isDirectory(directory)) {
            throw new StateException("state data directory " + directory + " is not a directory");
        }
        if (!Files.isWritable(directory)) {
            throw new StateException("state data directory " + directory + " is not writable");
        }
        final FileChannel ch;
        try {
            ch = FileChannel.open(directory.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (final IOException e) {
            throw new StateException("state data directory " + directory + " is not writable: " + e, e);
        }
        final FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (final IOException | OverlappingFileLockException e) {
            closeQuietly(ch);
            throw new StateException("state data directory " + directory + " is already open in this process", e);
        }
        if (lock == null) {
            closeQuietly(ch);
            throw new StateException("state data directory " + directory + " is locked by another process");
        }
        final Path marker = directory.resolve(OPEN_MARKER);
        final boolean unclean = Files.exists(marker);
        try {
            if (!unclean) {
                Files.createFile(marker);
            }
        } catch (final IOException e) {
            closeQuietly(ch);
            throw new StateException("cannot write " + marker + ": " + e, e);
        }
        return new DataDirectory(directory, ch, lock, unclean);
    }

    public Path path() {
        return directory;
    }

    /** True when the previous process did not close the store (crash or kill): run recovery. */
    public boolean uncleanShutdown() {
        return uncleanShutdown;
    }

    public Path resolve(final String name) {
        return directory.resolve(name);
    }

    /**
     * Forces the directory itself to the device, so that files created (or deleted) in it survive a power loss.
     * Any thread.
     */
    public void force() throws IOException {
        forceDirectory(directory);
    }

    /** Forces the directory {@code directory} (its entries: created, renamed, deleted files) to the device. */
    static void forceDirectory(final Path directory) throws IOException {
        try (FileChannel ch = FileChannel.open(directory, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    /** Marks the store cleanly closed and releases the lock. Call after every file is flushed and closed. */
    public void closeClean() {
        try {
            Files.deleteIfExists(directory.resolve(OPEN_MARKER));
        } catch (final IOException e) {
            throw new StateException("cannot remove " + directory.resolve(OPEN_MARKER) + ": " + e, e);
        } finally {
            close();
        }
    }

    /** Releases the lock without marking a clean close (the next open runs recovery). */
    @Override
    public void close() {
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } catch (final IOException ignored) {
            // The lock dies with the channel below.
        }
        closeQuietly(lockChannel);
    }

    private static void closeQuietly(final FileChannel ch) {
        try {
            ch.close();
        } catch (final IOException ignored) {
            // Nothing to recover: the channel was only used for the lock.
        }
    }
}
