package io.multilane.perf.workload;

import io.multilane.exec.program.accounts.AccountsInstructions;
import io.multilane.exec.program.tokens.TokensInstructions;
import io.multilane.exec.tx.TxDescriptor;
import io.multilane.state.StateStore;
import io.multilane.state.key.KeyType;
import io.multilane.state.key.StateKeys;
import io.multilane.state.record.AccountDescriptor;
import io.multilane.state.record.TokenBalanceDescriptor;
import io.multilane.state.record.TokenDescriptor;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Writes genesis records straight into a store inside an open block, in the layouts of
 * {@code docs/module-contracts.md}: accounts (balance, nonce 0, flag CREATED), tokens (supply,
 * authority, flag CREATED) and token balances. The caller keeps each token's supply equal to the sum
 * of its balances. Setup code on the store's writer thread; one instance per workload.
 */
final class GenesisWriter {
    private final UnsafeBuffer key = new UnsafeBuffer(new byte[StateKeys.LENGTH]);
    private final UnsafeBuffer value = new UnsafeBuffer(new byte[KeyType.MAX_RECORD_LENGTH]);
    private StateStore store;

    /**
     * @param store the store every following write goes to (a block must be open)
     * @return this
     */
    GenesisWriter on(final StateStore store) {
        this.store = store;
        return this;
    }

    /** Writes ACCOUNT(id) with balance (hi, lo), nonce 0 and the CREATED flag. */
    void account(final long id, final long hi, final long lo) {
        value.setMemory(0, AccountDescriptor.LENGTH, (byte) 0);
        putU128(AccountDescriptor.BALANCE_OFFSET, hi, lo);
        value.putLong(AccountDescriptor.FLAGS_OFFSET, AccountsInstructions.FLAG_CREATED, TxDescriptor.ORDER);
        put(KeyType.ACCOUNT, id, 0, AccountDescriptor.LENGTH);
    }

    /** Writes TOKEN(id) with total supply (hi, lo), the given authority and the CREATED flag. */
    void token(final long id, final long supplyHi, final long supplyLo, final long authority) {
        value.setMemory(0, TokenDescriptor.LENGTH, (byte) 0);
        putU128(TokenDescriptor.TOTAL_SUPPLY_OFFSET, supplyHi, supplyLo);
        value.putLong(TokenDescriptor.AUTHORITY_OFFSET, authority, TxDescriptor.ORDER);
        value.putLong(TokenDescriptor.FLAGS_OFFSET, TokensInstructions.FLAG_CREATED, TxDescriptor.ORDER);
        put(KeyType.TOKEN, id, 0, TokenDescriptor.LENGTH);
    }

    /** Writes TOKEN_BALANCE(token, holder) = (hi, lo). */
    void tokenBalance(final long token, final long holder, final long hi, final long lo) {
        value.setMemory(0, TokenBalanceDescriptor.LENGTH, (byte) 0);
        putU128(TokenBalanceDescriptor.BALANCE_OFFSET, hi, lo);
        put(KeyType.TOKEN_BALANCE, token, holder, TokenBalanceDescriptor.LENGTH);
    }

    private void putU128(final int offset, final long hi, final long lo) {
        value.putLong(offset, lo, TxDescriptor.ORDER);
        value.putLong(offset + 8, hi, TxDescriptor.ORDER);
    }

    private void put(final KeyType type, final long id1, final long id2, final int length) {
        StateKeys.encode(key, 0, type, id1, id2, 0);
        store.write(key, 0, value, 0, length);
    }
}
