package io.multilane.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

import io.multilane.exec.tx.BlockFlyweight;
import io.multilane.exec.workload.AdversarialDefiWorkload;
import io.multilane.exec.workload.Adversity;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The ring feed ({@link RingFeed}): blocks several times larger than the ring (64 slots, 300 transactions) reach the lanes whole and in order —
 * the submitter copies what fits, the lanes copy the rest as they free slots and wake the submitter at the
 * block's last slot — and {@code submit} returns only once every byte is copied, so the caller may overwrite its
 * buffer at once. Against the serial oracle, for each wait strategy that two lanes may use on two cores.
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
                final BlockFlyweight block = new BlockFlyweight().wrap(d.buffer(), 0, length);
                int entries = 0;
                while (block.nextTx()) {
                    entries++;
                }
                assertEquals(entries, d.check(length, true).transactions(), label + ": block " + b);
            }
        }
    }
}
