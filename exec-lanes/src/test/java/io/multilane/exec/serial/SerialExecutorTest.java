package io.multilane.exec.serial;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

import io.multilane.exec.receipt.BlockStatus;
import io.multilane.exec.receipt.ReceiptLog;
import io.multilane.exec.testing.TestChain;
import io.multilane.exec.tx.BlockDescriptor;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SerialExecutorTest {
    @TempDir
    Path dir;

    @Test
    void refusedBlocksChangeNothing() {
        try (TestChain chain = new TestChain(dir).fund(10, 100)) {
            final String root = chain.rootHex();
            final long height = chain.store().sealedHeight();
            final ReceiptLog receipts = new ReceiptLog(4);
            final UnsafeBuffer out = new UnsafeBuffer(new byte[BlockDescriptor.ROOT_LENGTH]);
            chain.coinTransfer(10, 11, 1);
            final MutableDirectBuffer block = chain.pendingBlock();
            final int length = chain.pendingLength();
            block.putLong(BlockDescriptor.HEIGHT_OFFSET, height + 2, java.nio.ByteOrder.LITTLE_ENDIAN);
            assertEquals(BlockStatus.WRONG_HEIGHT, chain.executor().execute(block, 0, length, receipts, out, 0));
            block.putLong(BlockDescriptor.HEIGHT_OFFSET, height + 1, java.nio.ByteOrder.LITTLE_ENDIAN);
            block.putByte(BlockDescriptor.PARENT_ROOT_OFFSET, (byte) (block.getByte(BlockDescriptor.PARENT_ROOT_OFFSET) ^ 1));
            assertEquals(BlockStatus.PARENT_ROOT_MISMATCH, chain.executor().execute(block, 0, length, receipts, out, 0));
            block.putByte(BlockDescriptor.PARENT_ROOT_OFFSET, (byte) (block.getByte(BlockDescriptor.PARENT_ROOT_OFFSET) ^ 1));
            block.putByte(0, (byte) 9);
            assertEquals(BlockStatus.BAD_HEADER, chain.executor().execute(block, 0, length, receipts, out, 0));
            assertEquals(BlockStatus.BAD_HEADER, chain.executor().execute(block, 0, 10, receipts, out, 0));
            assertEquals(height, chain.store().sealedHeight());
            assertEquals(root, chain.rootHex());
            block.putByte(0, (byte) 1);
            assertEquals(BlockStatus.SEALED, chain.executor().execute(block, 0, length, receipts, out, 0));
            chain.discardPending();
            assertEquals(java.math.BigInteger.ONE, chain.coin(11));
        }
    }
}
