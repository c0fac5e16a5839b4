package io.multilane.state.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

import io.multilane.state.StateException;
import org.agrona.ExpandableDirectByteBuffer;

/**
 * The redo journal: sealed {@link BlockRecord}s appended to segment files {@code state.journal.<first height>}
 * (20 digits) in the data directory. {@code seal} appends the block's record (forced to the device when the store
 * syncs) before the block counts as sealed; once a segment holds {@code segmentBytes}, the next append starts a new
 * one (and, when syncing, forces the directory so the new name is durable). A checkpoint that has recorded height
 * {@code h} in the store of record releases, with {@link #releaseThrough}, every segment whose blocks are all at or
 * below {@code h}: a segment's last block is the one before the next segment's first, so the newest segment is
 * never released while the writer appends to it. The journal therefore stays bounded under sustained load.
 *
 * <p>On open, {@link #replay} hands every complete, checksummed and well-formed record of every segment to the
 * recovery in order; a torn or corrupt tail (a crash during an append) ends the journal, and a record after one is
 * an error. A journal file of the layout before segments ({@value #LEGACY_FILE}) is replayed first.
 *
 * <p>Threads: {@link #append} on the writer thread; {@link #releaseThrough} on the thread that runs checkpoints;
 * {@link #replay} and {@link #deleteAll} on the opening or closing thread while no other thread uses the journal;
 * {@link #bytes} and {@link #segments} from any thread.
 */
public final class BlockJournal implements AutoCloseable {
    /** File name prefix of a segment; the suffix is the height of its first block, 20 digits. */
    public static final String SEGMENT_PREFIX = "state.journal.";
    /** The single journal file of stores written before segments; replayed as the oldest segment, then deleted. */
    public static final String LEGACY_FILE = "state.journal";

    private final DataDirectory dir;
    private final long segmentBytes;
    private final ChannelOpener opener;
    private FileChannel active;
    private Path activePath;
    private long activeSize;
    private boolean directoryDirty;
    private Throwable broken;
    private volatile long appendedBytes;
    private volatile long releasedBytes;
    private volatile long segmentsCreated;
    private volatile long segmentsReleased;
    /** First height of the newest segment, set by {@link #roll} (writer thread); -1 before the first roll. */
    private volatile long newestFirst = -1;
    /** Checkpoint thread: the newest segment when it last listed the directory, and whether older ones remained. */
    private long listedNewest = Long.MIN_VALUE;
    private boolean olderRemain = true;

    /** Receives each valid record of the journal in order. */
    @FunctionalInterface
    public interface RecordHandler {
        void onRecord(BlockRecord record);
    }

    BlockJournal(final DataDirectory dir, final long segmentBytes, final ChannelOpener opener) {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
        this.opener = opener;
    }

    /**
     * The path of the segment whose first block has {@code firstHeight} (20 digits, zero padded). Built without
     * {@code String.format}, whose {@code Formatter} and locale symbols were most of the garbage of a segment roll
     * (commit role) and of a release (checkpoint thread), each about once a second in a soak.
     */
    public static Path segmentPath(final Path directory, final long firstHeight) {
        if (firstHeight < 0) {
            return directory.resolve(SEGMENT_PREFIX + String.format("%020d", firstHeight));
        }
        final String digits = Long.toString(firstHeight);
        return directory.resolve(new StringBuilder(SEGMENT_PREFIX.length() + 20).append(SEGMENT_PREFIX)
                .append("00000000000000000000", 0, 20 - digits.length()).append(digits).toString());
    }

    /** Bytes held by segments this journal wrote and has not released. Any thread. */
    public long bytes() {
        return appendedBytes - releasedBytes;
    }

    /** Segments this journal created and has not released. Any thread. */
    public long segments() {
        return segmentsCreated - segmentsReleased;
    }

    /** Set after an append failed and the segment could not be cut back: the journal must not be used again. */
    Throwable broken() {
        return broken;
    }

    /**
     * Appends the finished record to the newest segment, starting a new segment first when it is full; forces it
     * to the device when {@code sync}. Writer thread. If this throws, the record is not in the journal (the segment
     * was cut back to its previous end) unless {@link #broken} is set.
     */
    public void append(final BlockRecord record, final boolean sync) {
        if (broken != null) {
            throw new StateException("state journal in " + dir.path() + " is unusable after a failed append: " + broken,
                broken);
        }
        if (active == null || activeSize >= segmentBytes) {
            roll(record.height(), sync);
        }
        final ByteBuffer bb = record.buffer().byteBuffer();
        final int oldLimit = bb.limit();
        final int oldPosition = bb.position();
        bb.limit(record.length()).position(0);
        long at = activeSize;
        try {
            if (directoryDirty) {
                dir.force();
                directoryDirty = false;
            }
            while (bb.hasRemaining()) {
                at += active.write(bb, at);
            }
            if (sync) {
                active.force(false);
            }
        } catch (final IOException | RuntimeException e) {
            cutBack(e, sync);
            throw new StateException("cannot append block " + record.height() + " to state journal " + activePath
                + ": " + e + (broken == null ? "; the block is not in the journal"
                : "; the segment could not be cut back either, the journal is unusable"), e);
        } finally {
            bb.limit(oldLimit).position(oldPosition);
        }
        appendedBytes = appendedBytes + (at - activeSize);
        activeSize = at;
    }

    /**
     * After a failed append: removes whatever part of the record reached the segment (forcing the cut when
     * syncing), or marks the journal broken. A failed force counts as a failed cut: after it the kernel may have
     * dropped or kept the record's pages, so only a halt tells the truth (the lesson of PostgreSQL's fsync bug).
     */
    private void cutBack(final Exception cause, final boolean sync) {
        try {
            if (active.size() > activeSize) {
                active.truncate(activeSize);
            }
            if (sync) {
                active.force(false);
            }
        } catch (final IOException | RuntimeException e) {
            cause.addSuppressed(e);
            broken = e;
        }
    }

    private void roll(final long firstHeight, final boolean sync) {
        final Path path = segmentPath(dir.path(), firstHeight);
        final FileChannel next;
        try {
            next = opener.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (final IOException e) {
            throw new StateException("cannot create state journal segment " + path + ": " + e
                + "; block " + firstHeight + " is not in the journal", e);
        }
        final FileChannel previous = active;
        active = next;
        activePath = path;
        activeSize = 0;
        directoryDirty = sync;
        segmentsCreated = segmentsCreated + 1;
        newestFirst = firstHeight;
        if (previous != null) {
            closeQuietly(previous);
        }
    }

    /**
     * Deletes every segment whose blocks are all at or below {@code height} (which a checkpoint has recorded and
     * forced), oldest first, telling {@code listener} (may be null) after each. Checkpoint thread.
     */
    public void releaseThrough(final long height, final CheckpointListener listener) {
        // Listing the directory allocates; only a segment older than the newest can go, so list only when the last
        // listing left one behind or a segment was created since.
        final long newest = newestFirst;
        if (!olderRemain && newest == listedNewest) {
            return;
        }
        final long[] firsts = listSegments(dir.path());
        listedNewest = newest;
        int i = 0;
        for (; i + 1 < firsts.length && firsts[i + 1] <= height + 1; i++) {
            final Path path = segmentPath(dir.path(), firsts[i]);
            try {
                final long size = Files.size(path);
                Files.delete(path);
                releasedBytes = releasedBytes + size;
                segmentsReleased = segmentsReleased + 1;
            } catch (final IOException e) {
                throw new StateException("cannot delete state journal segment " + path + " after checkpoint " + height
                    + ": " + e, e);
            }
            if (listener != null) {
                listener.onStep(CheckpointListener.SEGMENT_DELETED, firsts[i]);
            }
        }
        olderRemain = firsts.length - i > 1;
    }

    /**
     * Hands every complete, checksummed and well-formed record of every segment to {@code handler}, oldest first;
     * stops at a torn tail, and throws if a record follows one. Opening thread.
     */
    public void replay(final BlockRecord scratch, final RecordHandler handler) {
        final Path legacy = dir.resolve(LEGACY_FILE);
        Path torn = null;
        if (Files.exists(legacy)) {
            torn = replayFile(legacy, scratch, handler, null);
        }
        for (final long first : listSegments(dir.path())) {
            torn = replayFile(segmentPath(dir.path(), first), scratch, handler, torn);
        }
    }

    /** Replays one file; returns it if it ends in a torn record, else {@code tornBefore}. */
    private Path replayFile(final Path path, final BlockRecord scratch, final RecordHandler handler,
                            final Path tornBefore) {
        try (FileChannel ch = opener.open(path, StandardOpenOption.READ)) {
            final long end = ch.size();
            final long accepted = forEachValid(ch, path, scratch, tornBefore, handler);
            return accepted < end ? path : tornBefore;
        } catch (final IOException e) {
            throw new StateException("cannot read state journal segment " + path + ": " + e, e);
        }
    }

    private static long forEachValid(final FileChannel ch, final Path path, final BlockRecord scratch,
                                     final Path tornBefore, final RecordHandler handler) throws IOException {
        final ByteOrder le = ByteOrder.LITTLE_ENDIAN;
        final ExpandableDirectByteBuffer buf = scratch.buffer();
        final long end = ch.size();
        long at = 0;
        while (end - at >= BlockRecordDescriptor.HEADER_LENGTH + BlockRecordDescriptor.TRAILER_LENGTH) {
            if (!readFully(ch, buf, 0, BlockRecordDescriptor.HEADER_LENGTH, at)
                || buf.getInt(0, le) != BlockRecordDescriptor.MAGIC) {
                break;
            }
            final long payload = buf.getLong(BlockRecordDescriptor.PAYLOAD_LENGTH_OFFSET, le);
            final long total = BlockRecordDescriptor.HEADER_LENGTH + payload + BlockRecordDescriptor.TRAILER_LENGTH;
            if (payload < 0 || total > end - at || total > Integer.MAX_VALUE - 64) {
                break;
            }
            buf.checkLimit((int) total);
            if (!readFully(ch, buf, BlockRecordDescriptor.HEADER_LENGTH, (int) total - BlockRecordDescriptor.HEADER_LENGTH,
                at + BlockRecordDescriptor.HEADER_LENGTH)) {
                break;
            }
            final int trailer = (int) total - BlockRecordDescriptor.TRAILER_LENGTH;
            final int stored = buf.getInt(trailer + BlockRecordDescriptor.TRAILER_CRC_OFFSET, le);
            if (buf.getInt(trailer + BlockRecordDescriptor.TRAILER_END_OFFSET, le) != BlockRecordDescriptor.END_MAGIC
                || scratch.crc(buf.byteBuffer(), 0, trailer + 32) != stored) {
                break;
            }
            scratch.loaded(buf.getLong(BlockRecordDescriptor.HEIGHT_OFFSET, le), (int) total);
            if (tornBefore != null) {
                throw new StateException("state journal segment " + tornBefore + " ends in a torn record, but "
                    + path + " holds block " + scratch.height() + " after it: the journal is corrupt");
            }
            scratch.validate(path);
            handler.onRecord(scratch);
            at += total;
        }
        return at;
    }

    private static boolean readFully(final FileChannel ch, final ExpandableDirectByteBuffer buf, final int offset,
                                     final int length, final long filePosition) throws IOException {
        final ByteBuffer bb = buf.byteBuffer();
        bb.limit(offset + length).position(offset);
        long at = filePosition;
        try {
            while (bb.hasRemaining()) {
                final int n = ch.read(bb, at);
                if (n < 0) {
                    return false;
                }
                at += n;
            }
            return true;
        } finally {
            bb.clear();
        }
    }

    /**
     * Closes the newest segment and deletes every journal file: call only when a checkpoint has recorded (and forced)
     * every block they hold and no other thread uses the journal (open after recovery, close after the last
     * checkpoint).
     */
    public void deleteAll() {
        closeActive();
        try {
            Files.deleteIfExists(dir.resolve(LEGACY_FILE));
            for (final long first : listSegments(dir.path())) {
                Files.delete(segmentPath(dir.path(), first));
            }
        } catch (final IOException e) {
            throw new StateException("cannot delete state journal segments in " + dir.path() + ": " + e, e);
        }
        appendedBytes = 0;
        releasedBytes = 0;
        segmentsCreated = 0;
        segmentsReleased = 0;
        olderRemain = true;
    }

    /** First heights of the segment files in {@code directory}, ascending. */
    static long[] listSegments(final Path directory) {
        long[] firsts = new long[16];
        int n = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(directory, SEGMENT_PREFIX + "*")) {
            for (final Path p : ds) {
                final String suffix = p.getFileName().toString().substring(SEGMENT_PREFIX.length());
                if (suffix.isEmpty() || !suffix.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                if (n == firsts.length) {
                    firsts = Arrays.copyOf(firsts, n * 2);
                }
                firsts[n++] = Long.parseLong(suffix);
            }
        } catch (final IOException e) {
            throw new StateException("cannot list state journal segments in " + directory + ": " + e, e);
        }
        final long[] sorted = Arrays.copyOf(firsts, n);
        Arrays.sort(sorted);
        return sorted;
    }

    private void closeActive() {
        if (active != null) {
            final FileChannel ch = active;
            active = null;
            activePath = null;
            try {
                ch.close();
            } catch (final IOException e) {
                throw new StateException("cannot close state journal segment: " + e, e);
            }
        }
    }

    private static void closeQuietly(final FileChannel ch) {
        try {
            ch.close();
        } catch (final IOException ignored) {
            // Its records were written (and forced when syncing) before; closing only releases the descriptor.
        }
    }

    /** Closes the newest segment (keeping every file). Closing thread. */
    @Override
    public void close() {
        closeActive();
    }
}
