package io.multilane.exec.workload;

import java.util.SplittableRandom;

/**
 * Draws ranks {@code 0 .. n-1} with probability proportional to {@code 1 / (rank + 1)^exponent}
 * (Zipf): rank 0 is the hottest. Built once at construction as a Walker/Vose alias table
 * ({@code n} doubles and {@code n} ints), so {@link #sample} costs two random numbers and two array
 * reads, whatever {@code n}, and allocates nothing. Immutable after construction; {@link #sample}
 * may be called from any thread with that thread's own random source.
 */
public final class ZipfSampler {
    private final double exponent;
    private final double norm;
    /** Probability of keeping column i (scaled so the mean column is 1). */
    private final double[] keep;
    /** Rank drawn instead when column i is not kept. */
    private final int[] alias;

    /**
     * @param n        number of ranks (at least 1)
     * @param exponent Zipf exponent (0 gives uniform, 1.0 the classic law)
     */
    public ZipfSampler(final int n, final double exponent) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1: " + n);
        }
        this.exponent = exponent;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Math.pow(i + 1, -exponent);
        }
        this.norm = sum;
        this.keep = new double[n];
        this.alias = new int[n];
        build(n);
    }

    /** Vose's alias method: columns below 1 are topped up from columns above 1. */
    private void build(final int n) {
        final int[] small = new int[n];
        final int[] large = new int[n];
        int smalls = 0;
        int larges = 0;
        for (int i = 0; i < n; i++) {
            keep[i] = probability(i) * n;
            alias[i] = i;
            if (keep[i] < 1.0) {
                small[smalls++] = i;
            } else {
                large[larges++] = i;
            }
        }
        while (smalls > 0 && larges > 0) {
            final int s = small[--smalls];
            final int l = large[--larges];
            alias[s] = l;
            keep[l] = keep[l] + keep[s] - 1.0;
            if (keep[l] < 1.0) {
                small[smalls++] = l;
            } else {
                large[larges++] = l;
            }
        }
        while (larges > 0) {
            keep[large[--larges]] = 1.0;
        }
        while (smalls > 0) {
            keep[small[--smalls]] = 1.0;
        }
    }

    /** @return the number of ranks */
    public int size() {
        return keep.length;
    }

    /**
     * @param rank a rank
     * @return the probability of drawing it
     */
    public double probability(final int rank) {
        return Math.pow(rank + 1, -exponent) / norm;
    }

    /**
     * @param random the caller's random source
     * @return a rank in {@code [0, size())}
     */
    public int sample(final SplittableRandom random) {
        final int column = random.nextInt(keep.length);
        return random.nextDouble() < keep[column] ? column : alias[column];
    }
}
