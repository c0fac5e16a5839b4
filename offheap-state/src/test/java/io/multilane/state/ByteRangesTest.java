package io.multilane.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class ByteRangesTest {
    private static final int SIZE = 64;

    @Test
    void everyLengthAndOffsetAgreesWithArraysEqualsOnHeapAndOffHeap() {
        final Random random = new Random(42);
        final byte[] bytes = new byte[SIZE];
        random.nextBytes(bytes);
        final UnsafeBuffer heap = new UnsafeBuffer(bytes.clone());
        final UnsafeBuffer direct = new UnsafeBuffer(ByteBuffer.allocateDirect(SIZE + 8));
        // the same bytes three bytes further on, so that the two ranges are misaligned with each other
        direct.putBytes(3, bytes);
        for (int length = 0; length <= 40; length++) {
            for (int offset = 0; offset + length <= SIZE; offset += 5) {
                assertTrue(ByteRanges.equal(heap, offset, direct, offset + 3, length), "length " + length);
                for (int flip = 0; flip < length; flip++) {
                    final int at = offset + 3 + flip;
                    direct.putByte(at, (byte) (direct.getByte(at) ^ (1 << (flip & 7))));
                    assertEquals(Arrays.equals(copy(heap, offset, length), copy(direct, offset + 3, length)),
                            ByteRanges.equal(heap, offset, direct, offset + 3, length));
                    assertFalse(ByteRanges.equal(direct, offset + 3, heap, offset, length),
                            "byte " + flip + " of " + length + " differs");
                    direct.putByte(at, (byte) (direct.getByte(at) ^ (1 << (flip & 7))));
                }
            }
        }
    }

    @Test
    void theAddressFormAgreesWithTheBufferFormOffHeap() {
        final Random random = new Random(7);
        final byte[] bytes = new byte[SIZE];
        random.nextBytes(bytes);
        final UnsafeBuffer a = new UnsafeBuffer(ByteBuffer.allocateDirect(SIZE + 8));
        final UnsafeBuffer b = new UnsafeBuffer(ByteBuffer.allocateDirect(SIZE + 8));
        a.putBytes(0, bytes);
        b.putBytes(5, bytes);
        for (int length = 0; length <= 40; length++) {
            for (int flip = -1; flip < length; flip++) {
                if (flip >= 0) {
                    b.putByte(5 + flip, (byte) (b.getByte(5 + flip) ^ 0x10));
                }
                assertEquals(ByteRanges.equal(a, 0, b, 5, length),
                        ByteRanges.equal(a.addressOffset(), b.addressOffset() + 5, length), "length " + length);
                assertEquals(flip < 0, ByteRanges.equal(a.addressOffset(), b.addressOffset() + 5, length));
                if (flip >= 0) {
                    b.putByte(5 + flip, (byte) (b.getByte(5 + flip) ^ 0x10));
                }
            }
        }
    }

    @Test
    void zeroLengthRangesAreEqual() {
        assertTrue(ByteRanges.equal(new UnsafeBuffer(new byte[1]), 1, new UnsafeBuffer(new byte[0]), 0, 0));
    }

    private static byte[] copy(final DirectBuffer buffer, final int offset, final int length) {
        final byte[] out = new byte[length];
        buffer.getBytes(offset, out);
        return out;
    }
}
