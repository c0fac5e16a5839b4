package io.multilane.pipeline.workload;

/**
 * Parameters of a {@link DefiMixGenerator} workload: population sizes, the transaction mix (relative
 * weights) and the contention knobs. Immutable; any thread.
 *
 * @param accounts user accounts (ids from {@link DefiMixGenerator#FIRST_ACCOUNT})
 * @param tokens tokens (ids from {@link DefiMixGenerator#FIRST_TOKEN}); pools pair neighbouring tokens in a ring
 * @param coinTransfers weight of coin transfers
 * @param tokenTransfers weight of token transfers
 * @param swaps weight of AMM swaps (one or two hops)
 * @param liquidity weight of add/remove liquidity
 * @param allowances weight of approve / transfer_from pairs
 * @param lending weight of lending operations on the one market (supply, collateral, borrow, repay, withdraw)
 * @param staking weight of staking operations on the one staking pool (stake, unstake, claim)
 * @param hotPoolShare fraction of swaps that go through pool 0 (1.0: a single hot pool)
 * @param hotReceiverShare fraction of transfers whose receiver is the hot receiver account
 * @param badNonceShare fraction of transactions sent with a wrong nonce (failed receipts)
 * @param malformedShare fraction of entries that are malformed or unknown (rejected receipts)
 * @param overdrawShare fraction of amounts far above any balance (insufficient balance, slippage)
 */
public record DefiMixConfig(int accounts, int tokens, int coinTransfers, int tokenTransfers, int swaps, int liquidity,
        int allowances, int lending, int staking, double hotPoolShare, double hotReceiverShare, double badNonceShare,
        double malformedShare, double overdrawShare) {

    /** Validates the parameters. */
    public DefiMixConfig {
        if (accounts < 2 || tokens < 2 || tokens > 64) {
            throw new IllegalArgumentException("need >= 2 accounts and 2..64 tokens: " + accounts + ", " + tokens);
        }
        if (coinTransfers + tokenTransfers + swaps + liquidity + allowances + lending + staking <= 0) {
            throw new IllegalArgumentException("all weights are zero");
        }
    }

    /** @return a balanced DeFi mix: 512 accounts, 8 tokens, light contention, a few failures and bad entries */
    public static DefiMixConfig defaults() {
        return new DefiMixConfig(512, 8, 20, 30, 35, 10, 5, 8, 4, 0.2, 0.05, 0.01, 0.01, 0.02);
    }

    /** @return every swap through one pool, every transfer to one receiver: the hard case */
    public static DefiMixConfig hot() {
        return new DefiMixConfig(256, 4, 20, 20, 50, 5, 5, 5, 3, 1.0, 1.0, 0.01, 0.01, 0.02);
    }

    /** @return a clean mix without failures or malformed entries, contention as in {@link #defaults()} */
    public static DefiMixConfig clean() {
        return new DefiMixConfig(512, 8, 20, 30, 35, 10, 5, 8, 4, 0.2, 0.05, 0, 0, 0);
    }

    /**
     * @param pool new hot-pool share
     * @param receiver new hot-receiver share
     * @return a copy with other contention
     */
    public DefiMixConfig withContention(final double pool, final double receiver) {
        return new DefiMixConfig(accounts, tokens, coinTransfers, tokenTransfers, swaps, liquidity, allowances, lending,
                staking, pool,
                receiver, badNonceShare, malformedShare, overdrawShare);
    }
}
