package io.multilane.perf.workload;

import java.util.SplittableRandom;

/**
 * Draws ranks {@code 0 .. n-1} with probability proportional to {@code 1 / (rank + 1)^exponent}
 * (Zipf): rank 0 is the hottest. The cumulative distribution is computed once at construction
 * ({@code n} doubles); {@link #sample} is a binary search over it and allocates nothing.
 * Immutable after construction; {@link #sample} may be called from any thread with that thread's
 * own random source.
 */
public final class ZipfSampler {
    private final double[] cdf;

    /**
     * @param n        number of ranks (at least 1)
     * @param exponent Zipf exponent (0 gives uniform, 1.0 the classic law)
     */
    public ZipfSampler(final int n, final double exponent) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1: " + n);
        }
        cdf = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Math.pow(i + 1, -exponent);
            cdf[i] = sum;
        }
        for (int i = 0; i < n; i++) {
            cdf[i] /= sum;
        }
        cdf[n - 1] = 1.0;
    }

    /** @return the number of ranks */
    public int size() {
        return cdf.length;
    }

    /**
     * @param rank a rank
     * @return the probability of drawing it
     */
    public double probability(final int rank) {
        return rank == 0 ? cdf[0] : cdf[rank] - cdf[rank - 1];
    }

    /**
     * @param random the caller's random source
     * @return a rank in {@code [0, size())}
     */
    public int sample(final SplittableRandom random) {
        final double u = random.nextDouble();
        int lo = 0;
        int hi = cdf.length - 1;
        while (lo < hi) {
            final int mid = (lo + hi) >>> 1;
            if (cdf[mid] > u) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }
}
