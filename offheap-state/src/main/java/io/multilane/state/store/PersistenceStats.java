package io.multilane.state.store;

/**
 * Counters of the store's persistence: blocks and entries merged by the persistence side, Chronicle writes issued
 * by checkpoints, checkpoints completed and their height, and the journal's current size. The dedup factor,
 * {@link #entriesMerged} over {@link #chronicleWrites}, says how many block entries each Chronicle write stands for.
 *
 * <p>Each counter has one writer at a time (the persistence thread, or the writer thread in inline mode and at open
 * and close); any thread may read them (volatile, monotonic except the journal's size).
 */
public final class PersistenceStats {
    private final BlockJournal journal;
    private volatile long blocksMerged;
    private volatile long entriesMerged;
    private volatile long mergedHeight;
    private volatile long chronicleWrites;
    private volatile long checkpoints;
    private volatile long checkpointedHeight;
    private volatile long checkpointNanos;
    private volatile long sealHelpNanos;

    PersistenceStats(final BlockJournal journal, final long checkpointedHeight) {
        this.journal = journal;
        this.checkpointedHeight = checkpointedHeight;
        this.mergedHeight = checkpointedHeight;
    }

    /** Sealed blocks merged into the checkpoint table. */
    public long blocksMerged() {
        return blocksMerged;
    }

    /** Block entries (distinct keys per block) merged. */
    public long entriesMerged() {
        return entriesMerged;
    }

    /** Height of the last block merged. */
    public long mergedHeight() {
        return mergedHeight;
    }

    /** Chronicle puts and removes issued by checkpoints (metadata records excluded). */
    public long chronicleWrites() {
        return chronicleWrites;
    }

    /**
     * Checkpoints completed: their writes and metadata forced (when the store syncs) and recorded, and the journal
     * segments they cover deleted.
     */
    public long checkpoints() {
        return checkpoints;
    }

    /** Height of the last completed checkpoint: Chronicle holds the state of this block. */
    public long checkpointedHeight() {
        return checkpointedHeight;
    }

    /** Wall-clock time spent writing, forcing and recording checkpoints (journal release excluded). */
    public long checkpointNanos() {
        return checkpointNanos;
    }

    /** Entries merged per Chronicle write (0 before the first checkpoint write). */
    public double dedupFactor() {
        final long writes = chronicleWrites;
        return writes == 0 ? 0 : (double) entriesMerged / writes;
    }

    /** Bytes held by the journal's segment files. */
    public long journalBytes() {
        return journal.bytes();
    }

    /** Journal segment files present. */
    public long journalSegments() {
        return journal.segments();
    }

    void merged(final long height, final int entries) {
        blocksMerged = blocksMerged + 1;
        entriesMerged = entriesMerged + entries;
        mergedHeight = height;
    }

    void helpedSeal(final long cpuNanos) {
        sealHelpNanos = sealHelpNanos + cpuNanos;
    }

    /**
     * CPU time the persistence thread spent folding chunks of seals ({@link TieredStateStore#assistSeal}) while it had
     * no persistence work: the seal's cost, counted by the persistence thread's clock.
     */
    public long sealHelpNanos() {
        return sealHelpNanos;
    }

    void wrote(final int writes) {
        chronicleWrites = chronicleWrites + writes;
    }

    void checkpointed(final long height, final long nanos) {
        checkpointNanos = checkpointNanos + nanos;
        checkpointedHeight = height;
        checkpoints = checkpoints + 1;
    }

    @Override
    public String toString() {
        return "PersistenceStats{blocksMerged=" + blocksMerged + ", entriesMerged=" + entriesMerged
            + ", chronicleWrites=" + chronicleWrites + ", dedupFactor=" + String.format("%.2f", dedupFactor())
            + ", checkpoints=" + checkpoints + ", checkpointedHeight=" + checkpointedHeight
            + ", journalBytes=" + journalBytes() + ", journalSegments=" + journalSegments() + '}';
    }
}
