package io.multilane.perf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import io.multilane.state.StateConfig;
import io.multilane.state.StateStore;
import io.multilane.state.StateStores;
import io.multilane.state.key.KeyType;
import io.multilane.state.key.StateKeys;
import io.multilane.state.record.AccountDescriptor;
import io.multilane.state.root.RootHex;
import io.multilane.state.store.ChronicleRecords;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int verify(final String... args) {
        final String[] all = new String[args.length + 1];
        all[0] = "verify";
        System.arraycopy(args, 0, all, 1, args.length);
        return CliRun.execute(out, err, all);
    }

    private String writeStore(final Path data, final int blocks) {
        final UnsafeBuffer key = new UnsafeBuffer(new byte[StateKeys.LENGTH]);
        final UnsafeBuffer value = new UnsafeBuffer(new byte[AccountDescriptor.LENGTH]);
        final UnsafeBuffer root = new UnsafeBuffer(new byte[32]);
        try (StateStore store = StateStores.open(StateConfig.of(data, 10_000))) {
            for (int b = 1; b <= blocks; b++) {
                store.beginBlock(b);
                for (int i = 0; i < 100; i++) {
                    StateKeys.encode(key, 0, KeyType.ACCOUNT, b * 1000L + i, 0, 0);
                    value.putLong(AccountDescriptor.BALANCE_OFFSET, 1 + i);
                    store.write(key, 0, value, 0, AccountDescriptor.LENGTH);
                }
                store.seal(b, root, 0);
            }
        }
        return RootHex.of(root);
    }

    @Test
    void sealedStoreVerifiesWithItsHeightAndRoot() {
        final Path data = dir.resolve("store");
        final String root = writeStore(data, 3);
        assertEquals(0, verify("--data-dir", data.toString()), err.toString());
        final String text = out.toString();
        assertTrue(text.contains("height           3"), text);
        assertTrue(text.contains("records          300"), text);
        assertTrue(text.contains("stored root      " + root), text);
        assertTrue(text.contains("recomputed root  " + root), text);
        assertTrue(text.contains("OK: roots agree"), text);
    }

    @Test
    void corruptRecordFileFailsWithExitOne() throws IOException {
        final Path data = dir.resolve("store");
        writeStore(data, 2);
        final Path records = data.resolve(ChronicleRecords.FILE_NAME);
        assertTrue(Files.exists(records), "no record file " + records);
        flipRecordBytes(records);
        final int code = verify("--data-dir", data.toString());
        assertEquals(1, code, out + "\n" + err);
        assertTrue(err.toString().contains("corrupt") || out.toString().contains("MISMATCH"), out + "\n" + err);
    }

    @Test
    void directoryWithoutAStoreIsRefused() throws IOException {
        final Path empty = Files.createDirectories(dir.resolve("empty"));
        assertEquals(1, verify("--data-dir", empty.toString()));
        assertTrue(err.toString().contains("holds no multilane store"), err.toString());
    }

    @Test
    void missingDirectoryIsAUsageError() {
        assertEquals(2, verify("--data-dir", dir.resolve("nope").toString()));
        assertTrue(err.toString().contains("is not a directory"), err.toString());
    }

    /** Flips every byte equal to the balance 50 (a record value) in the file, so the records no longer hash to the root. */
    private static void flipRecordBytes(final Path file) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            final byte[] bytes = new byte[(int) Math.min(raf.length(), 64 << 20)];
            raf.readFully(bytes);
            int flipped = 0;
            for (int i = 0; i + 16 <= bytes.length; i++) {
                if (bytes[i] == 50 && bytes[i + 1] == 0 && bytes[i + 2] == 0 && bytes[i + 3] == 0 && bytes[i + 15] == 0) {
                    raf.seek(i);
                    raf.write(51);
                    flipped++;
                }
            }
            assertTrue(flipped > 0, "found no record bytes to corrupt in " + file);
        }
    }
}
