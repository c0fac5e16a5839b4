package io.multilane.state.store;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

import io.multilane.state.StateException;
import io.multilane.state.Writeback;
import io.multilane.state.key.StateKeys;
import io.multilane.state.root.LtHash;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Brings the store of record forward. {@link #merge} folds each sealed {@link BlockRecord} into a
 * {@link MergeTable} of every key's latest value; a checkpoint freezes that table ({@link #begin}), writes each of
 * its keys to Chronicle once ({@link #writeSome}, in slices so the owner can keep merging later blocks into the
 * second table), forces the Chronicle file, writes the metadata record (height and root of the frozen block),
 * forces again, and only then releases the journal segments up to that height. Nothing is discarded before what
 * replaces it is forced. The forces happen when the store syncs ({@code StateConfig.syncOnSeal}); without sync
 * the store is kill-safe only, and the page cache holds everything a killed process wrote.
 *
 * <p>Behind its progress a checkpoint drops Chronicle's page-table entries for the part of the file it has finished
 * ({@link FileMappings}), and with {@link Writeback#PACED} writes that part back ({@link PacedWriteback}), so that
 * no writeback of the file ever write-protects a mapped page ({@link Writeback}).
 *
 * <p>One thread at a time: the persistence thread, or the writer thread in inline mode, or the opening and closing
 * thread while no persistence thread runs. Counters go to {@link PersistenceStats} for any thread to read.
 */
final class Checkpointer implements AutoCloseable {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final int INITIAL_SLOTS = 1 << 14;
    /** Most bytes written back after one slice of puts (a slice of 256 puts finishes ~0.2 MB of the file). */
    private static final long WRITEBACK_PER_SLICE = 4L * PacedWriteback.MAX_RANGE;

    private final ChronicleRecords records;
    private final ChronicleRecords.Cursor cursor;
    private final BlockJournal journal;
    private final FileChannel chronicleFile;
    private final FileMappings mappings;
    private final PacedWriteback writeback;
    private final boolean sync;
    private final PersistenceStats stats;
    private final UnsafeBuffer meta = new UnsafeBuffer(new byte[MetaDescriptor.LENGTH]);
    private final UnsafeBuffer metaKey = new UnsafeBuffer(new byte[StateKeys.LENGTH]);
    private final UnsafeBuffer mergedRoot = new UnsafeBuffer(new byte[LtHash.DIGEST_LENGTH]);
    private final UnsafeBuffer frozenRoot = new UnsafeBuffer(new byte[LtHash.DIGEST_LENGTH]);
    private MergeTable merging;
    private MergeTable frozen;
    private long mergedHeight;
    private long frozenHeight;
    private int blocksSinceBegin;
    private boolean writing;
    private boolean halfSignalled;
    private int writePosition;
    private long fileSize;
    private long trailedTo;
    private long writeStartNanos;
    private volatile CheckpointListener listener;

    /**
     * @param meta           the metadata record of the store of record (copied)
     * @param chronicleFile  a channel on Chronicle's file, used only to force it and write it back (owned and closed
     *                       by this)
     * @param mode           what each checkpoint does behind its progress ({@link Writeback})
     */
    Checkpointer(final ChronicleRecords records, final DirectBuffer meta, final BlockJournal journal,
                 final FileChannel chronicleFile, final boolean sync, final Writeback mode,
                 final PersistenceStats stats) {
        this.records = records;
        final FileMappings found = mode == Writeback.KERNEL ? null : new FileMappings(records.file());
        this.mappings = found != null && found.supported() ? found : null;
        this.writeback = mode == Writeback.PACED ? new PacedWriteback(chronicleFile, records.file()) : null;
        this.cursor = records.cursor();
        this.merging = new MergeTable(INITIAL_SLOTS, records.order());
        this.frozen = new MergeTable(INITIAL_SLOTS, records.order());
        this.journal = journal;
        this.chronicleFile = chronicleFile;
        this.sync = sync;
        this.stats = stats;
        this.meta.putBytes(0, meta, 0, MetaDescriptor.LENGTH);
        this.mergedHeight = this.meta.getLong(MetaDescriptor.APPLIED_HEIGHT_OFFSET, LE);
        this.frozenHeight = mergedHeight;
        this.mergedRoot.putBytes(0, meta, MetaDescriptor.ROOT_OFFSET, LtHash.DIGEST_LENGTH);
    }

    void listener(final CheckpointListener l) {
        this.listener = l;
    }

    /** Merges a sealed block; the record may be reused as soon as this returns. */
    void merge(final BlockRecord record) {
        final ExpandableDirectByteBuffer buf = record.buffer();
        final int count = record.count();
        int at = BlockRecordDescriptor.HEADER_LENGTH;
        for (int i = 0; i < count; i++) {
            final int len = buf.getInt(at + BlockRecordDescriptor.ENTRY_LENGTH_OFFSET, LE);
            merging.put(buf, at, buf, at + BlockRecordDescriptor.ENTRY_HEADER_LENGTH, len);
            at += BlockRecordDescriptor.ENTRY_HEADER_LENGTH + len;
        }
        mergedHeight = record.height();
        mergedRoot.putBytes(0, buf, record.rootOffset(), LtHash.DIGEST_LENGTH);
        blocksSinceBegin++;
        stats.merged(mergedHeight, count);
    }

    /** The keys merged since the last {@link #begin} (recovery reads it to rebuild the fast tier). */
    MergeTable merged() {
        return merging;
    }

    long mergedHeight() {
        return mergedHeight;
    }

    /** The root recorded by the last merged block (or the metadata's, before any). */
    DirectBuffer mergedRoot() {
        return mergedRoot;
    }

    /** Height of the last checkpoint begun (the metadata's height before any). */
    long begunHeight() {
        return frozenHeight;
    }

    int blocksSinceBegin() {
        return blocksSinceBegin;
    }

    /** Whether a begun checkpoint still has entries to write or its metadata to record. */
    boolean writing() {
        return writing;
    }

    /** Freezes the merged blocks as the next checkpoint; later merges go to the other table. No checkpoint may be in progress. */
    void begin() {
        if (writing) {
            throw new IllegalStateException("a checkpoint of height " + frozenHeight + " is in progress");
        }
        final MergeTable t = frozen;
        frozen = merging;
        merging = t;
        // the next interval likely dirties as many keys: size its table now rather than rehash it while merging
        merging.ensureCapacity(frozen.capacity());
        frozenHeight = mergedHeight;
        frozen.sortBySlot();
        frozenRoot.putBytes(0, mergedRoot, 0, LtHash.DIGEST_LENGTH);
        blocksSinceBegin = 0;
        writing = true;
        halfSignalled = false;
        writePosition = 0;
        writeStartNanos = System.nanoTime();
        fileSize = fileSize();
        if (mappings != null) {
            mappings.follow(fileSize);
        }
        trailedTo = 0;
        if (writeback != null) {
            writeback.begin(fileSize);
        }
    }

    /**
     * Writes up to {@code max} entries of the begun checkpoint to Chronicle; after the last one, completes it
     * (force, metadata, force, journal release when {@code release}). Returns the entries written.
     */
    int writeSome(final int max, final boolean release) {
        final int size = frozen.size();
        final int end = Math.min(size, writePosition + max);
        for (int i = writePosition; i < end; i++) {
            final long entry = frozen.entry(i);
            final int len = MergeTable.length(entry);
            if (len == 0) {
                cursor.remove(MergeTable.keyAddress(entry), MergeTable.hash(entry));
            } else {
                cursor.put(MergeTable.keyAddress(entry), MergeTable.hash(entry), MergeTable.valueAddress(entry), len);
            }
        }
        final int written = end - writePosition;
        writePosition = end;
        stats.wrote(written);
        if ((mappings != null || writeback != null) && writePosition < size) {
            trail(size);
        }
        if (!halfSignalled && 2L * writePosition >= size) {
            halfSignalled = true;
            signal(CheckpointListener.HALF_WRITTEN, frozenHeight);
        }
        if (writePosition == size) {
            complete(release);
        }
        return written;
    }

    /**
     * Drops (and with {@link Writeback#PACED} writes back) the part of the file this checkpoint has finished. The
     * entries go in the file's order, segment by segment, and the segments' first tiers lie in the file in segment
     * order, so the first {@code writePosition} of {@code size} entries end about that share into the file; two
     * segments' worth of bytes behind that is done. Dropping comes first: written back while still mapped, each page
     * would cost a TLB shootdown.
     */
    private void trail(final int size) {
        final long lag = 2 * fileSize / records.order().segments();
        final long done = (long) ((double) fileSize * writePosition / size) - lag;
        if (done <= trailedTo) {
            return;
        }
        if (mappings != null) {
            mappings.drop(trailedTo, done);
        }
        trailedTo = done;
        if (writeback != null && done > writeback.position()) {
            writeback.advance(done, WRITEBACK_PER_SLICE);
        }
    }

    private void complete(final boolean release) {
        if (mappings != null) {
            // the rest of the file, and the pages every put touches (segment headers)
            mappings.drop();
        }
        if (writeback != null) {
            writeback.advance(Long.MAX_VALUE, Long.MAX_VALUE);
        }
        force();
        signal(CheckpointListener.WRITTEN, frozenHeight);
        meta.putLong(MetaDescriptor.APPLIED_HEIGHT_OFFSET, frozenHeight, LE);
        meta.putBytes(MetaDescriptor.ROOT_OFFSET, frozenRoot, 0, LtHash.DIGEST_LENGTH);
        cursor.put(metaKey, 0, meta, 0, MetaDescriptor.LENGTH);
        force();
        frozen.clear();
        writing = false;
        final long nanos = System.nanoTime() - writeStartNanos;
        signal(CheckpointListener.RECORDED, frozenHeight);
        if (release) {
            journal.releaseThrough(frozenHeight, listener);
        }
        stats.checkpointed(frozenHeight, nanos);
    }

    /** Completes any checkpoint in progress, then checkpoints every merged block not yet checkpointed. */
    void checkpointAll(final boolean release) {
        if (writing) {
            writeSome(Integer.MAX_VALUE, release);
        }
        if (mergedHeight > frozenHeight) {
            begin();
            writeSome(Integer.MAX_VALUE, release);
        }
    }

    private long fileSize() {
        try {
            return chronicleFile.size();
        } catch (final IOException e) {
            throw new StateException("cannot read the size of state file " + records.file() + ": " + e, e);
        }
    }

    private void force() {
        if (!sync) {
            return;
        }
        try {
            chronicleFile.force(true);
        } catch (final IOException e) {
            throw new StateException("cannot force state file " + records.file() + " to the device at checkpoint "
                + frozenHeight + ": " + e, e);
        }
    }

    private void signal(final int step, final long height) {
        final CheckpointListener l = listener;
        if (l != null) {
            l.onStep(step, height);
        }
    }

    @Override
    public void close() {
        merging.close();
        frozen.close();
        if (writeback != null) {
            writeback.close();
        }
        try {
            chronicleFile.close();
        } catch (final IOException e) {
            throw new StateException("cannot close state file channel " + records.file() + ": " + e, e);
        }
    }
}
