package io.multilane.exec.tx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multilane.exec.receipt.ReasonCodes;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class TxCodecTest {
    private final UnsafeBuffer buf = new UnsafeBuffer(new byte[1024]);
    private final TxEncoder encoder = new TxEncoder();
    private final TxFlyweight tx = new TxFlyweight();

    private int encodeSample(final int offset) {
        encoder.wrap(buf, offset).header(42L, 7L, 1000L, 3, 4, 24).argU64(0, 99L).argU128(8, 5L, 6L);
        return encoder.length();
    }

    @Test
    void roundTripsEveryHeaderFieldAndArgument() {
        final int length = encodeSample(10);
        assertEquals(TxDescriptor.MIN_LENGTH + 24, length);
        tx.wrap(buf, 10, length);
        assertEquals(ReasonCodes.NONE, tx.validate());
        assertEquals(1, tx.version());
        assertEquals(3, tx.programId());
        assertEquals(4, tx.instruction());
        assertEquals(24, tx.argsLength());
        assertEquals(42L, tx.sender());
        assertEquals(7L, tx.nonce());
        assertEquals(1000L, tx.fee());
        assertEquals(99L, buf.getLong(tx.argsOffset(), TxDescriptor.ORDER));
        assertEquals(6L, buf.getLong(tx.argsOffset() + 8, TxDescriptor.ORDER));
        assertEquals(5L, buf.getLong(tx.argsOffset() + 16, TxDescriptor.ORDER));
        assertEquals(10 + 64 + 24, tx.signatureOffset());
        assertEquals(64 + 24, tx.signedLength());
    }

    @Test
    void framingErrorsAreReportedWithoutThrowing() {
        final int length = encodeSample(0);
        assertEquals(ReasonCodes.MALFORMED, tx.wrap(buf, 0, length - 1).validate(), "frame shorter than header says");
        assertEquals(ReasonCodes.MALFORMED, tx.wrap(buf, 0, length + 1).validate(), "frame longer than header says");
        assertEquals(ReasonCodes.MALFORMED, tx.wrap(buf, 0, 10).validate(), "shorter than the minimum");
        assertEquals(ReasonCodes.MALFORMED, tx.wrap(buf, 0, TxDescriptor.MAX_LENGTH + 1).validate(), "over the maximum");
        assertEquals(ReasonCodes.MALFORMED, tx.wrap(buf, 1000, 200).validate(), "past the buffer's end");
        assertFalse(tx.wrap(buf, 0, 10).headerReadable());
        buf.putByte(TxDescriptor.VERSION_OFFSET, (byte) 2);
        assertEquals(ReasonCodes.BAD_VERSION, tx.wrap(buf, 0, length).validate());
        buf.putByte(TxDescriptor.VERSION_OFFSET, (byte) 1);
        buf.putByte(TxDescriptor.FLAGS_OFFSET, (byte) 1);
        assertEquals(ReasonCodes.BAD_FLAGS, tx.wrap(buf, 0, length).validate());
    }

    @Test
    void blockCursorWalksEntriesAndTurnsAnOverlongTailIntoOneEntry() {
        final ExpandableArrayBuffer block = new ExpandableArrayBuffer(256);
        final UnsafeBuffer parent = new UnsafeBuffer(new byte[32]);
        parent.putLong(0, 0x1122334455667788L);
        final BlockEncoder blocks = new BlockEncoder().wrap(block, 0, 5, 1234, parent, 0);
        blocks.beginTx().header(1, 0, 0, 1, 2, 0);
        blocks.commitTx();
        blocks.appendTx(buf, 0, 3);
        final int length = blocks.length();
        block.putShort(length, (short) 500, TxDescriptor.ORDER);
        block.putByte(length + 2, (byte) 9);
        final BlockFlyweight view = new BlockFlyweight().wrap(block, 0, length + 3);
        assertTrue(view.headerValid());
        assertEquals(5, view.height());
        assertEquals(1234, view.timestamp());
        assertEquals(2, view.declaredTxCount());
        assertEquals(0x1122334455667788L, block.getLong(view.parentRootOffset()));
        assertTrue(view.nextTx());
        assertEquals(TxDescriptor.MIN_LENGTH, view.txLength());
        assertEquals(ReasonCodes.NONE, tx.wrap(block, view.txOffset(), view.txLength()).validate());
        assertTrue(view.nextTx());
        assertEquals(3, view.txLength());
        assertTrue(view.hasNextTx());
        assertTrue(view.nextTx());
        assertEquals(1, view.txLength(), "overlong prefix: the remaining byte is one malformed entry");
        assertEquals(2, view.txIndex());
        assertFalse(view.hasNextTx());
        assertFalse(view.nextTx());
        assertFalse(new BlockFlyweight().wrap(block, 0, 20).headerValid());
    }

    @Test
    void maxEntriesBoundsWhatTheBytesCanFrame() {
        final ExpandableArrayBuffer block = new ExpandableArrayBuffer(256);
        final BlockEncoder blocks = new BlockEncoder().wrap(block, 0, 1, 1, new UnsafeBuffer(new byte[32]), 0);
        final int header = blocks.length();
        final BlockFlyweight view = new BlockFlyweight();
        assertEquals(0, view.wrap(block, 0, header).maxEntries());
        assertFalse(view.hasNextTx(), "a header alone has no entry");
        for (int body = 1; body <= 9; body++) {
            block.setMemory(header, body, (byte) 0);
            view.wrap(block, 0, header + body);
            int entries = 0;
            while (view.hasNextTx()) {
                assertTrue(view.nextTx());
                entries++;
            }
            assertEquals((body + 1) / 2, view.maxEntries(), "body of " + body + " bytes");
            assertEquals(entries, view.maxEntries(), "zero-length entries are the densest framing: body " + body);
        }
    }
}
