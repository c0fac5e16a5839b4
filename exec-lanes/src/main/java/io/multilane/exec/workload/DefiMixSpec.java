package io.multilane.exec.workload;

/**
 * Sizes and transaction mix of a {@link DefiMixWorkload}. Weights are relative (the named presets
 * use percentages). Immutable; any thread.
 *
 * @param accounts       user accounts
 * @param tokens         fungible tokens (every user holds every token)
 * @param pools          AMM pools (pool {@code p} pairs two distinct tokens)
 * @param markets        lending markets (0 for none)
 * @param stakingPools   staking pools (0 for none)
 * @param positionUsers  users {@code 0 .. positionUsers - 1} get a collateral position and a stake in
 *                       setup; borrows, repays, unstakes and claims come from them
 * @param tokenTransfers weight of token transfers
 * @param swaps          weight of single-hop swaps
 * @param lending        weight of lending operations
 * @param staking        weight of staking operations
 * @param liquidity      weight of liquidity adds and removes
 * @param poolExponent   Zipf exponent of pool popularity for swaps (0 = uniform)
 * @param alternateSwaps true: swaps alternate their direction; false: random direction
 */
public record DefiMixSpec(int accounts, int tokens, int pools, int markets, int stakingPools, int positionUsers,
        int tokenTransfers, int swaps, int lending, int staking, int liquidity, double poolExponent, boolean alternateSwaps) {

    /** Zipf exponent of pool popularity in {@code defi-mix}. */
    public static final double POOL_EXPONENT = 1.0;

    /**
     * Validates the sizes.
     */
    public DefiMixSpec {
        if (accounts < 1 || tokens < 2 || pools < 1 || markets < 0 || stakingPools < 0) {
            throw new IllegalArgumentException("bad sizes: " + accounts + " accounts, " + tokens + " tokens, " + pools
                    + " pools");
        }
        if ((lending > 0 && markets == 0) || (staking > 0 && stakingPools == 0)) {
            throw new IllegalArgumentException("lending or staking weight without markets or staking pools");
        }
        if (positionUsers < 0 || positionUsers > accounts || ((lending > 0 || staking > 0) && positionUsers == 0)) {
            throw new IllegalArgumentException("position users must be in [1, accounts] with lending or staking: "
                    + positionUsers);
        }
        if (tokenTransfers < 0 || swaps < 0 || lending < 0 || staking < 0 || liquidity < 0
                || tokenTransfers + swaps + lending + staking + liquidity == 0) {
            throw new IllegalArgumentException("weights must be non-negative with a positive sum");
        }
    }

    /**
     * The {@code defi-mix} mix: 40% token transfers, 35% swaps, 10% lending, 10% staking, 5% liquidity.
     *
     * @param accounts user accounts (100 000 for the named workload)
     * @param tokens   tokens (10 for the named workload)
     * @return the spec, with 100 pools, 10 lending markets, 5 staking pools and positions for a tenth
     *         of the users (at least one)
     */
    public static DefiMixSpec defiMix(final int accounts, final int tokens) {
        return new DefiMixSpec(accounts, tokens, 100, 10, 5, Math.max(1, accounts / 10), 40, 35, 10, 10, 5, POOL_EXPONENT,
                false);
    }

    /**
     * The {@code hot-pool} mix: every transaction swaps on one pool, alternating direction.
     *
     * @param accounts user accounts
     * @return the spec (2 tokens, 1 pool)
     */
    public static DefiMixSpec hotPool(final int accounts) {
        return new DefiMixSpec(accounts, 2, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, true);
    }

    /** @return the sum of the weights */
    public int totalWeight() {
        return tokenTransfers + swaps + lending + staking + liquidity;
    }
}
