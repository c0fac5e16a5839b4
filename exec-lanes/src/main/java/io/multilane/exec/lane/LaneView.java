package io.multilane.exec.lane;

import com.lmax.disruptor.Sequence;
import io.multilane.state.StateReader;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * What a lane executes against: committed state plus the lane's own uncommitted writes. A key whose
 * {@link LaneOverlay} entry was written by a transaction the commit stage has not yet applied (its
 * sequence is above the commit cursor ({@link Sequence})) reads from the overlay; every other key reads from the
 * committed store. Staleness is harmless: the commit stage validates every value seen. Owned by one
 * lane thread.
 */
public final class LaneView implements StateReader {
    private final StateReader committed;
    private final LaneOverlay overlay;
    private final Sequence cursor;

    /**
     * @param committed the committed store (read concurrently with its writer)
     * @param overlay the lane's overlay
     * @param cursor the commit stage's progress
     */
    public LaneView(final StateReader committed, final LaneOverlay overlay, final Sequence cursor) {
        this.committed = committed;
        this.overlay = overlay;
        this.cursor = cursor;
    }

    @Override
    public int read(final DirectBuffer key, final int keyOffset, final MutableDirectBuffer dst, final int dstOffset) {
        final int entry = overlay.find(key, keyOffset);
        if (entry >= 0 && overlay.sequence(entry) > cursor.get()) {
            return overlay.read(entry, dst, dstOffset);
        }
        return committed.read(key, keyOffset, dst, dstOffset);
    }

    /** A value from the overlay has no version (it is not committed yet): the commit compares it by value. */
    @Override
    public int read(final DirectBuffer key, final int keyOffset, final MutableDirectBuffer dst, final int dstOffset,
            final MutableDirectBuffer version, final int versionOffset) {
        final int entry = overlay.find(key, keyOffset);
        if (entry >= 0 && overlay.sequence(entry) > cursor.get()) {
            version.putLong(versionOffset, NO_VERSION);
            return overlay.read(entry, dst, dstOffset);
        }
        return committed.read(key, keyOffset, dst, dstOffset, version, versionOffset);
    }
}
