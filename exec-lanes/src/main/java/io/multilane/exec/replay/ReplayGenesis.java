package io.multilane.exec.replay;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.multilane.exec.program.GenesisWriter;
import io.multilane.state.StateStore;
import org.agrona.MutableDirectBuffer;

/**
 * Writes a workload's genesis into a store as one sealed block: an account per coin row and per
 * op sender (flag CREATED, so zero-balance senders exist and can carry a nonce), a token record per
 * token (supply = sum of its genesis balances, authority 0), every token balance (pairs' included),
 * and a pool record per pair (token0/token1 as in the file, reserves, no LP supply) with its program
 * account (no transaction may send as a pair: {@link io.multilane.exec.program.ProgramAccounts}). Setup code,
 * single thread.
 */
public final class ReplayGenesis {
    private final GenesisWriter genesis = new GenesisWriter();

    /**
     * Opens block {@code sealedHeight()+1}, writes the genesis and seals it.
     *
     * @param trace the trace
     * @param store an empty store
     * @param rootOut receives the root after genesis (32 bytes)
     * @return the genesis block height
     */
    public long write(final Trace trace, final StateStore store, final MutableDirectBuffer rootOut) {
        genesis.begin(store);
        final Map<Long, Amount> coins = new TreeMap<>();
        for (Trace.Coin c : trace.coins()) {
            coins.put(c.account(), c.amount());
        }
        for (List<WorkloadOp> block : trace.blocks()) {
            for (WorkloadOp op : block) {
                coins.putIfAbsent(op.sender(), Amount.ZERO);
            }
        }
        for (Map.Entry<Long, Amount> c : coins.entrySet()) {
            genesis.account(c.getKey(), c.getValue().hi(), c.getValue().lo());
        }
        final Map<Long, BigInteger> supply = new TreeMap<>();
        for (Trace.TokenBalance b : trace.tokenBalances()) {
            supply.merge(b.token(), b.amount().toBigInteger(), BigInteger::add);
            genesis.tokenBalance(b.token(), b.holder(), b.amount().hi(), b.amount().lo());
        }
        for (Trace.Pair p : trace.pairs()) {
            supply.putIfAbsent(p.token0(), BigInteger.ZERO);
            supply.putIfAbsent(p.token1(), BigInteger.ZERO);
            genesis.pool(p.pair(), p.token0(), p.token1(), p.reserve0().hi(), p.reserve0().lo(), p.reserve1().hi(),
                    p.reserve1().lo());
        }
        for (List<WorkloadOp> block : trace.blocks()) {
            for (WorkloadOp op : block) {
                if (op.token() != 0) {
                    supply.putIfAbsent(op.token(), BigInteger.ZERO);
                }
            }
        }
        for (Map.Entry<Long, BigInteger> t : supply.entrySet()) {
            final Amount total = Amount.of(t.getValue());
            genesis.token(t.getKey(), total.hi(), total.lo(), 0);
        }
        return genesis.seal(rootOut, 0);
    }
}
