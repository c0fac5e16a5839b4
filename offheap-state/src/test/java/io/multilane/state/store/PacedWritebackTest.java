package io.multilane.state.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import io.multilane.state.StateConfig;
import io.multilane.state.Writeback;
import io.multilane.state.key.KeyType;
import io.multilane.state.key.StateKeys;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The paced writeback writes the file's dirty pages back to the device, whichever mapping dirtied them, up to the
 * position it is given and no further; a store that paces its checkpoints leaves far fewer of Chronicle's pages dirty
 * than one that leaves them to the kernel. Dirty pages are counted from the kernel's view of each mapping
 * ({@code /proc/self/smaps}: a page written back is clean in every mapping).
 */
class PacedWritebackTest {
    private static final int PAGE = 4096;
    private static final int HALF = 8 << 20;

    @TempDir
    Path dir;

    @Test
    void writesBackTheFileUpToThePositionItIsGiven() throws IOException {
        final Path file = dir.resolve("paced.bin");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
            StandardOpenOption.WRITE)) {
            ch.truncate(0);
            ch.write(java.nio.ByteBuffer.allocate(1), 2L * HALF - 1);
            // another mapper, as Chronicle maps the file on its own
            final MappedByteBuffer other = ch.map(FileChannel.MapMode.READ_WRITE, 0, 2L * HALF);
            try (PacedWriteback writeback = new PacedWriteback(ch, file.toFile())) {
                dirtyEveryPage(other);
                final long kb = 2L * HALF / 1024;
                assertEquals(kb, dirtyKb(file), "every page dirty before");
                writeback.begin(ch.size());
                assertEquals(2L * HALF, writeback.size());
                assertEquals(HALF, writeback.advance(HALF + PAGE - 1, Long.MAX_VALUE), "whole pages up to the position");
                assertEquals(kb / 2, dirtyKb(file), "the pages below the position are written back, no others");
                assertEquals(PacedWriteback.MAX_RANGE, writeback.advance(2L * HALF, PacedWriteback.MAX_RANGE),
                    "at most the budget");
                assertEquals(HALF - PacedWriteback.MAX_RANGE, writeback.advance(2L * HALF, Long.MAX_VALUE));
                assertEquals(0, dirtyKb(file));
                assertEquals(0, writeback.advance(2L * HALF, Long.MAX_VALUE), "nothing left in this pass");
                assertEquals(2L * HALF, writeback.bytesWrittenBack());
            } finally {
                IoUtil.unmap(other);
            }
        }
    }

    /**
     * After a checkpoint of 100k distinct keys: left to the kernel, Chronicle's mapping holds the pages the checkpoint
     * dirtied; dropped behind the checkpoint, it holds almost none, but the pages are still dirty in the page cache
     * (a fresh mapping of the file sees them dirty) for the kernel to write back unmapped; paced, they are also
     * written back (clean).
     */
    @Test
    void eachModeLeavesChroniclesPagesWhereItSays() throws IOException {
        final long[] kernel = pagesAfterCheckpoint(dir.resolve("kernel"), Writeback.KERNEL);
        final long[] dropped = pagesAfterCheckpoint(dir.resolve("dropped"), Writeback.DROP_BEHIND);
        final long[] paced = pagesAfterCheckpoint(dir.resolve("paced"), Writeback.PACED);
        assertTrue(kernel[0] > 4 * 1024, "the checkpoint mapped and dirtied " + kernel[0] + " kB of the file");
        assertTrue(kernel[1] > 4 * 1024, "dirty: " + kernel[1] + " kB");
        assertTrue(dropped[0] * 10 < kernel[0], "dropped: " + dropped[0] + " kB mapped, kernel " + kernel[0]);
        assertTrue(dropped[1] * 2 > kernel[1], "dropped pages stay dirty: " + dropped[1] + " kB, kernel " + kernel[1]);
        assertTrue(paced[0] * 10 < kernel[0], "paced: " + paced[0] + " kB mapped, kernel " + kernel[0]);
        assertTrue(paced[1] * 10 < kernel[1], "paced pages are written back: " + paced[1] + " kB dirty, kernel "
            + kernel[1]);
    }

    /**
     * Kilobytes of state.cm3 resident in Chronicle's mappings after a checkpoint of 100k distinct keys, and the
     * kilobytes of the file's pages that are dirty in the page cache (every page touched through a fresh mapping).
     */
    private static long[] pagesAfterCheckpoint(final Path storeDir, final Writeback mode) throws IOException {
        final StateConfig config = StateConfig.of(storeDir, 200_000).withSyncOnSeal(false).withWriteBehindThread(false)
            .withCheckpointIntervalBlocks(1_000).withWriteback(mode);
        final UnsafeBuffer key = new UnsafeBuffer(new byte[StateKeys.LENGTH]);
        final UnsafeBuffer value = new UnsafeBuffer(new byte[KeyType.MAX_RECORD_LENGTH]);
        final Path file = storeDir.resolve(ChronicleRecords.FILE_NAME);
        try (TieredStateStore s = TieredStateStore.open(config)) {
            for (long h = 1; h <= 10; h++) {
                s.beginBlock(h);
                for (int i = 0; i < 10_000; i++) {
                    StateKeys.encode(key, 0, KeyType.TOKEN_BALANCE, 1, h * 10_000 + i, 0);
                    value.putLong(0, h + i);
                    s.write(key, 0, value, 0, 16);
                }
                s.seal(h, new UnsafeBuffer(new byte[32]), 0);
            }
            s.checkpoint();
            final long mapped = Smaps.kb(file, "Rss");
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                final MappedByteBuffer view = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
                try {
                    long sum = 0;
                    for (int i = 0; i < view.capacity(); i += PAGE) {
                        sum += view.get(i);
                    }
                    assertTrue(sum != Long.MIN_VALUE, "touched every page");
                    return new long[] {mapped, dirtyKb(file)};
                } finally {
                    IoUtil.unmap(view);
                }
            }
        }
    }

    private static void dirtyEveryPage(final MappedByteBuffer m) {
        for (int i = 0; i < m.capacity(); i += PAGE) {
            m.putLong(i, i + 1);
        }
    }

    /** Dirty kilobytes (shared and private) of {@code file} over every mapping of it in this process. */
    private static long dirtyKb(final Path file) {
        return Smaps.kb(file, "Shared_Dirty", "Private_Dirty");
    }
}
