package io.multilane.exec.lane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.lmax.disruptor.Sequence;
import io.multilane.state.StateReader;
import io.multilane.state.key.KeyType;
import io.multilane.state.key.StateKeys;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** The lane overlay and the lane view: what a lane reads of its own uncommitted writes. */
class LaneOverlayTest {
    private final UnsafeBuffer key = new UnsafeBuffer(new byte[32]);
    private final UnsafeBuffer value = new UnsafeBuffer(new byte[144]);
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[144]);

    private void key(final long id) {
        StateKeys.encode(key, 0, KeyType.TOKEN_BALANCE, 7, id, 0);
    }

    @Test
    void returnsTheLatestWriteOfAKey() {
        final LaneOverlay overlay = new LaneOverlay(64);
        key(1);
        value.putLong(0, 11);
        overlay.put(key, 0, value, 0, 16, 5, -1);
        value.putLong(0, 12);
        overlay.put(key, 0, value, 0, 16, 6, -1);
        final int e = overlay.find(key, 0);
        assertEquals(6, overlay.sequence(e));
        assertEquals(16, overlay.read(e, out, 0));
        assertEquals(12, out.getLong(0));
        assertEquals(1, overlay.size());
        key(2);
        assertEquals(-1, overlay.find(key, 0));
    }

    @Test
    void allZeroRecordReadsAsAbsent() {
        final LaneOverlay overlay = new LaneOverlay(64);
        key(3);
        value.setMemory(0, 16, (byte) 0);
        overlay.put(key, 0, value, 0, 16, 1, -1);
        assertEquals(-1, overlay.read(overlay.find(key, 0), out, 0));
    }

    @Test
    void rebuildKeepsOnlyUncommittedEntries() {
        final LaneOverlay overlay = new LaneOverlay(64);
        for (long id = 1; id <= 31; id++) {
            key(id);
            value.putLong(0, id);
            overlay.put(key, 0, value, 0, 16, id, -1);
        }
        assertEquals(31, overlay.size());
        key(100);
        overlay.put(key, 0, value, 0, 16, 100, 29);
        key(100);
        overlay.put(key, 0, value, 0, 16, 101, 29);
        assertEquals(3, overlay.size(), "entries 30, 31 and the new one survive a rebuild at cursor 29");
        for (long id = 30; id <= 31; id++) {
            key(id);
            final int e = overlay.find(key, 0);
            assertTrue(e >= 0);
            overlay.read(e, out, 0);
            assertEquals(id, out.getLong(0));
            assertEquals(id, overlay.sequence(e), "a kept entry keeps its writer's sequence");
        }
        key(5);
        assertEquals(-1, overlay.find(key, 0));
    }

    @Test
    void rebuildThatFreesNothingEmptiesTheTable() {
        final LaneOverlay overlay = new LaneOverlay(64);
        for (long id = 1; id <= 40; id++) {
            key(id);
            overlay.put(key, 0, value, 0, 16, id, -1);
        }
        assertTrue(overlay.size() < 32, "a lane far ahead of commit loses its overlay instead of overflowing");
    }

    @Test
    void anUncommittedDeletionHidesTheCommittedRecord() {
        final LaneOverlay overlay = new LaneOverlay(64);
        final Sequence cursor = new Sequence();
        final LaneView view = new LaneView(committedThousand(), overlay, cursor);
        key(8);
        value.setMemory(0, 16, (byte) 0);
        overlay.put(key, 0, value, 0, 16, 4, -1);
        assertEquals(-1, view.read(key, 0, out, 0), "the lane emptied it: absent, not the committed record");
        cursor.set(4);
        assertEquals(16, view.read(key, 0, out, 0));
        assertEquals(1000, out.getLong(0));
    }

    /** @return committed state in which every key holds 1000 */
    private static StateReader committedThousand() {
        return new StateReader() {
            @Override
            public int read(final DirectBuffer k, final int keyOffset, final MutableDirectBuffer dst, final int dstOffset) {
                dst.putLong(dstOffset, 1000);
                dst.putLong(dstOffset + 8, 0);
                return 16;
            }
        };
    }

    @Test
    void viewReadsOverlayOnlyWhileUncommitted() {
        final LaneOverlay overlay = new LaneOverlay(64);
        final Sequence cursor = new Sequence();
        final LaneView view = new LaneView(committedThousand(), overlay, cursor);
        key(9);
        value.putLong(0, 77);
        value.putLong(8, 0);
        overlay.put(key, 0, value, 0, 16, 10, -1);
        assertEquals(16, view.read(key, 0, out, 0));
        assertEquals(77, out.getLong(0), "tx 10 not committed: its write is visible to the lane");
        cursor.set(9);
        view.read(key, 0, out, 0);
        assertEquals(77, out.getLong(0), "tx 9 committed, tx 10 not yet");
        cursor.set(10);
        view.read(key, 0, out, 0);
        assertEquals(1000, out.getLong(0), "tx 10 committed: read committed state");
        cursor.set(12);
        view.read(key, 0, out, 0);
        assertEquals(1000, out.getLong(0), "an entry older than the cursor falls through");
    }
}
