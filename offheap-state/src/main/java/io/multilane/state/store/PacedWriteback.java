package io.multilane.state.store;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;

import io.multilane.state.StateException;
import org.agrona.IoUtil;

/**
 * Writes the store of record's dirty pages back to the device behind a checkpoint, range by range, on the thread
 * that runs the checkpoint ({@code Writeback.PACED}). A checkpoint's puts dirty most 4 KiB pages of Chronicle's
 * memory-mapped file; left to the kernel, they are written back all at once when the file has been dirty for
 * {@code dirty_expire_centisecs} (30 s), a burst of a few hundred megabytes of device traffic. Since the checkpoint
 * writes in the file's order ({@link ChronicleOrder}), the ranges it has finished are known as it goes;
 * {@link #advance} writes them back at once in ranges of at most {@link #MAX_RANGE} bytes ({@code msync(MS_SYNC)}
 * through this class's own mapping of the file, which writes back the file's dirty pages in the range whichever
 * mapping dirtied them), so the kernel finds almost nothing left to write. The checkpoint drops Chronicle's
 * page-table entries for a range ({@link FileMappings}) before writing it back: a page still mapped would be
 * write-protected first, one TLB shootdown per page. A checkpoint's final force then finds little to do.
 *
 * <p>It writes the same pages more often than the kernel would (once per checkpoint that dirties them, instead of
 * once per 30 s), in exchange for never writing them in one burst.
 *
 * <p>One thread: the checkpoint's. A failure is a {@link StateException} naming the file.
 */
final class PacedWriteback implements AutoCloseable {
    /** Largest range one msync covers: short enough that the thread returns to merging between ranges. */
    static final int MAX_RANGE = 1 << 20;
    /** Bytes each mapping of the file covers (a {@link MappedByteBuffer} is indexed by int). */
    private static final long CHUNK = 1L << 30;
    private static final long PAGE = 4096;

    private final FileChannel channel;
    private final File file;
    private MappedByteBuffer[] chunks = new MappedByteBuffer[0];
    private long size;
    private long done;
    private long bytesForced;

    /** @param channel a read-write channel on the file (owned by the caller, who closes it after this) */
    PacedWriteback(final FileChannel channel, final File file) {
        this.channel = channel;
        this.file = file;
    }

    /** Starts a pass over the file, now {@code now} bytes long (mapping it again if it grew): nothing written back yet. */
    void begin(final long now) {
        try {
            if (now != size) {
                unmap();
                final int count = (int) ((now + CHUNK - 1) / CHUNK);
                final MappedByteBuffer[] mapped = new MappedByteBuffer[count];
                for (int i = 0; i < count; i++) {
                    final long start = i * CHUNK;
                    mapped[i] = channel.map(FileChannel.MapMode.READ_WRITE, start, Math.min(CHUNK, now - start));
                }
                chunks = mapped;
                size = now;
            }
        } catch (final IOException e) {
            throw new StateException("cannot map state file " + file + " to write it back: " + e, e);
        }
        done = 0;
    }

    /** The file's size at {@link #begin}. */
    long size() {
        return size;
    }

    /**
     * Writes back the file from where the pass stands up to {@code position} (rounded down to a page), at most
     * {@code budget} bytes of it now; returns the bytes written back (0 if the pass is already there).
     */
    long advance(final long position, final long budget) {
        final long limit = budget >= size - done ? size : done + budget;
        final long end = Math.min(limit, Math.min(size, position & ~(PAGE - 1)));
        long written = 0;
        while (done < end) {
            final long chunkStart = done / CHUNK * CHUNK;
            final long rangeEnd = Math.min(end, Math.min(done + MAX_RANGE, chunkStart + CHUNK));
            try {
                chunks[(int) (done / CHUNK)].force((int) (done - chunkStart), (int) (rangeEnd - done));
            } catch (final UncheckedIOException e) {
                throw new StateException("cannot write state file " + file + " back to the device (bytes " + done
                    + ".." + rangeEnd + "): " + e.getCause(), e.getCause());
            }
            written += rangeEnd - done;
            done = rangeEnd;
        }
        bytesForced += written;
        return written;
    }

    /** Where the current pass stands: every byte below it was written back during the pass. */
    long position() {
        return done;
    }

    /** Bytes written back since this was created (any thread may read it after the writer's last call). */
    long bytesWrittenBack() {
        return bytesForced;
    }

    private void unmap() {
        for (final MappedByteBuffer m : chunks) {
            IoUtil.unmap(m);
        }
        chunks = new MappedByteBuffer[0];
        size = 0;
    }

    @Override
    public void close() {
        unmap();
    }
}
