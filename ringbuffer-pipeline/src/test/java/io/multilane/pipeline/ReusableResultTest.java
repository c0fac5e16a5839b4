package io.multilane.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;

import io.multilane.exec.receipt.ReceiptLog;
import io.multilane.exec.serial.SerialExecutor;
import io.multilane.exec.tx.BlockDescriptor;
import io.multilane.exec.workload.AdversarialDefiWorkload;
import io.multilane.exec.workload.Adversity;
import io.multilane.state.StateConfig;
import io.multilane.state.StateStore;
import io.multilane.state.StateStores;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Engine#submit(org.agrona.DirectBuffer, int, int, BlockResult)} with recycled results gives the
 * same receipts and roots as the future-returning submit, and the submitting thread then allocates nothing
 * per block (measured with {@code ThreadMXBean} around submit and await only, after warm-up).
 */
class ReusableResultTest {
    private static final int BLOCKS = 300;
    private static final int TXS = 200;

    @Test
    void recycledResultsMatchFuturesAndTheSubmitterAllocatesNothingPerBlock(@TempDir final Path dir) throws Exception {
        final byte[][] withFutures = run(dir.resolve("futures"), false);
        final byte[][] recycled = run(dir.resolve("recycled"), true);
        for (int b = 0; b < BLOCKS; b++) {
            assertArrayEquals(withFutures[b], recycled[b], "block " + b + ": roots and receipts differ");
        }
    }

    @Test
    void aReusableResultHasNoFutureAndCannotBeResetInFlight() {
        final BlockResult r = BlockResult.reusable(10);
        assertTrue(r.done());
        assertThrows(IllegalStateException.class, r::future);
        final UnsafeBuffer root = new UnsafeBuffer(new byte[BlockDescriptor.ROOT_LENGTH]);
        r.reset(5, 5, root, 0);
        final IllegalStateException e = assertThrows(IllegalStateException.class, () -> r.reset(6, 6, root, 0));
        assertTrue(e.getMessage().contains("still in flight"), e.getMessage());
        r.complete();
        assertEquals(r, r.await());
        r.reset(6, 6, root, 0);
        assertEquals(6, r.height());
    }

    /** @return the block's root, its receipt count, then every receipt whole (status, reason, fee, events ...) */
    private static byte[] rootAndReceipts(final BlockResult r) {
        final ReceiptLog receipts = r.receipts();
        int length = BlockDescriptor.ROOT_LENGTH + Integer.BYTES;
        for (int i = 0; i < receipts.count(); i++) {
            length += Integer.BYTES + receipts.length(i);
        }
        final UnsafeBuffer out = new UnsafeBuffer(new byte[length]);
        out.putBytes(0, r.root(), 0, BlockDescriptor.ROOT_LENGTH);
        int at = BlockDescriptor.ROOT_LENGTH;
        out.putInt(at, receipts.count());
        at += Integer.BYTES;
        for (int i = 0; i < receipts.count(); i++) {
            out.putInt(at, receipts.length(i));
            out.putBytes(at + Integer.BYTES, receipts.buffer(), receipts.offset(i), receipts.length(i));
            at += Integer.BYTES + receipts.length(i);
        }
        return out.byteArray();
    }

    /** Returns, per measured block, its root followed by its receipts, whole. */
    private static byte[][] run(final Path dir, final boolean recycle) throws Exception {
        final com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final AdversarialDefiWorkload generator = AdversarialDefiWorkload.of(Adversity.clean().withContention(0.3, 0.05), 11);
        final UnsafeBuffer root = new UnsafeBuffer(new byte[BlockDescriptor.ROOT_LENGTH]);
        final BlockResult[] results = {BlockResult.reusable(TXS), BlockResult.reusable(TXS)};
        final byte[][] out = new byte[BLOCKS][];
        final StateStore store = StateStores.open(StateConfig.of(dir, 1 << 20).withSyncOnSeal(false));
        long height = generator.writeGenesis(store, root, 0);
        final EngineConfig config = EngineConfig.forOpenStore().withLanes(2).withWaitKind(WaitKind.BACKOFF)
                .withVerifySignatures(false).withFeeCollector(SerialExecutor.DEFAULT_FEE_COLLECTOR);
        long allocated = 0;
        try (store; Engine engine = Engine.open(config, store)) {
            final ExpandableArrayBuffer block = new ExpandableArrayBuffer(1 << 20);
            for (int i = 0; i < generator.setupBlocks(); i++) {
                final BlockResult r = engine.submit(block, 0, generator.encodeSetupBlock(i, ++height, root, block)).get();
                root.putBytes(0, r.root(), 0, BlockDescriptor.ROOT_LENGTH);
            }
            for (int b = 0; b < BLOCKS; b++) {
                final int length = generator.encodeBlock(++height, root, block, TXS);
                final long before = mx.getCurrentThreadAllocatedBytes();
                final BlockResult r = recycle ? engine.submit(block, 0, length, results[b & 1]).await()
                        : engine.submit(block, 0, length).get();
                if (b >= BLOCKS / 3) {
                    allocated += mx.getCurrentThreadAllocatedBytes() - before;
                }
                assertTrue(r.sealed(), r.toString());
                root.putBytes(0, r.root(), 0, BlockDescriptor.ROOT_LENGTH);
                out[b] = rootAndReceipts(r);
            }
        }
        if (recycle) {
            System.out.println("submitter allocated " + allocated + " bytes over " + (BLOCKS - BLOCKS / 3)
                    + " recycled blocks");
            assertTrue(allocated < 16 * 1024, "submitter allocated " + allocated + " bytes with recycled results");
        }
        return out;
    }
}
