package io.multilane.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import io.multilane.exec.tx.BlockDescriptor;
import io.multilane.exec.tx.BlockFlyweight;
import io.multilane.exec.tx.TxDescriptor;
import io.multilane.exec.workload.AdversarialDefiWorkload;
import io.multilane.exec.workload.Adversity;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ring feed ({@link RingFeed}): blocks several times larger than the ring (64 slots, 300 transactions) reach the lanes whole and in order —
 * the submitter copies what fits, the lanes copy the rest as they free slots and wake the submitter at the
 * block's last slot — and {@code submit} returns only once every byte is copied, so the caller may overwrite its
 * buffer at once. Against the serial oracle, for each wait strategy that two lanes may use on two cores. The feed reads
 * each entry once, sizing its claims by the header's transaction count: a header that states it wrongly changes no
 * result; a block with more entries than allowed is cut while being copied, and nothing of it stays committed.
 */
class RingFeedTest {
    private static final long SEED = Long.getLong("multilane.seed", System.nanoTime());

    @ParameterizedTest(name = "wait={0}")
    @EnumSource(value = WaitKind.class, names = {"BLOCKING", "BACKOFF", "ADAPTIVE"})
    void blocksLargerThanTheRingMatchSerialAndMayBeOverwrittenOnceSubmitted(final WaitKind kind,
                                                                             @TempDir final Path dir) {
        final long seed = SEED ^ kind.ordinal();
        final String label = "ring feed wait=" + kind + " seed=" + seed + " (-Dmultilane.seed=" + SEED + ")";
        final AdversarialDefiWorkload generator = AdversarialDefiWorkload.of(Adversity.defaults(), seed);
        final EngineConfig config = EngineConfig.forOpenStore().withLanes(2).withWaitKind(kind).withRingSize(64);
        try (Differential d = new Differential(dir, config, generator, label)) {
            for (int b = 0; b < 8; b++) {
                final int length = generator.encodeBlock(d.nextHeight(), d.root(), d.buffer(), 300);
                final int entries = entries(d, length);
                assertEquals(entries, d.check(length, true).transactions(), label + ": block " + b);
            }
        }
    }

    /** @return the entries the block in {@code d}'s buffer frames (the adversarial generator may add some) */
    private static int entries(final Differential d, final int length) {
        final BlockFlyweight block = new BlockFlyweight().wrap(d.buffer(), 0, length);
        int entries = 0;
        while (block.nextTx()) {
            entries++;
        }
        return entries;
    }

    @ParameterizedTest(name = "lanes={0}")
    @ValueSource(ints = {1, 2})
    void aWrongTransactionCountInTheHeaderChangesNoResult(final int lanes, @TempDir final Path dir) {
        final long seed = SEED ^ lanes;
        final String label = "declared count lanes=" + lanes + " seed=" + seed + " (-Dmultilane.seed=" + SEED + ")";
        final AdversarialDefiWorkload generator = AdversarialDefiWorkload.of(Adversity.defaults(), seed);
        final EngineConfig config = EngineConfig.forOpenStore().withLanes(lanes).withWaitKind(WaitKind.BACKOFF)
                .withRingSize(64);
        // none, too few, one short of a claim, too many, absurdly many (u32 above int's range)
        final int[] declared = {0, 1, 63, 299, 301, 1000, -1};
        try (Differential d = new Differential(dir, config, generator, label)) {
            for (int stated : declared) {
                final int length = generator.encodeBlock(d.nextHeight(), d.root(), d.buffer(), 300);
                final int entries = entries(d, length);
                d.buffer().putInt(BlockDescriptor.TX_COUNT_OFFSET, stated, TxDescriptor.ORDER);
                assertEquals(entries, d.check(length).transactions(), label + ": header states " + stated);
            }
        }
    }

    @ParameterizedTest(name = "lanes={0}")
    @ValueSource(ints = {1, 2})
    void aBlockWithMoreEntriesThanAllowedIsCutWhileCopiedAndLeavesNoTrace(final int lanes, @TempDir final Path dir) {
        final long seed = SEED ^ (lanes << 8);
        final String label = "too many entries lanes=" + lanes + " seed=" + seed + " (-Dmultilane.seed=" + SEED + ")";
        final AdversarialDefiWorkload generator = new AdversarialDefiWorkload(BadInputTest.SMALL, BadInputTest.SMALL_MIX, seed);
        final EngineConfig config = EngineConfig.forOpenStore().withLanes(lanes).withWaitKind(WaitKind.BACKOFF)
                .withRingSize(64).withMaxBlock(250, 1 << 20);
        try (Differential d = new Differential(dir, config, generator, label)) {
            final long height = d.engine().sealedHeight();
            // 300 entries, the header saying 200: the feed finds the 251st only after the ring turned over
            // several times, so the lanes have executed (and the commit role committed) the first ones
            final int length = generator.encodeBlock(d.nextHeight(), d.root(), d.buffer(), 300);
            d.buffer().putInt(BlockDescriptor.TX_COUNT_OFFSET, 200, TxDescriptor.ORDER);
            final BlockResult reusable = BlockResult.reusable(300);
            final EngineException refused = assertThrows(EngineException.class,
                    () -> d.engine().submit(d.buffer(), 0, length, reusable));
            assertEquals(EngineException.Reason.BLOCK_TOO_LARGE, refused.reason(), label);
            assertTrue(refused.getMessage().contains("more than 250 transactions exceeds the maximum of 250"),
                    refused.getMessage());
            assertTrue(reusable.done(), "the refused block's result is free again once submit throws");
            assertFalse(reusable.sealed());
            assertEquals(height, d.engine().sealedHeight(), label + ": nothing sealed");
            // the same block's first 200 entries, at the same height: had any of the cut block's writes stayed (a nonce
            // bumped, a balance moved), the engine's receipts or root would differ from the serial executor's
            final BlockFlyweight walk = new BlockFlyweight().wrap(d.buffer(), 0, length);
            for (int i = 0; i < 200; i++) {
                walk.nextTx();
            }
            final int cut = walk.txOffset() + walk.txLength();
            d.buffer().putInt(BlockDescriptor.TX_COUNT_OFFSET, 200, TxDescriptor.ORDER);
            assertEquals(200, d.check(cut).transactions(), label);
            assertTrue(d.engine().sealedHeight() == height + 1, label + ": the engine goes on after the refusal");
        }
    }
}
