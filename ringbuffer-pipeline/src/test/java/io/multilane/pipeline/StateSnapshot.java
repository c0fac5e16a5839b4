package io.multilane.pipeline;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import io.multilane.state.StateStore;

/**
 * Every record of a store as hex lines (key=value), in ascending key order, for whole-state
 * comparisons in tests. Test thread only; allocates.
 */
final class StateSnapshot {
    private final List<String> lines;

    private StateSnapshot(final List<String> lines) {
        this.lines = lines;
    }

    static StateSnapshot of(final StateStore store) {
        final List<String> lines = new ArrayList<>();
        final HexFormat hex = HexFormat.of();
        store.scan((key, keyOffset, value, valueOffset, length) -> {
            final byte[] k = new byte[32];
            final byte[] v = new byte[length];
            key.getBytes(keyOffset, k);
            value.getBytes(valueOffset, v);
            lines.add(hex.formatHex(k) + "=" + hex.formatHex(v));
        });
        return new StateSnapshot(lines);
    }

    int size() {
        return lines.size();
    }

    String firstDifference(final StateSnapshot other) {
        final int n = Math.min(lines.size(), other.lines.size());
        for (int i = 0; i < n; i++) {
            if (!lines.get(i).equals(other.lines.get(i))) {
                return "record " + i + ": " + lines.get(i) + " vs " + other.lines.get(i);
            }
        }
        return lines.size() == other.lines.size() ? "none" : "sizes " + lines.size() + " vs " + other.lines.size();
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof StateSnapshot && lines.equals(((StateSnapshot) o).lines);
    }

    @Override
    public int hashCode() {
        return lines.hashCode();
    }
}
