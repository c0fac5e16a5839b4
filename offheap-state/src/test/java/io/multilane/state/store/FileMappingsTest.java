package io.multilane.state.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.agrona.IoUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dropping a file's page-table entries touches only its shared mappings, and loses nothing: what was written through
 * them is still there, in the page cache, for the file and for the mapping's next access. A private mapping of the
 * same file (where dropping would discard its changes) and another file's mapping keep their pages. Residency is
 * read from the kernel's view of each mapping ({@code /proc/self/smaps}).
 */
class FileMappingsTest {
    private static final int PAGE = 4096;
    private static final int SIZE = 4 << 20;

    @TempDir
    Path dir;

    @Test
    void dropsTheSharedMappingsOfTheFileAndKeepsTheirData() throws IOException {
        final Path file = dir.resolve("state.bin");
        final Path other = dir.resolve("other.bin");
        try (FileChannel ch = open(file); FileChannel otherCh = open(other)) {
            final MappedByteBuffer shared = ch.map(FileChannel.MapMode.READ_WRITE, 0, SIZE);
            final MappedByteBuffer privateCopy = ch.map(FileChannel.MapMode.PRIVATE, 0, SIZE);
            final MappedByteBuffer otherShared = otherCh.map(FileChannel.MapMode.READ_WRITE, 0, SIZE);
            try {
                final FileMappings mappings = new FileMappings(file.toFile());
                assumeTrue(mappings.supported(), "no /proc/self/maps or POSIX binding here");
                for (int i = 0; i < SIZE; i += PAGE) {
                    shared.putLong(i, i + 1L);
                    privateCopy.putLong(i + 8, -i);
                    otherShared.putLong(i, i + 2L);
                }
                assertEquals(2 * SIZE / 1024, Smaps.kb(file, "Rss"), "both mappings resident before");
                assertEquals(1, mappings.refresh(), "one shared mapping of the file, the private one not counted");
                assertEquals(SIZE, mappings.length(0));

                assertEquals(SIZE, mappings.drop());

                assertEquals(SIZE / 1024, Smaps.kb(file, "Rss"), "only the private mapping keeps its pages");
                assertEquals(SIZE / 1024, Smaps.kb(other, "Rss"), "another file's mapping is left alone");
                final ByteBuffer read = ByteBuffer.allocate(Long.BYTES).order(shared.order());
                for (int i = 0; i < SIZE; i += PAGE) {
                    assertEquals(i + 1L, shared.getLong(i), "the mapping faults its data back in");
                    assertEquals(-i, privateCopy.getLong(i + 8), "the private copy is intact");
                    read.clear();
                    ch.read(read, i);
                    assertEquals(i + 1L, read.getLong(0), "the file holds what was written");
                }
                assertEquals(SIZE, mappings.bytesDropped());
            } finally {
                IoUtil.unmap(shared);
                IoUtil.unmap(privateCopy);
                IoUtil.unmap(otherShared);
            }
        }
    }

    @Test
    void findsEveryMappingOfTheFileAndNothingOnceUnmapped() throws IOException {
        final Path file = dir.resolve("grown.bin");
        try (FileChannel ch = open(file)) {
            final MappedByteBuffer first = ch.map(FileChannel.MapMode.READ_WRITE, 0, SIZE);
            final MappedByteBuffer second = ch.map(FileChannel.MapMode.READ_WRITE, SIZE, SIZE);
            final FileMappings mappings = new FileMappings(file.toFile());
            assumeTrue(mappings.supported(), "no /proc/self/maps or POSIX binding here");
            try {
                first.putLong(0, 1);
                second.putLong(0, 2);
                assertTrue(mappings.refresh() >= 1, "the file is mapped");
                assertEquals(2L * SIZE, mappings.drop(), "both mappings of the file, a part each, are dropped");
                assertEquals(0, Smaps.kb(file, "Rss"));
            } finally {
                IoUtil.unmap(first);
                IoUtil.unmap(second);
            }
            assertEquals(0, mappings.refresh(), "no mapping left to find");
            assertEquals(0, mappings.drop());
        }
    }

    private static FileChannel open(final Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }
}
