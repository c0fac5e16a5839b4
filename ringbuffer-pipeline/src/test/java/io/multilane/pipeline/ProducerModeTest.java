package io.multilane.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.multilane.exec.receipt.BlockStatus;
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
 * Producer mode: a producer that cannot know parent roots submits its blocks back to back (all in flight at
 * once, headers naming no parent root) and gets, block for block, the roots and receipts a follower gets by
 * submitting the same blocks one at a time with the right parent roots. The follower keeps refusing a block
 * built on another state; the producer still refuses a block at the wrong height.
 */
class ProducerModeTest {
    private static final int BLOCKS = 40;
    private static final int TXS = 150;
    private static final long SEED = 23;

    @Test
    void pipelinedProducerBlocksCommitExactlyAsAFollowersChain(@TempDir final Path dir) throws Exception {
        final List<byte[]> follower = run(dir.resolve("follower"), false);
        final List<byte[]> producer = run(dir.resolve("producer"), true);
        assertEquals(BLOCKS, producer.size());
        for (int b = 0; b < BLOCKS; b++) {
            assertArrayEquals(follower.get(b), producer.get(b), "block " + b + " (seed " + SEED + "): root or receipts differ");
        }
    }

    @Test
    void aFollowerRefusesAWrongParentRootAndAProducerAWrongHeight(@TempDir final Path dir) throws Exception {
        for (boolean producerMode : new boolean[] {false, true}) {
            final AdversarialDefiWorkload generator = AdversarialDefiWorkload.of(Adversity.clean(), SEED);
            final UnsafeBuffer root = new UnsafeBuffer(new byte[BlockDescriptor.ROOT_LENGTH]);
            final UnsafeBuffer wrong = new UnsafeBuffer(new byte[BlockDescriptor.ROOT_LENGTH]);
            wrong.setMemory(0, BlockDescriptor.ROOT_LENGTH, (byte) 7);
            try (StateStore store = StateStores.open(StateConfig.of(dir.resolve("m" + producerMode), 1 << 18)
                    .withSyncOnSeal(false));
                 Engine engine = Engine.open(config(producerMode), store)) {
                final long height = generator.writeGenesis(store, root, 0);
                final ExpandableArrayBuffer block = new ExpandableArrayBuffer(1 << 20);
                final BlockResult wrongRoot = engine.submit(block, 0, generator.encodeBlock(height + 1, wrong, block, 10))
                        .get(30, TimeUnit.SECONDS);
                assertEquals(producerMode ? BlockStatus.SEALED : BlockStatus.PARENT_ROOT_MISMATCH, wrongRoot.status(),
                        "producer mode " + producerMode);
                final BlockResult wrongHeight = engine.submit(block, 0, generator.encodeBlock(height + 5, root, block, 10))
                        .get(30, TimeUnit.SECONDS);
                assertEquals(BlockStatus.WRONG_HEIGHT, wrongHeight.status(), "producer mode " + producerMode);
            }
        }
    }

    private static EngineConfig config(final boolean producer) {
        return EngineConfig.forOpenStore().withLanes(2).withWaitKind(WaitKind.BLOCKING).withVerifySignatures(false)
                .withFeeCollector(SerialExecutor.DEFAULT_FEE_COLLECTOR).withRingSize(256).withProducerMode(producer);
    }

    /** Returns, per block, its root followed by its receipt bytes. */
    private static List<byte[]> run(final Path dir, final boolean producer) throws Exception {
        final AdversarialDefiWorkload generator = AdversarialDefiWorkload.of(Adversity.clean().withContention(0.3, 0.05), SEED);
        final UnsafeBuffer root = new UnsafeBuffer(new byte[BlockDescriptor.ROOT_LENGTH]);
        final UnsafeBuffer none = new UnsafeBuffer(new byte[BlockDescriptor.ROOT_LENGTH]);
        final List<byte[]> out = new ArrayList<>();
        try (StateStore store = StateStores.open(StateConfig.of(dir, 1 << 20).withSyncOnSeal(false));
             Engine engine = Engine.open(config(producer), store)) {
            long height = generator.writeGenesis(store, root, 0);
            final ExpandableArrayBuffer block = new ExpandableArrayBuffer(1 << 20);
            for (int i = 0; i < generator.setupBlocks(); i++) {
                final BlockResult r = engine.submit(block, 0, generator.encodeSetupBlock(i, ++height, root, block)).get();
                root.putBytes(0, r.root(), 0, BlockDescriptor.ROOT_LENGTH);
            }
            final List<CompletableFuture<BlockResult>> inFlight = new ArrayList<>();
            for (int b = 0; b < BLOCKS; b++) {
                if (producer) {
                    // every block goes in at once, naming no parent root: the ring holds several blocks
                    inFlight.add(engine.submit(block, 0, generator.encodeBlock(++height, none, block, TXS)));
                } else {
                    final BlockResult r = engine.submit(block, 0, generator.encodeBlock(++height, root, block, TXS))
                            .get(30, TimeUnit.SECONDS);
                    root.putBytes(0, r.root(), 0, BlockDescriptor.ROOT_LENGTH);
                    inFlight.add(CompletableFuture.completedFuture(r));
                }
            }
            for (CompletableFuture<BlockResult> f : inFlight) {
                final BlockResult r = f.get(30, TimeUnit.SECONDS);
                assertTrue(r.sealed(), r.toString());
                out.add(bytes(r));
            }
        }
        return out;
    }

    private static byte[] bytes(final BlockResult r) {
        final ReceiptLog receipts = r.receipts();
        final int length = receipts.count() == 0 ? 0 : receipts.offset(receipts.count() - 1)
                + receipts.length(receipts.count() - 1);
        final byte[] out = new byte[BlockDescriptor.ROOT_LENGTH + length];
        r.root().getBytes(0, out, 0, BlockDescriptor.ROOT_LENGTH);
        receipts.buffer().getBytes(0, out, BlockDescriptor.ROOT_LENGTH, length);
        return out;
    }
}
