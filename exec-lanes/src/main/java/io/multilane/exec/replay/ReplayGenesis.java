package io.multilane.exec.replay;

import io.multilane.exec.program.accounts.AccountsInstructions;
import io.multilane.exec.program.amm.AmmInstructions;
import io.multilane.exec.program.tokens.TokensInstructions;
import io.multilane.state.StateStore;
import io.multilane.state.U128;
import io.multilane.state.key.KeyType;
import io.multilane.state.key.StateKeys;
import io.multilane.state.record.AccountDescriptor;
import io.multilane.state.record.AmmPoolDescriptor;
import io.multilane.state.record.TokenBalanceDescriptor;
import io.multilane.state.record.TokenDescriptor;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.TreeMap;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Writes a workload's genesis into a store as one sealed block: an account per coin row and per
 * op sender (flag CREATED, so zero-balance senders exist and can carry a nonce), a token record per
 * token (supply = sum of its genesis balances, authority 0), every token balance (pairs' included),
 * and a pool record per pair (token0/token1 as in the file, reserves, no LP supply). Setup code,
 * single thread.
 */
public final class ReplayGenesis {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private final UnsafeBuffer key = new UnsafeBuffer(new byte[StateKeys.LENGTH]);
    private final UnsafeBuffer value = new UnsafeBuffer(new byte[KeyType.MAX_RECORD_LENGTH]);
    private final U128 amount = new U128();

    /**
     * Opens block {@code sealedHeight()+1}, writes the genesis and seals it.
     *
     * @param workload the workload
     * @param store an empty store
     * @param rootOut receives the root after genesis (32 bytes)
     * @return the genesis block height
     */
    public long write(final Workload workload, final StateStore store, final UnsafeBuffer rootOut) {
        final long height = store.sealedHeight() + 1;
        store.beginBlock(height);
        final Map<Long, Amount> coins = new TreeMap<>();
        for (Workload.Coin c : workload.coins()) {
            coins.put(c.account(), c.amount());
        }
        for (java.util.List<WorkloadOp> block : workload.blocks()) {
            for (WorkloadOp op : block) {
                coins.putIfAbsent(op.sender(), Amount.ZERO);
            }
        }
        for (Map.Entry<Long, Amount> c : coins.entrySet()) {
            value.setMemory(0, AccountDescriptor.LENGTH, (byte) 0);
            amount.set(c.getValue().hi(), c.getValue().lo()).write(value, AccountDescriptor.BALANCE_OFFSET);
            value.putLong(AccountDescriptor.FLAGS_OFFSET, AccountsInstructions.FLAG_CREATED, LE);
            put(store, KeyType.ACCOUNT, c.getKey(), 0, AccountDescriptor.LENGTH);
        }
        final Map<Long, BigInteger> supply = new TreeMap<>();
        for (Workload.TokenBalance b : workload.tokenBalances()) {
            supply.merge(b.token(), b.amount().toBigInteger(), BigInteger::add);
            value.setMemory(0, TokenBalanceDescriptor.LENGTH, (byte) 0);
            amount.set(b.amount().hi(), b.amount().lo()).write(value, TokenBalanceDescriptor.BALANCE_OFFSET);
            put(store, KeyType.TOKEN_BALANCE, b.token(), b.holder(), TokenBalanceDescriptor.LENGTH);
        }
        for (Workload.Pair p : workload.pairs()) {
            supply.putIfAbsent(p.token0(), BigInteger.ZERO);
            supply.putIfAbsent(p.token1(), BigInteger.ZERO);
            value.setMemory(0, AmmPoolDescriptor.LENGTH, (byte) 0);
            value.putLong(AmmPoolDescriptor.TOKEN0_OFFSET, p.token0(), LE);
            value.putLong(AmmPoolDescriptor.TOKEN1_OFFSET, p.token1(), LE);
            amount.set(p.reserve0().hi(), p.reserve0().lo()).write(value, AmmPoolDescriptor.RESERVE0_OFFSET);
            amount.set(p.reserve1().hi(), p.reserve1().lo()).write(value, AmmPoolDescriptor.RESERVE1_OFFSET);
            value.putLong(AmmPoolDescriptor.FLAGS_OFFSET, AmmInstructions.FLAG_CREATED, LE);
            put(store, KeyType.AMM_POOL, p.pair(), 0, AmmPoolDescriptor.LENGTH);
        }
        for (java.util.List<WorkloadOp> block : workload.blocks()) {
            for (WorkloadOp op : block) {
                if (op.token() != 0) {
                    supply.putIfAbsent(op.token(), BigInteger.ZERO);
                }
            }
        }
        for (Map.Entry<Long, BigInteger> t : supply.entrySet()) {
            final Amount total = Amount.of(t.getValue());
            value.setMemory(0, TokenDescriptor.LENGTH, (byte) 0);
            amount.set(total.hi(), total.lo()).write(value, TokenDescriptor.TOTAL_SUPPLY_OFFSET);
            value.putLong(TokenDescriptor.FLAGS_OFFSET, TokensInstructions.FLAG_CREATED, LE);
            put(store, KeyType.TOKEN, t.getKey(), 0, TokenDescriptor.LENGTH);
        }
        store.seal(height, rootOut, 0);
        return height;
    }

    private void put(final StateStore store, final KeyType type, final long id1, final long id2, final int length) {
        StateKeys.encode(key, 0, type, id1, id2, 0);
        store.write(key, 0, value, 0, length);
    }
}
