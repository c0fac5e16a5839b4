package io.multilane.exec.replay;

import java.util.List;

/**
 * A recorded trace (a parsed mainnet-format workload, bundled or from a directory): genesis balances and pairs, ops grouped into blocks in file order,
 * and the address book that maps ids back to addresses. Immutable after loading; any thread.
 *
 * @param addresses address to id mapping
 * @param coins genesis coin balances
 * @param tokenBalances genesis token balances
 * @param pairs genesis pairs
 * @param blocks ops grouped by their {@code block} column, in file order
 */
public record Trace(AddressBook addresses, List<Coin> coins, List<TokenBalance> tokenBalances, List<Pair> pairs,
        List<List<WorkloadOp>> blocks) {

    /**
     * A genesis coin balance.
     *
     * @param account account id
     * @param amount balance
     */
    public record Coin(long account, Amount amount) {
    }

    /**
     * A genesis token balance.
     *
     * @param token token id
     * @param holder holder id
     * @param amount balance
     */
    public record TokenBalance(long token, long holder, Amount amount) {
    }

    /**
     * A genesis Uniswap V2 pair.
     *
     * @param pair pair id (also its account id)
     * @param token0 lower token id by address
     * @param token1 higher token id by address
     * @param reserve0 reserve of token0
     * @param reserve1 reserve of token1
     */
    public record Pair(long pair, long token0, long token1, Amount reserve0, Amount reserve1) {
    }

    /** @return total number of ops */
    public int opCount() {
        int n = 0;
        for (List<WorkloadOp> b : blocks) {
            n += b.size();
        }
        return n;
    }
}
