package io.multilane.state.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import io.multilane.state.StateException;
import org.agrona.ExpandableDirectByteBuffer;

/**
 * The redo journal: an append-only file of sealed {@link BlockRecord}s. {@code seal} appends the block's record
 * (forced to the device when configured) before the block counts as sealed; write-behind later applies it to
 * Chronicle and advances the applied height there. On open, records above the applied height are replayed;
 * a torn or corrupt tail (a crash during an append) ends the journal. When everything in it is applied, the
 * writer truncates it.
 *
 * <p>Appends and truncation happen on the writer thread; {@link #forEachValid} runs on the opening thread
 * before the store is shared.
 */
public final class BlockJournal implements AutoCloseable {
    /** Name of the journal file in the data directory. */
    public static final String FILE_NAME = "state.journal";

    private final Path path;
    private final FileChannel channel;
    private long size;

    /** Receives each valid record of the journal in file order. */
    @FunctionalInterface
    public interface RecordHandler {
        void onRecord(BlockRecord record);
    }

    private BlockJournal(Path path, FileChannel channel, long size) {
        this.path = path;
        this.channel = channel;
        this.size = size;
    }

    /** Opens (creating) the journal; the file position is its current end. */
    public static BlockJournal open(Path path) {
        try {
            final FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
            return new BlockJournal(path, ch, ch.size());
        } catch (final IOException e) {
            throw new StateException("cannot open state journal " + path + ": " + e, e);
        }
    }

    public long size() {
        return size;
    }

    /** Appends the finished record; forces it to the device when {@code sync}. */
    public void append(BlockRecord record, boolean sync) {
        final ByteBuffer bb = record.buffer().byteBuffer();
        final int oldLimit = bb.limit();
        final int oldPosition = bb.position();
        bb.limit(record.length()).position(0);
        try {
            long at = size;
            while (bb.hasRemaining()) {
                at += channel.write(bb, at);
            }
            if (sync) {
                channel.force(false);
            }
            size = at;
        } catch (final IOException e) {
            throw new StateException("cannot append block " + record.height() + " to state journal " + path + ": " + e,
                e);
        } finally {
            bb.limit(oldLimit).position(oldPosition);
        }
    }

    /** Empties the journal; call only when every record in it has been applied to the store of record. */
    public void truncate(boolean sync) {
        try {
            channel.truncate(0);
            if (sync) {
                channel.force(true);
            }
            size = 0;
        } catch (final IOException e) {
            throw new StateException("cannot truncate state journal " + path + ": " + e, e);
        }
    }

    /**
     * Reads the journal from the start and hands every complete, checksummed record to {@code handler}, in order;
     * stops at the first incomplete or corrupt record (the tail a crash may leave). Returns the bytes accepted.
     */
    public long forEachValid(BlockRecord scratch, RecordHandler handler) {
        final ByteOrder le = ByteOrder.LITTLE_ENDIAN;
        long at = 0;
        try {
            final long end = channel.size();
            while (end - at >= BlockRecordDescriptor.HEADER_LENGTH + BlockRecordDescriptor.TRAILER_LENGTH) {
                final ExpandableDirectByteBuffer buf = scratch.buffer();
                if (!readFully(buf, 0, BlockRecordDescriptor.HEADER_LENGTH, at)) {
                    break;
                }
                if (buf.getInt(0, le) != BlockRecordDescriptor.MAGIC) {
                    break;
                }
                final long payload = buf.getLong(BlockRecordDescriptor.PAYLOAD_LENGTH_OFFSET, le);
                final long total = BlockRecordDescriptor.HEADER_LENGTH + payload + BlockRecordDescriptor.TRAILER_LENGTH;
                if (payload < 0 || total > end - at || total > Integer.MAX_VALUE - 64) {
                    break;
                }
                buf.checkLimit((int) total);
                if (!readFully(buf, BlockRecordDescriptor.HEADER_LENGTH, (int) total - BlockRecordDescriptor.HEADER_LENGTH,
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
                handler.onRecord(scratch);
                at += total;
            }
        } catch (final IOException e) {
            throw new StateException("cannot read state journal " + path + ": " + e, e);
        }
        return at;
    }

    private boolean readFully(ExpandableDirectByteBuffer buf, int offset, int length, long filePosition)
        throws IOException {
        final ByteBuffer bb = buf.byteBuffer();
        bb.limit(offset + length).position(offset);
        long at = filePosition;
        while (bb.hasRemaining()) {
            final int n = channel.read(bb, at);
            if (n < 0) {
                bb.clear();
                return false;
            }
            at += n;
        }
        bb.clear();
        return true;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (final IOException e) {
            throw new StateException("cannot close state journal " + path + ": " + e, e);
        }
    }
}
