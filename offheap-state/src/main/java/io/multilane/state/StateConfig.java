package io.multilane.state;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;

import io.multilane.state.key.KeyType;

/**
 * Immutable configuration of a state store: data directory, capacity, durability and the persistence options.
 *
 * <p>Build it on any thread with {@link #of} and the {@code with*} methods (each returns a copy), then pass
 * it to {@link StateStores#open}. The capacity ({@link #entries}, {@link #averageValueSize}) sizes the files
 * when the store is created; reopening an existing store keeps the size it was created with.
 */
public final class StateConfig {
    /** Default average record size used to size the Chronicle file (accounts and balances dominate). */
    public static final int DEFAULT_AVERAGE_VALUE_SIZE = 40;
    /** Default size at which the journal starts a new segment file. */
    public static final long DEFAULT_JOURNAL_SEGMENT_BYTES = 64L << 20;
    /** Default number of sealed blocks between two checkpoints of the store of record. */
    public static final int DEFAULT_CHECKPOINT_INTERVAL_BLOCKS = 1000;
    /** Default time between two checkpoints when fewer blocks were sealed (background thread only). */
    public static final long DEFAULT_CHECKPOINT_INTERVAL_MILLIS = 1000;
    /** Default number of sealed blocks that may wait for the persistence thread. */
    public static final int DEFAULT_MAX_PENDING_BLOCKS = 4;

    /**
     * How the store of record's pages reach the device unless configured otherwise: each checkpoint drops its
     * page-table entries behind it, so the kernel's writeback interrupts no engine thread ({@link Writeback}).
     */
    public static final Writeback DEFAULT_WRITEBACK = Writeback.DROP_BEHIND;
    private final Path directory;
    private final long entries;
    private final int averageValueSize;
    private final boolean syncOnSeal;
    private final boolean writeBehindThread;
    private final boolean persistenceHelpsSeals;
    private final Writeback writeback;
    private final int maxPendingBlocks;
    private final long journalSegmentBytes;
    private final int checkpointIntervalBlocks;
    private final long checkpointIntervalMillis;
    private final Runnable persistenceThreadStart;

    /** The mutable values a {@code with*} method changes in a copy. */
    private static final class Values {
        Path directory;
        long entries;
        int averageValueSize = DEFAULT_AVERAGE_VALUE_SIZE;
        boolean syncOnSeal = true;
        boolean writeBehindThread = true;
        boolean persistenceHelpsSeals;
        Writeback writeback = DEFAULT_WRITEBACK;
        int maxPendingBlocks = DEFAULT_MAX_PENDING_BLOCKS;
        long journalSegmentBytes = DEFAULT_JOURNAL_SEGMENT_BYTES;
        int checkpointIntervalBlocks = DEFAULT_CHECKPOINT_INTERVAL_BLOCKS;
        long checkpointIntervalMillis = DEFAULT_CHECKPOINT_INTERVAL_MILLIS;
        Runnable persistenceThreadStart = NO_START;
    }

    private static final Runnable NO_START = () -> { };

    private StateConfig(final Values v) {
        this.directory = Objects.requireNonNull(v.directory, "directory");
        require(v.entries >= 1, "entries must be >= 1: " + v.entries);
        require(v.averageValueSize >= 1 && v.averageValueSize <= KeyType.MAX_RECORD_LENGTH,
            "averageValueSize must be in 1.." + KeyType.MAX_RECORD_LENGTH + ": " + v.averageValueSize);
        require(v.maxPendingBlocks >= 1, "maxPendingBlocks must be >= 1: " + v.maxPendingBlocks);
        require(v.journalSegmentBytes >= 1, "journalSegmentBytes must be >= 1: " + v.journalSegmentBytes);
        require(v.checkpointIntervalBlocks >= 1, "checkpointIntervalBlocks must be >= 1: " + v.checkpointIntervalBlocks);
        require(v.checkpointIntervalMillis >= 0, "checkpointIntervalMillis must be >= 0: " + v.checkpointIntervalMillis);
        this.entries = v.entries;
        this.averageValueSize = v.averageValueSize;
        this.syncOnSeal = v.syncOnSeal;
        this.writeBehindThread = v.writeBehindThread;
        this.persistenceHelpsSeals = v.persistenceHelpsSeals;
        this.writeback = Objects.requireNonNull(v.writeback, "writeback");
        this.maxPendingBlocks = v.maxPendingBlocks;
        this.journalSegmentBytes = v.journalSegmentBytes;
        this.checkpointIntervalBlocks = v.checkpointIntervalBlocks;
        this.checkpointIntervalMillis = v.checkpointIntervalMillis;
        this.persistenceThreadStart = Objects.requireNonNull(v.persistenceThreadStart, "persistenceThreadStart");
    }

    private static void require(final boolean condition, final String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** A copy of this configuration with {@code change} applied. */
    private StateConfig with(final Consumer<Values> change) {
        final Values v = new Values();
        v.directory = directory;
        v.entries = entries;
        v.averageValueSize = averageValueSize;
        v.syncOnSeal = syncOnSeal;
        v.writeBehindThread = writeBehindThread;
        v.persistenceHelpsSeals = persistenceHelpsSeals;
        v.writeback = writeback;
        v.maxPendingBlocks = maxPendingBlocks;
        v.journalSegmentBytes = journalSegmentBytes;
        v.checkpointIntervalBlocks = checkpointIntervalBlocks;
        v.checkpointIntervalMillis = checkpointIntervalMillis;
        v.persistenceThreadStart = persistenceThreadStart;
        change.accept(v);
        return new StateConfig(v);
    }

    /**
     * A store in {@code directory} holding up to {@code entries} records; journal fsync on seal, persistence on a
     * background thread with at most 4 sealed blocks pending, a checkpoint every 1000 blocks or 1000 ms, journal
     * segments of 64 MiB.
     */
    public static StateConfig of(final Path directory, final long entries) {
        final Values v = new Values();
        v.directory = directory;
        v.entries = entries;
        return new StateConfig(v);
    }

    public StateConfig withAverageValueSize(final int bytes) {
        return with(v -> v.averageValueSize = bytes);
    }

    /**
     * Whether the store forces its files to the device (power-loss safe) or only hands them to the OS (safe
     * against a killed process only): the journal at every {@code seal}, the store of record and the directory
     * at every checkpoint and journal segment.
     */
    public StateConfig withSyncOnSeal(final boolean sync) {
        return with(v -> v.syncOnSeal = sync);
    }

    /**
     * Whether sealed blocks are merged and checkpointed into Chronicle by a background thread (true) or inside
     * {@code seal} on the writer thread (false: a checkpoint every {@link #checkpointIntervalBlocks} seals, the
     * time interval is ignored, so the behaviour is deterministic).
     */
    public StateConfig withWriteBehindThread(final boolean thread) {
        return with(v -> v.writeBehindThread = thread);
    }

    /**
     * Code the persistence thread runs first, on itself: e.g. lowering its own scheduling priority (the engine
     * has it take only the CPU the lanes leave idle; {@code Affinity.niceCurrentThread}) or pinning it. If it
     * throws, the persistence thread fails and the next {@code seal} reports it. Default: nothing.
     */
    public StateConfig withPersistenceThreadStart(final Runnable start) {
        return with(v -> v.persistenceThreadStart = start);
    }

    /** @return what the persistence thread runs first ({@link #withPersistenceThreadStart}) */
    public Runnable persistenceThreadStart() {
        return persistenceThreadStart;
    }

    /** How many sealed blocks may wait for the persistence thread before {@code seal} waits for it. */
    public StateConfig withMaxPendingBlocks(final int blocks) {
        return with(v -> v.maxPendingBlocks = blocks);
    }

    /**
     * How the store of record's dirty pages reach the device between checkpoints: left mapped to the kernel's
     * periodic writeback, dropped from this process's page tables behind each checkpoint, or also written back by
     * the checkpoint itself ({@link Writeback}; docs/engine.md). Default {@link #DEFAULT_WRITEBACK}.
     */
    public StateConfig withWriteback(final Writeback mode) {
        return with(v -> v.writeback = mode);
    }

    /** The journal starts a new segment file once the current one holds at least this many bytes. */
    public StateConfig withJournalSegmentBytes(final long bytes) {
        return with(v -> v.journalSegmentBytes = bytes);
    }

    /** A checkpoint starts once this many blocks were sealed since the last one started. */
    public StateConfig withCheckpointIntervalBlocks(final int blocks) {
        return with(v -> v.checkpointIntervalBlocks = blocks);
    }

    /** With the background thread, a checkpoint also starts this long after the last one if any block was sealed. */
    public StateConfig withCheckpointIntervalMillis(final long millis) {
        return with(v -> v.checkpointIntervalMillis = millis);
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

    /**
     * Whether the persistence thread, woken by each seal, folds chunks of it between its slices of work (off by
     * default). It lowers the seal's and the block's median latency where no other thread is idle during a seal (one
     * direct lane, an open-loop caller), but the persistence thread runs at low priority under an engine, and a seal
     * must wait for a chunk it holds: a helper preempted inside one stalls the seal (a 10-minute soak with it on had
     * seals of 35–46 ms that none without it had).
     */
    public StateConfig withPersistenceHelpingSeals(final boolean help) {
        return with(v -> v.persistenceHelpsSeals = help);
    }

    public boolean persistenceHelpsSeals() {
        return persistenceHelpsSeals;
    }

    public boolean syncOnSeal() {
        return syncOnSeal;
    }

    public boolean writeBehindThread() {
        return writeBehindThread;
    }

    public Writeback writeback() {
        return writeback;
    }

    public int maxPendingBlocks() {
        return maxPendingBlocks;
    }

    public long journalSegmentBytes() {
        return journalSegmentBytes;
    }

    public int checkpointIntervalBlocks() {
        return checkpointIntervalBlocks;
    }

    public long checkpointIntervalMillis() {
        return checkpointIntervalMillis;
    }

    @Override
    public String toString() {
        return "StateConfig{directory=" + directory + ", entries=" + entries + ", averageValueSize=" + averageValueSize
            + ", syncOnSeal=" + syncOnSeal + ", writeBehindThread=" + writeBehindThread
            + ", persistenceHelpsSeals=" + persistenceHelpsSeals
            + ", writeback=" + writeback
            + ", maxPendingBlocks=" + maxPendingBlocks + ", journalSegmentBytes=" + journalSegmentBytes
            + ", checkpointIntervalBlocks=" + checkpointIntervalBlocks
            + ", checkpointIntervalMillis=" + checkpointIntervalMillis + '}';
    }
}
