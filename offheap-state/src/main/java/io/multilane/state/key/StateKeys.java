package io.multilane.state.key;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Encodes and decodes the 32-byte state key: byte 0 the {@link KeyType} tag, bytes 1..7 zero, then id1, id2,
 * id3 as big-endian u64 at offsets 8, 16 and 24, so that key byte order equals (tag, id1, id2, id3) order.
 *
 * <p>Stateless and allocation-free; any thread may call it on buffers it owns.
 */
public final class StateKeys {
    /** Length of every key in bytes. */
    public static final int LENGTH = 32;
    /** Offset of the type tag. */
    public static final int TAG_OFFSET = 0;
    /** Offset of id1. */
    public static final int ID1_OFFSET = 8;
    /** Offset of id2. */
    public static final int ID2_OFFSET = 16;
    /** Offset of id3. */
    public static final int ID3_OFFSET = 24;

    private static final ByteOrder BE = ByteOrder.BIG_ENDIAN;

    private StateKeys() {
    }

    /** Writes the key (type, id1, id2, id3) at {@code offset}; unused ids are 0. */
    public static void encode(final MutableDirectBuffer buf, final int offset, final KeyType type, final long id1, final long id2,
            final long id3) {
        buf.putLong(offset, ((long) type.tag()) << 56, BE);
        buf.putLong(offset + ID1_OFFSET, id1, BE);
        buf.putLong(offset + ID2_OFFSET, id2, BE);
        buf.putLong(offset + ID3_OFFSET, id3, BE);
    }

    /** The raw tag byte (0..255) of the key at {@code offset}. */
    public static int tag(final DirectBuffer buf, final int offset) {
        return buf.getByte(offset) & 0xFF;
    }

    /** The key type, or {@code null} if the tag is unknown. */
    public static KeyType type(final DirectBuffer buf, final int offset) {
        return KeyType.fromTag(tag(buf, offset));
    }

    public static long id1(final DirectBuffer buf, final int offset) {
        return buf.getLong(offset + ID1_OFFSET, BE);
    }

    public static long id2(final DirectBuffer buf, final int offset) {
        return buf.getLong(offset + ID2_OFFSET, BE);
    }

    public static long id3(final DirectBuffer buf, final int offset) {
        return buf.getLong(offset + ID3_OFFSET, BE);
    }

    /**
     * The record length of the key at {@code offset}, or -1 if it is not a well-formed key (unknown tag or
     * non-zero bytes 1..7).
     */
    public static int recordLength(final DirectBuffer buf, final int offset) {
        final long head = buf.getLong(offset, BE);
        if ((head & 0x00FF_FFFF_FFFF_FFFFL) != 0) {
            return -1;
        }
        return KeyType.recordLengthOfTag((int) (head >>> 56));
    }

    /** Unsigned lexicographic comparison of two keys. */
    public static int compare(final DirectBuffer a, final int aOffset, final DirectBuffer b, final int bOffset) {
        for (int i = 0; i < LENGTH; i += 8) {
            final int c = Long.compareUnsigned(a.getLong(aOffset + i, BE), b.getLong(bOffset + i, BE));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** Appends "TYPE(id1,id2,id3)" to {@code sb} for diagnostics. */
    public static StringBuilder appendTo(final StringBuilder sb, final DirectBuffer buf, final int offset) {
        final KeyType t = type(buf, offset);
        if (t == null) {
            sb.append("tag").append(tag(buf, offset));
        } else {
            sb.append(t.name());
        }
        return sb.append('(').append(Long.toUnsignedString(id1(buf, offset))).append(',')
            .append(Long.toUnsignedString(id2(buf, offset))).append(',')
            .append(Long.toUnsignedString(id3(buf, offset))).append(')');
    }
}
