package io.multilane.state.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/**
 * A {@link ChannelOpener} whose channels fail on demand, for the files whose name contains {@link #target}: a
 * positional write writes half of its bytes and throws (a disk that filled up mid-write), a force or a truncate
 * throws, a map throws. Every other call goes to the real channel. Flags may be flipped from the test thread at any
 * time.
 */
final class FaultyChannels implements ChannelOpener {
    volatile String target = "";
    volatile boolean failWrite;
    volatile boolean failForce;
    volatile boolean failTruncate;
    volatile boolean failMap;
    volatile int failures;

    @Override
    public FileChannel open(final Path path, final OpenOption... options) throws IOException {
        return new Faulty(FileChannel.open(path, options), path.getFileName().toString());
    }

    private IOException injected(final String what, final String name) {
        failures++;
        return new IOException("injected " + what + " failure on " + name);
    }

    /** A channel that delegates to a real one unless a fault is armed for its file. */
    private final class Faulty extends FileChannel {
        private final FileChannel real;
        private final String name;

        Faulty(final FileChannel real, final String name) {
            this.real = real;
            this.name = name;
        }

        private boolean armed(final boolean flag) {
            return flag && name.contains(target);
        }

        @Override
        public int write(final ByteBuffer src, final long position) throws IOException {
            if (armed(failWrite)) {
                final int half = src.remaining() / 2;
                final ByteBuffer part = src.duplicate();
                part.limit(part.position() + half);
                real.write(part, position);
                throw injected("write", name);
            }
            return real.write(src, position);
        }

        @Override
        public void force(final boolean metaData) throws IOException {
            if (armed(failForce)) {
                throw injected("force", name);
            }
            real.force(metaData);
        }

        @Override
        public FileChannel truncate(final long size) throws IOException {
            if (armed(failTruncate)) {
                throw injected("truncate", name);
            }
            real.truncate(size);
            return this;
        }

        @Override
        public int read(final ByteBuffer dst) throws IOException {
            return real.read(dst);
        }

        @Override
        public long read(final ByteBuffer[] dsts, final int offset, final int length) throws IOException {
            return real.read(dsts, offset, length);
        }

        @Override
        public int write(final ByteBuffer src) throws IOException {
            return real.write(src);
        }

        @Override
        public long write(final ByteBuffer[] srcs, final int offset, final int length) throws IOException {
            return real.write(srcs, offset, length);
        }

        @Override
        public long position() throws IOException {
            return real.position();
        }

        @Override
        public FileChannel position(final long newPosition) throws IOException {
            real.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return real.size();
        }

        @Override
        public long transferTo(final long position, final long count, final WritableByteChannel sink)
            throws IOException {
            return real.transferTo(position, count, sink);
        }

        @Override
        public long transferFrom(final ReadableByteChannel src, final long position, final long count)
            throws IOException {
            return real.transferFrom(src, position, count);
        }

        @Override
        public int read(final ByteBuffer dst, final long position) throws IOException {
            return real.read(dst, position);
        }

        @Override
        public MappedByteBuffer map(final MapMode mode, final long position, final long size) throws IOException {
            if (armed(failMap)) {
                throw injected("map", name);
            }
            return real.map(mode, position, size);
        }

        @Override
        public FileLock lock(final long position, final long size, final boolean shared) throws IOException {
            return real.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(final long position, final long size, final boolean shared) throws IOException {
            return real.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            real.close();
        }
    }
}
