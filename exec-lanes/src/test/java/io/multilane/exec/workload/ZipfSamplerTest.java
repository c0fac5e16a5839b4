package io.multilane.exec.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class ZipfSamplerTest {
    @Test
    void probabilitiesFollowTheLawAndSumToOne() {
        final ZipfSampler zipf = new ZipfSampler(100, 1.0);
        double sum = 0;
        for (int r = 0; r < 100; r++) {
            sum += zipf.probability(r);
        }
        assertEquals(1.0, sum, 1e-12);
        assertEquals(2.0, zipf.probability(0) / zipf.probability(1), 1e-9);
        assertEquals(10.0, zipf.probability(0) / zipf.probability(9), 1e-9);
    }

    @Test
    void exponentZeroIsUniformAndOneRankAlwaysDrawsIt() {
        final ZipfSampler uniform = new ZipfSampler(4, 0);
        for (int r = 0; r < 4; r++) {
            assertEquals(0.25, uniform.probability(r), 1e-12);
        }
        final SplittableRandom random = new SplittableRandom(1);
        final ZipfSampler one = new ZipfSampler(1, 1.0);
        for (int i = 0; i < 100; i++) {
            assertEquals(0, one.sample(random));
        }
        assertThrows(IllegalArgumentException.class, () -> new ZipfSampler(0, 1.0));
    }

    @Test
    void samplesMatchTheProbabilities() {
        final ZipfSampler zipf = new ZipfSampler(50, 1.2);
        final SplittableRandom random = new SplittableRandom(99);
        final int[] counts = new int[50];
        final int n = 200_000;
        for (int i = 0; i < n; i++) {
            counts[zipf.sample(random)]++;
        }
        for (int r = 0; r < 50; r++) {
            final double p = zipf.probability(r);
            final double sd = Math.sqrt(n * p * (1 - p));
            assertTrue(Math.abs(counts[r] - n * p) < 5 * sd + 1, "rank " + r + ": " + counts[r] + " vs " + n * p);
        }
    }
}
