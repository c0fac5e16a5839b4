package io.multilane.pipeline;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import io.multilane.exec.workload.AdversarialDefiWorkload;
import io.multilane.exec.workload.Adversity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Differential tests of the engine against the serial oracle on randomized DeFi blocks: for 1, 2, 4 and 8
 * lanes (one lane both speculating and in direct mode) and every wait strategy (busy-spin only with one lane, so at most two threads spin on this
 * 2-core box), with light contention, a single hot pool with a hot receiver, and failures and malformed
 * entries mixed in. Receipts, roots and the final state must equal the oracle's. The seed is printed
 * and is part of every assertion message. At least 200 random blocks in this default tier.
 */
class EngineDifferentialTest {
    private static final long BASE_SEED = Long.getLong("multilane.seed", System.nanoTime());

    static Stream<Arguments> configurations() {
        final List<Arguments> out = new ArrayList<>();
        final int[] lanes = {1, 2, 4, 8};
        for (int n : lanes) {
            for (WaitKind kind : WaitKind.values()) {
                if (kind.spins() && n > 1) {
                    continue;
                }
                out.add(Arguments.of(n, kind, true));
                if (n == 1) {
                    out.add(Arguments.of(n, kind, false));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "lanes={0} wait={1} speculate={2}")
    @MethodSource("configurations")
    void defaultMixMatchesSerial(final int lanes, final WaitKind kind, final boolean speculate, @TempDir final Path dir) {
        run(dir, lanes, kind, speculate, Adversity.defaults(), 10, 150, "default mix");
    }

    @ParameterizedTest(name = "lanes={0} wait={1} speculate={2}")
    @MethodSource("configurations")
    void hotPoolAndReceiverMatchSerial(final int lanes, final WaitKind kind, final boolean speculate,
            @TempDir final Path dir) {
        run(dir, lanes, kind, speculate, Adversity.hot(), 6, 200, "hot pool");
    }

    @Test
    void contentionSweepMatchesSerial(@TempDir final Path dir) {
        final SplittableRandom r = new SplittableRandom(BASE_SEED);
        for (int i = 0; i < 4; i++) {
            final Adversity config = Adversity.defaults().withContention(r.nextDouble(), r.nextDouble());
            run(dir.resolve("sweep" + i), 1 + r.nextInt(4), WaitKind.BACKOFF, true, config, 5, 100 + r.nextInt(300),
                    "sweep " + config);
        }
    }

    @Test
    void aFeeCollectorThatAlsoTradesMatchesSerial(@TempDir final Path dir) {
        final long seed = BASE_SEED ^ 0xFEE;
        final String label = "fee collector trades seed=" + seed;
        final AdversarialDefiWorkload generator = AdversarialDefiWorkload.of(Adversity.hot(), seed);
        final EngineConfig config = EngineConfig.forOpenStore().withLanes(2).withWaitKind(WaitKind.BLOCKING).withRingSize(1024);
        try (Differential d = new Differential(dir, config, generator, label, AdversarialDefiWorkload.FIRST_USER)) {
            for (int b = 0; b < 6; b++) {
                d.check(generator.encodeBlock(d.nextHeight(), d.root(), d.buffer(), 150));
            }
            assertTrue(d.transactions() > 0, label);
        }
    }

    static void run(final Path dir, final int lanes, final WaitKind kind, final boolean speculate, final Adversity mix,
            final int blocks, final int txs, final String what) {
        final long seed = BASE_SEED ^ (lanes * 31L + kind.ordinal() + (speculate ? 0 : 7)) ^ what.hashCode();
        final String label = what + " lanes=" + lanes + " wait=" + kind + " speculate=" + speculate + " seed=" + seed
                + " (-Dmultilane.seed=" + BASE_SEED + ")";
        System.out.println("differential: " + label);
        final AdversarialDefiWorkload generator = AdversarialDefiWorkload.of(mix, seed);
        final EngineConfig config = EngineConfig.forOpenStore().withLanes(lanes).withWaitKind(kind).withRingSize(1024)
                .withSingleLaneSpeculation(speculate);
        try (Differential d = new Differential(dir, config, generator, label)) {
            for (int b = 0; b < blocks; b++) {
                final int length = generator.encodeBlock(d.nextHeight(), d.root(), d.buffer(), txs);
                d.check(length);
            }
            assertTrue(d.transactions() > 0, label);
            for (int program = 1; program <= 5; program++) {
                assertTrue(d.successes(program) > 0, label + ": the mix exercises program " + program);
            }
            System.out.printf("differential: %s: %d txs, re-executed %d (%.1f%%)%n", label, d.transactions(),
                    d.reexecuted(), 100.0 * d.reexecuted() / d.transactions());
        }
    }
}
