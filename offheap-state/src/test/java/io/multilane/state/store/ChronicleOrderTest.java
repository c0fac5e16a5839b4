package io.multilane.state.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.Random;

import io.multilane.state.key.KeyType;
import io.multilane.state.key.StateKeys;
import net.openhft.chronicle.algo.hashing.LongHashFunction;
import net.openhft.chronicle.hash.Data;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checkpoint's write order is where Chronicle keeps each key: the hash the merge table computes is the one
 * Chronicle computes for the key's bytes, the rank computed inline agrees with Chronicle's own splitting functions,
 * every key stored lies in the segment its rank names (read back segment by segment through Chronicle), and a merge
 * table tied to the map lists its entries segment by segment once sorted by slot.
 */
class ChronicleOrderTest {
    private static final int KEYS = 20_000;

    @TempDir
    Path dir;

    @Test
    void ranksKeysWhereChronicleKeepsThem() {
        final File file = dir.resolve(ChronicleRecords.FILE_NAME).toFile();
        try (ChronicleRecords records = ChronicleRecords.open(file, ChronicleRecords.capacityFor(KEYS), 40, false)) {
            final ChronicleOrder order = records.order();
            assertTrue(order.fast(), "the inline rank agrees with this Chronicle's functions");
            final int lookupBits = order.rankBits() - segmentBits(records);
            final UnsafeBuffer key = new UnsafeBuffer(new byte[StateKeys.LENGTH]);
            final UnsafeBuffer value = new UnsafeBuffer(new byte[KeyType.MAX_RECORD_LENGTH]);
            final long[] scratch = new long[4];
            final Random rnd = new Random(7);
            for (int i = 0; i < KEYS; i++) {
                StateKeys.encode(key, 0, KeyType.TOKEN_BALANCE, rnd.nextLong() >>> 1, i, 0);
                final long hash = ChronicleOrder.hash(key.getLong(0), key.getLong(8), key.getLong(16), key.getLong(24),
                    scratch);
                assertEquals(LongHashFunction.xx_r39().hashBytes(key.byteArray()), hash, "Chronicle's key hash");
                value.putLong(0, i + 1);
                records.cursor().put(key, 0, value, 0, 16);
            }
            final int[] seen = new int[1];
            for (int s = 0; s < segments(records); s++) {
                final int segment = s;
                try (var c = records.map().segmentContext(s)) {
                    c.forEachSegmentEntry(e -> {
                        final Data<byte[]> k = e.key();
                        final long address = k.bytes().addressForRead(k.offset());
                        assertEquals(segment, order.rank(ChronicleOrder.hashAt(address)) >>> lookupBits,
                            "segment of a stored key");
                        seen[0]++;
                    });
                }
            }
            assertEquals(KEYS, seen[0]);
        }
    }

    @Test
    void aMergeTableTiedToTheMapListsKeysSegmentBySegment() {
        final File file = dir.resolve(ChronicleRecords.FILE_NAME).toFile();
        try (ChronicleRecords records = ChronicleRecords.open(file, ChronicleRecords.capacityFor(KEYS), 40, false);
             MergeTable table = new MergeTable(16, records.order())) {
            final UnsafeBuffer key = new UnsafeBuffer(new byte[StateKeys.LENGTH]);
            final UnsafeBuffer value = new UnsafeBuffer(new byte[KeyType.MAX_RECORD_LENGTH]);
            for (int i = 0; i < KEYS; i++) {
                StateKeys.encode(key, 0, KeyType.ACCOUNT, i, 0, 0);
                table.put(key, 0, value, 0, 64);
            }
            table.sortBySlot();
            final int lookupBits = records.order().rankBits() - segmentBits(records);
            int inversions = 0;
            long previous = -1;
            for (int i = 0; i < table.size(); i++) {
                final long segment = records.order().rank(MergeTable.hash(table.entry(i))) >>> lookupBits;
                if (segment < previous) {
                    inversions++;
                }
                previous = segment;
            }
            // linear probing moves a key past its home slot, rarely past the end of its segment's share of the table
            assertTrue(inversions <= KEYS / 100, inversions + " entries out of segment order");
        }
    }

    private static int segments(final ChronicleRecords records) {
        return ((net.openhft.chronicle.hash.impl.VanillaChronicleHash<?, ?, ?, ?>) records.map()).actualSegments;
    }

    private static int segmentBits(final ChronicleRecords records) {
        final int segments = segments(records);
        return segments <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(segments - 1);
    }
}
