package io.multilane.state.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.multilane.state.StateConfig;
import io.multilane.state.StateException;
import io.multilane.state.StateSnapshots;
import io.multilane.state.StateStore;
import io.multilane.state.TestRecords;
import io.multilane.state.key.KeyType;
import io.multilane.state.key.StateKeys;
import net.openhft.chronicle.hash.impl.SizePrefixedBlob;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An interrupted creation of the state file never costs Chronicle's 60 s wait for a header and never loses a store:
 * a leftover creating file (a new store's or a snapshot import's, as a kill leaves it: header not marked ready) is
 * deleted at the next open, which creates a fresh store, or keeps a complete store beside it intact; a next import
 * into the directory works; a {@code state.cm3} whose header is not complete (empty, cut short, or never marked
 * ready: created in place by an older build and interrupted) is reported at once naming the file and left as it
 * is; and a child JVM killed with SIGKILL while it creates a store leaves a directory that opens at once at height 0.
 */
class InterruptedCreationTest {
    /** Far below Chronicle's 60 s wait for a header, far above an open on a loaded 2-core box. */
    private static final Duration FAST = Duration.ofSeconds(20);
    private static final long ENTRIES = 1000;

    @TempDir
    Path dir;

    private final UnsafeBuffer key = new UnsafeBuffer(new byte[32]);
    private final UnsafeBuffer value = new UnsafeBuffer(new byte[144]);
    private final UnsafeBuffer root = new UnsafeBuffer(new byte[32]);

    private static StateConfig config(final Path at) {
        return StateConfig.of(at, ENTRIES).withSyncOnSeal(false);
    }

    /**
     * Writes at {@code at} a Chronicle file as a kill during its creation leaves it: a header written but not marked
     * ready (Chronicle marks it ready last, after syncing the map).
     */
    private static void interruptedChronicleFile(final Path at) throws IOException {
        ChronicleRecords.create(at.toFile(), ChronicleRecords.capacityFor(ENTRIES),
            StateConfig.DEFAULT_AVERAGE_VALUE_SIZE).close();
        try (FileChannel ch = FileChannel.open(at, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            final ByteBuffer word = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            assertEquals(4, ch.read(word, SizePrefixedBlob.SIZE_WORD_OFFSET));
            assertTrue(SizePrefixedBlob.isReady(word.getInt(0)));
            word.putInt(0, word.getInt(0) | SizePrefixedBlob.NOT_COMPLETE);
            word.clear();
            assertEquals(4, ch.write(word, SizePrefixedBlob.SIZE_WORD_OFFSET));
        }
    }

    private static Path creating(final Path at) {
        return at.resolve(ChronicleRecords.FILE_NAME + ChronicleRecords.CREATING_SUFFIX);
    }

    private long sealBlocks(final TieredStateStore s, final int blocks) {
        for (int b = 0; b < blocks; b++) {
            final long h = s.sealedHeight() + 1;
            s.beginBlock(h);
            StateKeys.encode(key, 0, KeyType.TOKEN, 1 + b, 0, 0);
            value.putLong(0, 100 + h);
            s.write(key, 0, value, 0, 32);
            s.seal(h, root, 0);
        }
        return s.sealedHeight();
    }

    @Test
    void leftoverCreatingFileIsDeletedAndAFreshStoreCreated() throws IOException {
        final Path at = Files.createDirectories(dir.resolve("s"));
        interruptedChronicleFile(creating(at));
        Files.createFile(at.resolve("state.open"));
        assertTimeoutPreemptively(FAST, () -> {
            try (TieredStateStore s = TieredStateStore.open(config(at))) {
                assertEquals(0, s.sealedHeight());
                assertEquals(0, s.size());
                assertFalse(Files.exists(creating(at)), "the interrupted creation is deleted");
                sealBlocks(s, 2);
            }
        });
        try (TieredStateStore s = TieredStateStore.open(config(at))) {
            assertEquals(2, s.sealedHeight());
        }
    }

    @Test
    void completeStoreBesideALeftoverCreatingFileIsKept() throws IOException {
        final Path at = dir.resolve("s");
        final UnsafeBuffer sealed;
        try (TieredStateStore s = TieredStateStore.open(config(at))) {
            sealBlocks(s, 3);
            sealed = TestRecords.root(s);
        }
        interruptedChronicleFile(creating(at));
        assertTimeoutPreemptively(FAST, () -> {
            try (TieredStateStore s = TieredStateStore.open(config(at))) {
                assertEquals(3, s.sealedHeight());
                assertEquals(3, s.size());
                assertEquals(sealed, TestRecords.root(s));
                assertEquals(sealed, TestRecords.scanRoot(s));
            }
        });
        assertFalse(Files.exists(creating(at)), "the interrupted creation is deleted");
    }

    @Test
    void importAfterAnInterruptedImportSucceeds() throws IOException {
        final Path source = dir.resolve("s");
        final Path snap = dir.resolve("s.snap");
        final UnsafeBuffer sealed;
        try (TieredStateStore s = TieredStateStore.open(config(source))) {
            sealBlocks(s, 4);
            sealed = TestRecords.root(s);
            StateSnapshots.export(s, snap);
        }
        final Path target = Files.createDirectories(dir.resolve("t"));
        interruptedChronicleFile(creating(target));
        Files.createFile(target.resolve("state.open"));
        assertTimeoutPreemptively(FAST, () -> {
            try (StateStore s = StateSnapshots.importTo(snap, config(target))) {
                assertEquals(4, s.sealedHeight());
                assertEquals(sealed, TestRecords.root(s));
            }
        });
        assertFalse(Files.exists(creating(target)));
    }

    @Test
    void incompleteStateFileIsReportedAtOnceAndLeftAsItIs() throws IOException {
        final Path empty = Files.createDirectories(dir.resolve("empty"));
        Files.createFile(empty.resolve(ChronicleRecords.FILE_NAME));
        assertReportedAtOnce(empty);
        final Path cut = Files.createDirectories(dir.resolve("cut"));
        Files.write(cut.resolve(ChronicleRecords.FILE_NAME), new byte[] {1, 2, 3, 4, 5});
        assertReportedAtOnce(cut);
        final Path unready = Files.createDirectories(dir.resolve("unready"));
        interruptedChronicleFile(unready.resolve(ChronicleRecords.FILE_NAME));
        Files.createFile(unready.resolve("state.open"));
        assertReportedAtOnce(unready);

        Files.delete(unready.resolve(ChronicleRecords.FILE_NAME));
        try (TieredStateStore s = TieredStateStore.open(config(unready))) {
            assertEquals(0, s.sealedHeight(), "once the file is deleted, as the message says, a new store opens");
        }
    }

    private static void assertReportedAtOnce(final Path at) throws IOException {
        final Path file = at.resolve(ChronicleRecords.FILE_NAME);
        final byte[] before = Files.readAllBytes(file);
        final StateException e = assertTimeoutPreemptively(FAST,
            () -> assertThrows(StateException.class, () -> TieredStateStore.open(config(at))));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("creation was interrupted"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file), "the file is left as it is");
        assertFalse(Files.exists(creating(at)));
    }

    @Test
    void childKilledWhileCreatingAStoreLeavesADirectoryThatOpensAtOnce() throws Exception {
        final long entries = 200_000;
        int killedDuringCreation = 0;
        for (int k = 0; k < 3; k++) {
            final Path at = dir.resolve("kill" + k);
            final Path log = dir.resolve("kill" + k + ".log");
            final Process p = ChildJvm.start(CreationChild.class, log, at.toString(), Long.toString(entries));
            try {
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!Files.exists(creating(at)) && !Files.exists(at.resolve(ChronicleRecords.FILE_NAME))) {
                    assertTrue(p.isAlive(), () -> "child exited: " + read(ChildJvm.err(log)));
                    assertTrue(System.nanoTime() < deadline, "child did not start creating the store within 60 s");
                    Thread.onSpinWait();
                }
                Thread.sleep(k);
            } finally {
                p.destroyForcibly();
                assertTrue(p.waitFor(30, TimeUnit.SECONDS), "child did not die");
            }
            if (Files.exists(creating(at))) {
                killedDuringCreation++;
            }
            assertTimeoutPreemptively(FAST, () -> {
                try (TieredStateStore s = TieredStateStore.open(CreationChild.config(at, entries))) {
                    assertEquals(0, s.sealedHeight());
                    assertEquals(0, s.size());
                }
            });
            assertFalse(Files.exists(creating(at)));
        }
        System.out.println("InterruptedCreationTest: " + killedDuringCreation + " of 3 kills left a creating file");
    }

    private static String read(final Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (final IOException e) {
            return e.toString();
        }
    }
}
