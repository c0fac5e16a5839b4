package io.multilane.state.root;

import java.util.HexFormat;

import org.agrona.DirectBuffer;

/**
 * Lower-case hex of a state root (or any buffer) for reports, CLI output and replay results, through
 * {@link HexFormat}. Stateless; any thread; allocates the returned string.
 */
public final class RootHex {
    private static final HexFormat HEX = HexFormat.of();

    private RootHex() {
    }

    /**
     * @param bytes the buffer; all of its capacity is printed
     * @return two hex digits per byte
     */
    public static String of(final DirectBuffer bytes) {
        final byte[] copy = new byte[bytes.capacity()];
        bytes.getBytes(0, copy);
        return HEX.formatHex(copy);
    }
}
