package io.multilane.state.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import io.multilane.state.StateConfig;
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
                writeback.begin();
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

    @Test
    void aPacedStoreLeavesFewOfChroniclesPagesDirtyAfterACheckpoint() {
        final long paced = dirtyAfterCheckpoint(dir.resolve("paced"), true);
        final long unpaced = dirtyAfterCheckpoint(dir.resolve("unpaced"), false);
        assertTrue(unpaced > 4 * 1024, "the checkpoint dirtied " + unpaced + " kB of the file");
        assertTrue(paced * 10 < unpaced, "paced " + paced + " kB dirty, unpaced " + unpaced + " kB");
    }

    /** Kilobytes of state.cm3 dirty in this process's mappings after a checkpoint of 100k distinct keys. */
    private static long dirtyAfterCheckpoint(final Path storeDir, final boolean paced) {
        final StateConfig config = StateConfig.of(storeDir, 200_000).withSyncOnSeal(false).withWriteBehindThread(false)
            .withCheckpointIntervalBlocks(1_000).withPacedWriteback(paced);
        final UnsafeBuffer key = new UnsafeBuffer(new byte[StateKeys.LENGTH]);
        final UnsafeBuffer value = new UnsafeBuffer(new byte[KeyType.MAX_RECORD_LENGTH]);
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
            return dirtyKb(storeDir.resolve(ChronicleRecords.FILE_NAME));
        }
    }

    private static void dirtyEveryPage(final MappedByteBuffer m) {
        for (int i = 0; i < m.capacity(); i += PAGE) {
            m.putLong(i, i + 1);
        }
    }

    /** Dirty kilobytes (shared and private) of {@code file} over every mapping of it in this process. */
    private static long dirtyKb(final Path file) {
        final String name = " " + file.toAbsolutePath();
        long kb = 0;
        try {
            boolean inFile = false;
            for (final String line : Files.readAllLines(Path.of("/proc/self/smaps"))) {
                if (line.matches("^[0-9a-f]+-[0-9a-f]+ .*")) {
                    inFile = line.endsWith(name);
                } else if (inFile && (line.startsWith("Shared_Dirty:") || line.startsWith("Private_Dirty:"))) {
                    kb += Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (final IOException e) {
            throw new IllegalStateException("cannot read /proc/self/smaps", e);
        }
        return kb;
    }
}
