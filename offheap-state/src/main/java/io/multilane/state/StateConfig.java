package io.multilane.state;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Immutable configuration of a state store: data directory, capacity and the fast-tier options.
 *
 * <p>Build it on any thread with {@link #of} and the {@code with*} methods (each returns a copy), then pass
 * it to {@link StateStores#open}. The capacity ({@link #entries}, {@link #averageValueSize}) sizes the files
 * when the store is created; reopening an existing store keeps the size it was created with.
 */
public final class StateConfig {
    /** Default average record size used to size the Chronicle file (accounts and balances dominate). */
    public static final int DEFAULT_AVERAGE_VALUE_SIZE = 40;
    /** Default journal size above which a seal empties it (once everything in it is applied). */
    public static final long DEFAULT_JOURNAL_TRUNCATE_BYTES = 64L << 20;

    private final Path directory;
    private final long entries;
    private final int averageValueSize;
    private final boolean syncOnSeal;
    private final boolean writeBehindThread;
    private final int maxPendingBlocks;
    private final long journalTruncateBytes;

    private StateConfig(Path directory, long entries, int averageValueSize, boolean syncOnSeal,
                        boolean writeBehindThread, int maxPendingBlocks, long journalTruncateBytes) {
        this.directory = Objects.requireNonNull(directory, "directory");
        if (entries < 1) {
            throw new IllegalArgumentException("entries must be >= 1: " + entries);
        }
        if (averageValueSize < 1 || averageValueSize > 144) {
            throw new IllegalArgumentException("averageValueSize must be in 1..144: " + averageValueSize);
        }
        if (maxPendingBlocks < 1) {
            throw new IllegalArgumentException("maxPendingBlocks must be >= 1: " + maxPendingBlocks);
        }
        this.entries = entries;
        this.averageValueSize = averageValueSize;
        this.syncOnSeal = syncOnSeal;
        this.writeBehindThread = writeBehindThread;
        this.maxPendingBlocks = maxPendingBlocks;
        this.journalTruncateBytes = journalTruncateBytes;
    }

    /**
     * A store in {@code directory} holding up to {@code entries} records; journal fsync on seal, write-behind
     * to Chronicle on a background thread, at most 4 sealed blocks pending.
     */
    public static StateConfig of(Path directory, long entries) {
        return new StateConfig(directory, entries, DEFAULT_AVERAGE_VALUE_SIZE, true, true, 4, DEFAULT_JOURNAL_TRUNCATE_BYTES);
    }

    public StateConfig withAverageValueSize(int bytes) {
        return new StateConfig(directory, entries, bytes, syncOnSeal, writeBehindThread, maxPendingBlocks, journalTruncateBytes);
    }

    /** Whether {@code seal} forces the journal to the device (power-loss safe) or only to the OS (kill-safe). */
    public StateConfig withSyncOnSeal(boolean sync) {
        return new StateConfig(directory, entries, averageValueSize, sync, writeBehindThread, maxPendingBlocks,
            journalTruncateBytes);
    }

    /** Whether sealed blocks are applied to Chronicle by a background thread (true) or inside {@code seal}. */
    public StateConfig withWriteBehindThread(boolean thread) {
        return new StateConfig(directory, entries, averageValueSize, syncOnSeal, thread, maxPendingBlocks, journalTruncateBytes);
    }

    /** How many sealed blocks may wait for write-behind before {@code seal} waits for the background thread. */
    public StateConfig withMaxPendingBlocks(int blocks) {
        return new StateConfig(directory, entries, averageValueSize, syncOnSeal, writeBehindThread, blocks, journalTruncateBytes);
    }

    /** The journal is emptied at a seal once it exceeds this size and write-behind has caught up. */
    public StateConfig withJournalTruncateBytes(long bytes) {
        return new StateConfig(directory, entries, averageValueSize, syncOnSeal, writeBehindThread, maxPendingBlocks,
            bytes);
    }

    public long journalTruncateBytes() {
        return journalTruncateBytes;
    }

    public Path directory() {
        return directory;
    }

    public long entries() {
        return entries;
    }

    public int averageValueSize() {
        return averageValueSize;
    }

    public boolean syncOnSeal() {
        return syncOnSeal;
    }

    public boolean writeBehindThread() {
        return writeBehindThread;
    }

    public int maxPendingBlocks() {
        return maxPendingBlocks;
    }

    @Override
    public String toString() {
        return "StateConfig{directory=" + directory + ", entries=" + entries + ", averageValueSize=" + averageValueSize
            + ", syncOnSeal=" + syncOnSeal + ", writeBehindThread=" + writeBehindThread
            + ", maxPendingBlocks=" + maxPendingBlocks + ", journalTruncateBytes=" + journalTruncateBytes + '}';
    }
}
