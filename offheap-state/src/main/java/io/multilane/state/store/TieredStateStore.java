package io.multilane.state.store;

import java.io.File;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import io.multilane.state.ByteRanges;
import io.multilane.state.StateConfig;
import io.multilane.state.StateException;
import io.multilane.state.StateStore;
import io.multilane.state.StateVisitor;
import io.multilane.state.key.KeyType;
import io.multilane.state.key.StateKeys;
import io.multilane.state.root.LtHash;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The production state store: every live record in an off-heap {@link FastTable} that readers query without
 * locks, Chronicle Map as the persisted store of record behind it, and a redo {@link BlockJournal} that makes each
 * sealed block atomic across crashes.
 *
 * <p>Write path (writer thread only): {@link #write} updates the fast tier and, on a key's first write in the
 * block, the {@link UndoLog}; it does not hash. {@link #seal} folds the block into the LtHash root once per
 * distinct key ({@link RootFold}: subtract the block-start record, add the final one), collects the block's final
 * values into a {@link BlockRecord}, appends it to the journal (forced to the device if configured) and hands it
 * to {@link WriteBehind}. The block is sealed once its record is in the journal.
 *
 * <p>Persistence (off the writer thread by default): the persistence thread merges each sealed record into a table
 * of each key's latest value and, every {@code checkpointIntervalBlocks} blocks or {@code checkpointIntervalMillis},
 * checkpoints it into Chronicle: each dirty key written once, the file forced, the metadata record (height and root)
 * written and forced, and only then the journal segments up to that height deleted ({@link Checkpointer}). Recovery
 * on open ({@link StoreRecovery}): Chronicle's own crash recovery, then the journal's records above the checkpoint
 * merged over Chronicle's records into the fast tier, the recomputed root checked against the last sealed block's,
 * and only then a checkpoint and the deletion of the journal.
 *
 * <p>Failures: a seal whose journal append fails throws and leaves its block open and unsealed (roll it back); a
 * journal that cannot be cut back, or a failed persistence, halts the store with a {@link StateException} at the next
 * call. Readers call {@link #read} from any thread concurrently with the writer; the counters
 * ({@link #persistenceStats}) may be read from any thread.
 */
public final class TieredStateStore implements StateStore {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final System.Logger LOG = System.getLogger(TieredStateStore.class.getName());
    /** How many times its creation entries a store can be reopened with (Chronicle grows into extra tiers). */
    static final long MAX_GROWTH = 4;
    /** Share of its entries past which the store warns at a seal. */
    static final long NEARLY_FULL_PERCENT = 90;

    private final StateConfig config;
    private final DataDirectory dir;
    private final ChronicleRecords records;
    private final BlockJournal journal;
    private final Checkpointer checkpointer;
    private final FastTable table;
    private final WriteBehind writeBehind;
    private final PersistenceStats stats;
    /** The LtHash vector of the last sealed block's state. */
    private final LtHash root = new LtHash();
    /** Scratch: the sealed vector plus the open block's fold (seal, root). */
    private final LtHash sealing = new LtHash();
    private final UndoLog undo = new UndoLog();
    private final RootFold fold;
    /** The seal's fold shared with threads that call {@link #assistSeal} while it runs. */
    private final SealShares shares;
    private final UnsafeBuffer sealedRoot = new UnsafeBuffer(new byte[LtHash.DIGEST_LENGTH]);
    private final UnsafeBuffer old = new UnsafeBuffer(new byte[KeyType.MAX_RECORD_LENGTH]);
    private final UnsafeBuffer scratchRoot = new UnsafeBuffer(new byte[LtHash.DIGEST_LENGTH]);
    private long sealedHeight;
    private long openHeight = -1;
    /** Set when a seal failed before its block reached the journal: the block must be rolled back. */
    private boolean sealFailed;
    private boolean nearlyFullReported;
    /** Set when the journal is unusable: every further block operation throws. */
    private Throwable halted;
    private boolean closed;

    private TieredStateStore(final StateConfig config, final DataDirectory dir, final ChronicleRecords records,
                             final BlockJournal journal, final Checkpointer checkpointer, final FastTable table,
                             final WriteBehind writeBehind, final PersistenceStats stats, final long sealedHeight) {
        this.config = config;
        this.dir = dir;
        this.records = records;
        this.journal = journal;
        this.checkpointer = checkpointer;
        this.table = table;
        this.writeBehind = writeBehind;
        this.stats = stats;
        this.sealedHeight = sealedHeight;
        this.fold = new RootFold(table);
        this.shares = new SealShares(table, undo, fold, Runtime.getRuntime().availableProcessors() + 1);
        if (config.persistenceHelpsSeals()) {
            writeBehind.helpSeals(shares);
        }
    }

    /** Opens, creating or recovering, the store described by {@code config}. Opening thread. */
    public static TieredStateStore open(final StateConfig config) {
        return open(config, ChannelOpener.DEFAULT);
    }

    /** {@link #open} with the given source of file channels (tests inject failing ones). */
    static TieredStateStore open(final StateConfig config, final ChannelOpener opener) {
        final DataDirectory dir = DataDirectory.acquire(config.directory());
        try {
            return open(config, opener, dir, dir.uncleanShutdown());
        } catch (final RuntimeException e) {
            dir.close();
            throw e;
        }
    }

    /**
     * Opens the store in the acquired {@code dir}, running Chronicle's recovery when {@code recover}. On failure
     * releases every file it opened and throws, leaving {@code dir} held for the caller to release.
     */
    private static TieredStateStore open(final StateConfig config, final ChannelOpener opener, final DataDirectory dir,
                                         final boolean recover) {
        ChronicleRecords records = null;
        BlockJournal journal = null;
        Checkpointer checkpointer = null;
        FastTable table = null;
        try {
            final File file = dir.resolve(ChronicleRecords.FILE_NAME).toFile();
            // a new file gets its header before it takes its name: a kill never leaves a named file without one
            records = ChronicleRecords.open(file, ChronicleRecords.capacityFor(config.entries()),
                config.averageValueSize(), recover, cursor -> StoreRecovery.writeNewMeta(cursor, config.entries()));
            journal = new BlockJournal(dir, config.journalSegmentBytes(), opener);
            final StoreRecovery recovery = new StoreRecovery(records, journal, config.entries());
            recovery.readMeta();
            final PersistenceStats stats = new PersistenceStats(journal, recovery.checkpointHeight());
            checkpointer = new Checkpointer(records, recovery.meta(), journal, forceChannel(opener, file),
                config.syncOnSeal(), config.writeback(), stats);
            recovery.replay(checkpointer);
            // never below what the files hold (a store reopened with fewer entries than it grew to still loads)
            table = new FastTable(Math.max(entriesOnOpen(config, recovery.entries(), file),
                records.mapSize() + checkpointer.merged().size()));
            final LtHash loaded = new LtHash();
            recovery.load(table, checkpointer.merged(), loaded);
            recovery.verifyRoot(loaded, checkpointer.mergedRoot());
            checkpointer.checkpointAll(false);
            journal.deleteAll();
            final WriteBehind wb = new WriteBehind(checkpointer, stats, config.writeBehindThread(),
                config.maxPendingBlocks(), config.checkpointIntervalBlocks(), config.checkpointIntervalMillis(),
                "multilane-state-persistence", config.persistenceThreadStart());
            final TieredStateStore store = new TieredStateStore(config, dir, records, journal, checkpointer, table, wb,
                stats, recovery.recoveredHeight());
            store.root.copyFrom(loaded);
            loaded.digest(store.sealedRoot, 0);
            return store;
        } catch (final RuntimeException e) {
            if (table != null) {
                table.close();
            }
            if (checkpointer != null) {
                checkpointer.close();
            }
            if (journal != null) {
                journal.close();
            }
            if (records != null) {
                records.close();
            }
            throw e;
        }
    }

    /**
     * The fast tier's limit for this open: the configured entries, or the entries the store was created for if more
     * (a store never shrinks). A store can be reopened with up to {@link #MAX_GROWTH} times its creation entries:
     * Chronicle, sized for the creation entries plus slack, grows into extra segment tiers up to its bloat factor.
     * So a store that filled up (which halts an engine, never invalidates a block) commits the same block after a
     * restart with a larger {@link StateConfig#entries}.
     */
    static long entriesOnOpen(final StateConfig config, final long createdEntries, final File file) {
        final long wanted = Math.max(config.entries(), createdEntries);
        if (wanted > createdEntries * MAX_GROWTH) {
            throw new StateException(file + " was created for " + createdEntries + " entries and can be reopened with"
                + " up to " + createdEntries * MAX_GROWTH + " (StateConfig.entries is " + config.entries() + "); for more,"
                + " export a snapshot (StateSnapshots.export) and import it into a new directory configured for them");
        }
        return wanted;
    }

    private static FileChannel forceChannel(final ChannelOpener opener, final File file) {
        try {
            return opener.open(file.toPath(), StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (final IOException e) {
            throw new StateException("cannot open state file " + file + " to force it: " + e, e);
        }
    }

    /**
     * Creates a store in {@code config.directory()} (which must not hold one yet) from a snapshot file, validating
     * every record and the snapshot's root, and opens it at the snapshot's height. The records are written into a
     * new Chronicle file under its creating name, renamed into place only when complete; on any failure everything
     * the import created (that file, or the published one and the journal if the open after it fails) is deleted
     * and the directory is released as it was (its lock file stays, as after any close).
     */
    public static TieredStateStore importSnapshot(final Path snapshot, final StateConfig config) {
        final DataDirectory dir = DataDirectory.acquire(config.directory());
        final File file = dir.resolve(ChronicleRecords.FILE_NAME).toFile();
        try {
            refuseExistingStore(snapshot, dir, file);
        } catch (final RuntimeException e) {
            dir.close();
            throw e;
        }
        final File creating = ChronicleRecords.creatingFile(file);
        try {
            ChronicleRecords.discardInterruptedCreation(file);
            try (ChronicleRecords records = ChronicleRecords.create(creating,
                ChronicleRecords.capacityFor(config.entries()), config.averageValueSize())) {
                final ChronicleRecords.Cursor cursor = records.cursor();
                final SnapshotFile.Header header = SnapshotFile.readInto(snapshot, cursor, config.entries());
                final UnsafeBuffer meta = new UnsafeBuffer(new byte[MetaDescriptor.LENGTH]);
                meta.putLong(MetaDescriptor.MAGIC_OFFSET, MetaDescriptor.MAGIC, LE);
                meta.putLong(MetaDescriptor.VERSION_OFFSET, MetaDescriptor.LAYOUT_VERSION, LE);
                meta.putLong(MetaDescriptor.APPLIED_HEIGHT_OFFSET, header.height, LE);
                meta.putLong(MetaDescriptor.ENTRIES_OFFSET, config.entries(), LE);
                meta.putBytes(MetaDescriptor.ROOT_OFFSET, header.root, 0, LtHash.DIGEST_LENGTH);
                final UnsafeBuffer metaKey = new UnsafeBuffer(new byte[StateKeys.LENGTH]);
                cursor.put(metaKey, 0, meta, 0, MetaDescriptor.LENGTH);
            }
            ChronicleRecords.publish(creating, file);
            return open(config, ChannelOpener.DEFAULT, dir, false);
        } catch (final RuntimeException | Error e) {
            discardImport(dir, creating, e);
            throw e;
        }
    }

    /** Throws unless {@code dir} holds no state file and no journal: an import never replaces or mixes with a store. */
    private static void refuseExistingStore(final Path snapshot, final DataDirectory dir, final File file) {
        if (file.exists() || BlockJournal.listSegments(dir.path()).length > 0
            || Files.exists(dir.resolve(BlockJournal.LEGACY_FILE))) {
            throw new StateException("cannot import " + snapshot + " into " + dir.path()
                + ": it already holds a state store (" + (file.exists() ? file.getName() : "journal segments") + ")");
        }
    }

    /**
     * After a failed import into a directory that held no store (checked under its lock, so every store file in it
     * is the import's): deletes the creating file, the state file if it was published and any journal segment the
     * open wrote, then releases the directory marked clean. Problems doing so are added to {@code failure}.
     */
    private static void discardImport(final DataDirectory dir, final File creating, final Throwable failure) {
        try {
            Files.deleteIfExists(creating.toPath());
            Files.deleteIfExists(dir.resolve(ChronicleRecords.FILE_NAME));
            for (final long first : BlockJournal.listSegments(dir.path())) {
                Files.deleteIfExists(BlockJournal.segmentPath(dir.path(), first));
            }
            dir.force();
        } catch (final IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
        try {
            dir.closeClean();
        } catch (final RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /** Writer thread: whether a block is open. */
    public boolean blockOpen() {
        return openHeight >= 0;
    }

    @Override
    public int read(final DirectBuffer key, final int keyOffset, final MutableDirectBuffer dst, final int dstOffset) {
        return table.get(key, keyOffset, dst, dstOffset);
    }

    /** The version is the fast tier's: the slot that held the record and its sequence then ({@link FastTable#get}). */
    @Override
    public int read(final DirectBuffer key, final int keyOffset, final MutableDirectBuffer dst, final int dstOffset,
                    final MutableDirectBuffer version, final int versionOffset) {
        return table.get(key, keyOffset, dst, dstOffset, version, versionOffset);
    }

    @Override
    public boolean unchangedSince(final DirectBuffer key, final int keyOffset, final DirectBuffer version,
                                  final int versionOffset) {
        return table.unchangedSince(version, versionOffset);
    }

    @Override
    public void beginBlock(final long height) {
        checkOpen();
        if (openHeight >= 0) {
            throw new IllegalStateException("block " + openHeight + " is still open");
        }
        if (height != sealedHeight + 1) {
            throw new IllegalArgumentException("block height " + height + " must be sealedHeight + 1 = "
                + (sealedHeight + 1));
        }
        openHeight = height;
        undo.clear();
    }

    @Override
    public void write(final DirectBuffer key, final int keyOffset, final DirectBuffer value, final int valueOffset,
                      final int length) {
        checkWrite(key, keyOffset, value, valueOffset, length);
        write(key, keyOffset, value, valueOffset, length, table.find(key, keyOffset));
    }

    /**
     * The fast tier's slot of a version still current and of this very key is taken as is
     * ({@link FastTable#find(DirectBuffer, int, DirectBuffer, int)}).
     */
    @Override
    public void write(final DirectBuffer key, final int keyOffset, final DirectBuffer value, final int valueOffset,
                      final int length, final DirectBuffer version, final int versionOffset) {
        checkWrite(key, keyOffset, value, valueOffset, length);
        write(key, keyOffset, value, valueOffset, length, table.find(key, keyOffset, version, versionOffset));
    }

    private void checkWrite(final DirectBuffer key, final int keyOffset, final DirectBuffer value, final int valueOffset,
                            final int length) {
        if (openHeight < 0 || sealFailed) {
            throw new IllegalStateException(sealFailed ? "block " + openHeight + " failed to seal: roll it back"
                : "write outside a block");
        }
        RecordChecks.checkWrite(key, keyOffset, length);
        value.boundsCheck(valueOffset, length);
    }

    /** Writes a checked record whose key is in slot {@code index} of the fast tier, or absent (-1). */
    private void write(final DirectBuffer key, final int keyOffset, final DirectBuffer value, final int valueOffset,
                       final int length, final long index) {
        final boolean zero = RecordChecks.isZero(value, valueOffset, length);
        if (index < 0) {
            if (zero) {
                return;
            }
            table.insert(key, keyOffset, value, valueOffset, length, UndoLog.stampOf(undo.count()));
            undo.add(key, keyOffset, old, 0, UndoLog.ABSENT);
            return;
        }
        if (table.stamp(index) == 0) {
            final int oldLength = table.copyValue(index, old, 0);
            if (!zero && ByteRanges.equal(old, 0, value, valueOffset, length)) {
                return;
            }
            table.stamp(index, UndoLog.stampOf(undo.count()));
            undo.add(key, keyOffset, old, 0, oldLength);
        }
        if (zero) {
            table.delete(index);
        } else {
            table.replace(index, value, valueOffset, length);
        }
    }

    @Override
    public void seal(final long height, final MutableDirectBuffer rootOut, final int rootOffset) {
        checkOpen();
        if (height != openHeight) {
            throw new IllegalArgumentException("seal(" + height + ") but the open block is " + openHeight);
        }
        if (sealFailed) {
            throw new IllegalStateException("block " + height + " failed to seal: roll it back");
        }
        // Everything that can throw happens before the journal append; after it the block is sealed.
        rootOut.boundsCheck(rootOffset, LtHash.DIGEST_LENGTH);
        final BlockRecord record = writeBehind.acquire();
        sealing.copyFrom(root);
        record.begin(height);
        try {
            shares.foldAndCollect(sealing, record);
            sealing.digest(scratchRoot, 0);
            record.finish(scratchRoot, 0);
            journal.append(record, config.syncOnSeal());
        } catch (final RuntimeException e) {
            // a helper of the fold failed, or the journal: nothing is sealed, the record goes back, the caller rolls
            // the block back
            writeBehind.release(record);
            sealFailed = true;
            if (journal.broken() != null) {
                halted = e;
            }
            throw e;
        }
        root.copyFrom(sealing);
        sealedRoot.putBytes(0, scratchRoot, 0, LtHash.DIGEST_LENGTH);
        sealedHeight = height;
        openHeight = -1;
        undo.clear();
        writeBehind.submit(record);
        reportIfNearlyFull(height);
        rootOut.putBytes(rootOffset, scratchRoot, 0, LtHash.DIGEST_LENGTH);
    }

    /**
     * Warns once each time the store passes {@link #NEARLY_FULL_PERCENT} of its entries (and again after it went back
     * below): a full store halts an engine, so the operator gets time to raise {@link StateConfig#entries}.
     */
    private void reportIfNearlyFull(final long height) {
        final boolean nearly = table.size() * 100 >= table.maxEntries() * NEARLY_FULL_PERCENT;
        if (nearly && !nearlyFullReported) {
            LOG.log(System.Logger.Level.WARNING, "state store in " + config.directory() + " holds " + table.size() + " of "
                + table.maxEntries() + " entries at height " + height + ": raise StateConfig.entries and restart before"
                + " it fills (a full store halts the engine; the block it was committing commits after the restart)");
        }
        nearlyFullReported = nearly;
    }

    /** @return records the store can hold before a write throws {@link io.multilane.state.StateFullException} */
    public long maxEntries() {
        return table.maxEntries();
    }

    @Override
    public void rollback() {
        if (openHeight < 0) {
            return;
        }
        final DirectBuffer buf = undo.buffer();
        for (int i = undo.count() - 1; i >= 0; i--) {
            final int keyOffset = undo.keyOffset(i);
            final int oldLength = undo.oldLength(i);
            final long index = table.find(buf, keyOffset);
            if (oldLength == UndoLog.ABSENT) {
                if (index >= 0) {
                    table.delete(index);
                }
            } else if (index >= 0) {
                table.replace(index, buf, undo.oldValueOffset(i), oldLength);
                table.stamp(index, 0);
            } else {
                table.insert(buf, keyOffset, buf, undo.oldValueOffset(i), oldLength, 0);
            }
        }
        undo.clear();
        openHeight = -1;
        sealFailed = false;
    }

    @Override
    public long sealedHeight() {
        return sealedHeight;
    }

    /**
     * The sealed root when no block is open (kept from the last seal: no hashing); with a block open, the root
     * folded on demand from a copy of the sealed vector and the open block's undo log (not for the hot path: the
     * commit stage asks between blocks).
     */
    @Override
    public void root(final MutableDirectBuffer out, final int offset) {
        if (openHeight < 0) {
            out.putBytes(offset, sealedRoot, 0, LtHash.DIGEST_LENGTH);
            return;
        }
        sealing.copyFrom(root);
        fold.fold(undo, 0, undo.count(), sealing);
        sealing.digest(out, offset);
    }

    @Override
    public void scan(final StateVisitor visitor) {
        final SortedCollector collector = new SortedCollector();
        table.forEach(collector);
        collector.replaySorted(visitor);
    }

    @Override
    public long size() {
        return table.size();
    }

    /** Height recorded by the last completed checkpoint: the state Chronicle holds. Any thread. */
    public long checkpointedHeight() {
        return stats.checkpointedHeight();
    }

    /** Counters of merges, checkpoints, Chronicle writes and the journal's size. Any thread. */
    public PersistenceStats persistenceStats() {
        return stats;
    }

    /** The persistence thread (null with {@code withWriteBehindThread(false)}), e.g. for its CPU time. Any thread. */
    public Thread persistenceThread() {
        return writeBehind.thread();
    }

    /** Item hashes the root fold has computed (seal and open-block {@link #root}); a cost counter for tests. */
    long rootItemHashes() {
        return fold.itemHashes() + shares.itemHashes();
    }

    /** Chunks of seals that threads calling {@link #assistSeal} folded (writer thread; for tests). */
    long sealChunksHelped() {
        return shares.chunksHelped();
    }

    @Override
    public boolean sealOpen() {
        return shares.open();
    }

    @Override
    public boolean assistSeal() {
        return shares.assist();
    }

    /** Installs a crash-test observer of checkpoint steps (before the first seal). */
    void checkpointListener(final CheckpointListener listener) {
        checkpointer.listener(listener);
    }

    /** Writer thread: waits until every sealed block is merged by the persistence side (not yet checkpointed). */
    public void flush() {
        writeBehind.drain();
    }

    /** Writer thread: checkpoints every sealed block into Chronicle and waits until it is recorded. */
    public void checkpoint() {
        checkOpen();
        writeBehind.checkpoint();
    }

    /**
     * Releases the files as a killed process would leave them: no checkpoint, journal kept, the store marked
     * unclean. For recovery tests in one JVM; the store is unusable afterwards.
     */
    void abandon() {
        closed = true;
        journal.close();
        checkpointer.close();
        records.close();
        table.close();
        dir.close();
    }

    /**
     * Rolls back an open block, runs the last checkpoint, deletes the journal and releases the files; if the
     * persistence failed, throws and leaves the journal for the next open to recover from.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        rollback();
        closed = true;
        boolean clean = false;
        try {
            writeBehind.close();
            journal.deleteAll();
            clean = true;
        } finally {
            journal.close();
            checkpointer.close();
            records.close();
            table.close();
            if (clean) {
                dir.closeClean();
            } else {
                dir.close();
            }
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new StateException("state store in " + dir.path() + " is closed");
        }
        if (halted != null) {
            throw new StateException("state store in " + dir.path() + " is halted: its journal failed (" + halted
                + "); reopen it to recover the last sealed block", halted);
        }
    }

}
