package io.multilane.cluster;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.ImageFragmentAssembler;
import io.aeron.Publication;
import io.aeron.cluster.client.ClusterException;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The service's part of an Aeron Cluster snapshot: the cluster height, the {@link BlockLedger}, and the whole state
 * as a state snapshot file (the store's own export, whose import recomputes and checks the root), streamed as
 * messages: one {@code M} (height, ledger entry count, state file length), {@code L} messages of ledger entries,
 * {@code S} messages of state file bytes, one {@code E}. Used on the service thread only.
 */
final class ServiceSnapshot {
    private static final byte META = 'M';
    private static final byte LEDGER = 'L';
    private static final byte STATE = 'S';
    private static final byte END = 'E';
    private static final int HEADER = 8;
    private static final int CHUNK = 32 * 1024;
    private static final int LEDGER_PER_MESSAGE = CHUNK / BlockLedger.ENTRY_LENGTH;

    private ServiceSnapshot() {
    }

    /** Streams the height, the ledger and the state file into {@code publication}. */
    static void write(final ExclusivePublication publication, final IdleStrategy idle, final long height,
            final BlockLedger ledger, final Path stateFile) {
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(HEADER + CHUNK));
        try (FileChannel in = FileChannel.open(stateFile, StandardOpenOption.READ)) {
            final long fileLength = in.size();
            final int entries = ledger.count();
            buffer.putByte(0, META);
            buffer.putLong(8, height, ClusterMessages.ORDER);
            buffer.putLong(16, entries, ClusterMessages.ORDER);
            buffer.putLong(24, fileLength, ClusterMessages.ORDER);
            offer(publication, idle, buffer, 32);
            final UnsafeBuffer all = new UnsafeBuffer(new byte[Math.max(1, entries * BlockLedger.ENTRY_LENGTH)]);
            ledger.write(all, 0);
            for (int e = 0; e < entries; e += LEDGER_PER_MESSAGE) {
                final int n = Math.min(LEDGER_PER_MESSAGE, entries - e);
                buffer.putByte(0, LEDGER);
                buffer.putInt(4, n, ClusterMessages.ORDER);
                buffer.putBytes(HEADER, all, e * BlockLedger.ENTRY_LENGTH, n * BlockLedger.ENTRY_LENGTH);
                offer(publication, idle, buffer, HEADER + n * BlockLedger.ENTRY_LENGTH);
            }
            final ByteBuffer chunk = buffer.byteBuffer();
            long sent = 0;
            while (sent < fileLength) {
                chunk.clear().position(HEADER);
                final int read = in.read(chunk, sent);
                if (read <= 0) {
                    throw new IOException("state snapshot " + stateFile + " ended at " + sent + " of " + fileLength);
                }
                buffer.putByte(0, STATE);
                offer(publication, idle, buffer, HEADER + read);
                sent += read;
            }
            buffer.putByte(0, END);
            buffer.putLong(8, fileLength, ClusterMessages.ORDER);
            offer(publication, idle, buffer, 16);
        } catch (final IOException e) {
            throw new ClusterException("cannot stream state snapshot " + stateFile + ": " + e);
        }
    }

    private static void offer(final ExclusivePublication publication, final IdleStrategy idle, final DirectBuffer buffer,
            final int length) {
        idle.reset();
        long result;
        while ((result = publication.offer(buffer, 0, length)) < 0) {
            if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED) {
                throw new ClusterException("snapshot publication refused a message: " + Publication.errorString(result));
            }
            idle.idle();
        }
    }

    /** What a snapshot held: the cluster height (also the state file's height) and the state file written out. */
    static final class Loaded {
        final long height;
        final Path stateFile;

        Loaded(final long height, final Path stateFile) {
            this.height = height;
            this.stateFile = stateFile;
        }
    }

    /** Reads a snapshot into {@code ledger} and the state file {@code stateFile} (replaced). */
    static Loaded read(final Image image, final IdleStrategy idle, final BlockLedger ledger, final Path stateFile) {
        final Reader reader = new Reader(ledger, stateFile);
        try {
            final ImageFragmentAssembler assembler = new ImageFragmentAssembler(reader);
            idle.reset();
            while (!reader.done) {
                final int fragments = image.poll(assembler, 64);
                if (fragments == 0 && (image.isEndOfStream() || image.isClosed())) {
                    throw new ClusterException("snapshot ended before its end message (" + reader.written + " of "
                            + reader.fileLength + " state bytes)");
                }
                idle.idle(fragments);
            }
            if (reader.error != null) {
                throw new ClusterException("cannot write the snapshot's state file " + stateFile + ": " + reader.error);
            }
            return new Loaded(reader.height, stateFile);
        } finally {
            reader.close();
        }
    }

    /** Collects the messages of one snapshot. */
    private static final class Reader implements FragmentHandler {
        private final BlockLedger ledger;
        private final Path stateFile;
        private OutputStream out;
        private final byte[] copy = new byte[CHUNK];
        long height = -1;
        long fileLength = -1;
        long written;
        boolean done;
        IOException error;

        Reader(final BlockLedger ledger, final Path stateFile) {
            this.ledger = ledger;
            this.stateFile = stateFile;
        }

        @Override
        public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header) {
            if (error != null) {
                return;
            }
            try {
                switch (buffer.getByte(offset)) {
                    case META:
                        height = buffer.getLong(offset + 8, ClusterMessages.ORDER);
                        fileLength = buffer.getLong(offset + 24, ClusterMessages.ORDER);
                        Files.deleteIfExists(stateFile);
                        out = Files.newOutputStream(stateFile);
                        break;
                    case LEDGER:
                        ledger.read(buffer, offset + HEADER, buffer.getInt(offset + 4, ClusterMessages.ORDER));
                        break;
                    case STATE:
                        buffer.getBytes(offset + HEADER, copy, 0, length - HEADER);
                        out.write(copy, 0, length - HEADER);
                        written += length - HEADER;
                        break;
                    case END:
                        out.close();
                        out = null;
                        if (written != fileLength || buffer.getLong(offset + 8, ClusterMessages.ORDER) != fileLength) {
                            throw new IOException("snapshot carried " + written + " state bytes, announced " + fileLength);
                        }
                        done = true;
                        break;
                    default:
                        throw new IOException("unknown snapshot message type " + buffer.getByte(offset));
                }
            } catch (final IOException | RuntimeException e) {
                error = e instanceof IOException ? (IOException) e : new IOException(e);
                done = true;
            }
        }

        void close() {
            if (out != null) {
                try {
                    out.close();
                } catch (final IOException ignored) {
                    // the error that left it open is reported
                }
            }
        }
    }
}
