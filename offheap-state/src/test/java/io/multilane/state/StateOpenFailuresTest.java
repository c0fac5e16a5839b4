package io.multilane.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import io.multilane.state.key.KeyType;
import io.multilane.state.key.StateKeys;
import io.multilane.state.store.ChronicleRecords;
import io.multilane.state.store.MetaDescriptor;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opening fails with a clear message, and changes nothing, when the data directory cannot be used, when the
 * state file has another layout version, when it is not a state file at all, and when its records do not hash
 * to the root it records.
 */
class StateOpenFailuresTest {
    @TempDir
    Path dir;

    private final UnsafeBuffer key = new UnsafeBuffer(new byte[32]);
    private final UnsafeBuffer value = new UnsafeBuffer(new byte[144]);
    private final UnsafeBuffer root = new UnsafeBuffer(new byte[32]);

    private void createStore(final Path at) {
        try (StateStore s = StateStores.open(StateConfig.of(at, 1000).withSyncOnSeal(false))) {
            s.beginBlock(1);
            StateKeys.encode(key, 0, KeyType.TOKEN, 1, 0, 0);
            value.putLong(0, 5);
            s.write(key, 0, value, 0, 32);
            s.seal(1, root, 0);
        }
    }

    /** Rewrites records of a closed store directly in its Chronicle file. */
    private void patch(final Path at, final long version, final boolean corruptRecord) {
        try (ChronicleRecords records = ChronicleRecords.open(at.resolve(ChronicleRecords.FILE_NAME).toFile(),
            ChronicleRecords.capacityFor(1000), StateConfig.DEFAULT_AVERAGE_VALUE_SIZE, false)) {
            final ChronicleRecords.Cursor c = records.cursor();
            final UnsafeBuffer metaKey = new UnsafeBuffer(new byte[32]);
            final UnsafeBuffer meta = new UnsafeBuffer(new byte[MetaDescriptor.LENGTH]);
            assertEquals(MetaDescriptor.LENGTH, c.get(metaKey, 0, meta, 0));
            meta.putLong(MetaDescriptor.VERSION_OFFSET, version, ByteOrder.LITTLE_ENDIAN);
            c.put(metaKey, 0, meta, 0, MetaDescriptor.LENGTH);
            if (corruptRecord) {
                StateKeys.encode(key, 0, KeyType.TOKEN, 1, 0, 0);
                value.putLong(0, 6);
                c.put(key, 0, value, 0, 32);
            }
        }
    }

    @Test
    void directoryThatIsAFileIsRefused() throws Exception {
        final Path file = Files.createFile(dir.resolve("not-a-dir"));
        final StateException e = assertThrows(StateException.class, () -> StateStores.open(StateConfig.of(file, 10)));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void otherLayoutVersionIsRefusedNamingBothVersions() {
        final Path at = dir.resolve("s");
        createStore(at);
        patch(at, 99, false);
        final StateException e = assertThrows(StateException.class, () -> StateStores.open(StateConfig.of(at, 1000)));
        assertTrue(e.getMessage().contains("layout version 99"), e.getMessage());
        assertTrue(e.getMessage().contains("version " + MetaDescriptor.LAYOUT_VERSION), e.getMessage());
        patch(at, MetaDescriptor.LAYOUT_VERSION, false);
        try (StateStore s = StateStores.open(StateConfig.of(at, 1000))) {
            assertEquals(1, s.sealedHeight(), "a refused open changes nothing");
        }
    }

    @Test
    void fileThatIsNotAChronicleMapIsRefused() throws Exception {
        final Path at = Files.createDirectories(dir.resolve("g"));
        final byte[] garbage = new byte[65536];
        new java.util.Random(1).nextBytes(garbage);
        Files.write(at.resolve(ChronicleRecords.FILE_NAME), garbage);
        final StateException e = assertThrows(StateException.class, () -> StateStores.open(StateConfig.of(at, 1000)));
        assertTrue(e.getMessage().contains(ChronicleRecords.FILE_NAME), e.getMessage());
    }

    @Test
    void recordsThatDoNotMatchTheRecordedRootAreRefused() {
        final Path at = dir.resolve("c");
        createStore(at);
        patch(at, MetaDescriptor.LAYOUT_VERSION, true);
        final StateException e = assertThrows(StateException.class, () -> StateStores.open(StateConfig.of(at, 1000)));
        assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
    }
}
