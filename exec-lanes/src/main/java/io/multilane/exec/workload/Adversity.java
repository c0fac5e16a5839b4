package io.multilane.exec.workload;

/**
 * What makes an {@link AdversarialDefiWorkload} hostile, on top of its {@link DefiMixSpec}: the
 * instructions the realistic mix leaves out (coin transfers, approve / transfer_from pairs), hot keys,
 * and the shares of transactions built to fail or to be refused. Immutable; any thread.
 *
 * @param coinTransfers    weight of coin transfers (relative to the spec's weights)
 * @param allowances       weight of approve / transfer_from pairs
 * @param hotPoolShare     fraction of swaps and liquidity changes on pool 0 (1.0: one hot pool)
 * @param hotReceiverShare fraction of transfers whose receiver is the hot receiver, user 0
 * @param badNonceShare    fraction of transactions sent with a nonce ahead of the sender's (failed receipts)
 * @param overdrawShare    fraction of amounts far above any balance, and of swaps with an unreachable minimum
 * @param malformedShare   fraction of entries that are truncated, oversized, of another version, of an
 *                         unknown program or instruction, or random bytes (rejected receipts)
 */
public record Adversity(int coinTransfers, int allowances, double hotPoolShare, double hotReceiverShare,
        double badNonceShare, double overdrawShare, double malformedShare) {

    /** Validates the weights and shares. */
    public Adversity {
        if (coinTransfers < 0 || allowances < 0) {
            throw new IllegalArgumentException("weights must not be negative: " + coinTransfers + ", " + allowances);
        }
        for (double share : new double[] {hotPoolShare, hotReceiverShare, badNonceShare, overdrawShare, malformedShare}) {
            if (!(share >= 0 && share <= 1)) {
                throw new IllegalArgumentException("shares must be in [0, 1]: " + this);
            }
        }
    }

    /** @return light contention, 1% bad nonces, 2% overdraws, 1% malformed entries */
    public static Adversity defaults() {
        return new Adversity(20, 5, 0.2, 0.05, 0.01, 0.02, 0.01);
    }

    /** @return every swap through one pool, every transfer to one receiver, faults as {@link #defaults()} */
    public static Adversity hot() {
        return defaults().withContention(1.0, 1.0);
    }

    /** @return contention as {@link #defaults()}, without failing or malformed entries */
    public static Adversity clean() {
        return new Adversity(20, 5, 0.2, 0.05, 0, 0, 0);
    }

    /**
     * @param pool new hot-pool share
     * @param receiver new hot-receiver share
     * @return a copy with that contention
     */
    public Adversity withContention(final double pool, final double receiver) {
        return new Adversity(coinTransfers, allowances, pool, receiver, badNonceShare, overdrawShare, malformedShare);
    }
}
