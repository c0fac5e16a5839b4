package io.multilane.exec.program;

import io.multilane.exec.program.accounts.AccountsInstructions;
import io.multilane.exec.program.amm.AmmInstructions;
import io.multilane.exec.program.tokens.TokensInstructions;
import io.multilane.exec.tx.TxDescriptor;
import io.multilane.state.StateStore;
import io.multilane.state.key.KeyType;
import io.multilane.state.key.StateKeys;
import io.multilane.state.record.AccountDescriptor;
import io.multilane.state.record.AccountKeyDescriptor;
import io.multilane.state.record.AmmPoolDescriptor;
import io.multilane.state.record.ContractCodeDescriptor;
import io.multilane.state.record.ContractDescriptor;
import io.multilane.state.record.ContractSlotDescriptor;
import io.multilane.state.record.SequenceDescriptor;
import io.multilane.state.record.TokenBalanceDescriptor;
import io.multilane.state.record.TokenDescriptor;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The one place where genesis records are written straight into a store, in the layouts of
 * {@code docs/module-contracts.md}: accounts (balance, nonce 0, flag CREATED), tokens (supply,
 * authority, flag CREATED), token balances and AMM pools (tokens, reserves, no LP supply, flag
 * CREATED, with their program accounts), deployed WebAssembly contracts and their storage slots. Every
 * workload, the replay, the JMH states and the tests write their genesis through it.
 * The caller keeps each token's supply equal to the sum of its balances. Amounts are u128 as (hi, lo).
 *
 * <p>Use: {@link #begin} opens the store's next block, the record methods write into it,
 * {@link #seal} seals it. Setup code on the store's writer thread; one thread per instance.
 */
public final class GenesisWriter {
    private final UnsafeBuffer key = new UnsafeBuffer(new byte[StateKeys.LENGTH]);
    private final UnsafeBuffer value = new UnsafeBuffer(new byte[KeyType.MAX_RECORD_LENGTH]);
    private StateStore store;
    private long height;

    /**
     * Opens block {@code sealedHeight() + 1} of {@code store}; the following writes go into it.
     *
     * @param target the store
     * @return this
     */
    public GenesisWriter begin(final StateStore target) {
        this.store = target;
        this.height = target.sealedHeight() + 1;
        target.beginBlock(height);
        return this;
    }

    /**
     * Seals the block {@link #begin} opened.
     *
     * @param rootOut receives the 32-byte state root
     * @param rootOffset where in {@code rootOut}
     * @return the sealed height
     */
    public long seal(final MutableDirectBuffer rootOut, final int rootOffset) {
        store.seal(height, rootOut, rootOffset);
        return height;
    }

    /** Writes ACCOUNT(id) with balance (hi, lo), nonce 0 and the CREATED flag. */
    public GenesisWriter account(final long id, final long hi, final long lo) {
        value.setMemory(0, AccountDescriptor.LENGTH, (byte) 0);
        putU128(AccountDescriptor.BALANCE_OFFSET, hi, lo);
        value.putLong(AccountDescriptor.FLAGS_OFFSET, AccountsInstructions.FLAG_CREATED, TxDescriptor.ORDER);
        return put(KeyType.ACCOUNT, id, 0, AccountDescriptor.LENGTH);
    }

    /**
     * Writes ACCOUNT(id) with balance (hi, lo), nonce 0, the CREATED flag and {@code publicKey} bound to it, and
     * the key's index entry (ACCOUNT_KEY), as {@code accounts/transfer_to_key} does for an account it creates.
     *
     * @param id a genesis id (the chain-assigned range, {@link AccountsInstructions#ASSIGNED_IDS}, is refused)
     * @param hi balance, high word
     * @param lo balance, low word
     * @param publicKey the 32-byte Ed25519 public key that signs for the account
     * @return this
     */
    public GenesisWriter account(final long id, final long hi, final long lo, final byte[] publicKey) {
        if (AccountsInstructions.isAssigned(id) || publicKey.length != AccountDescriptor.PUBLIC_KEY_LENGTH) {
            throw new IllegalArgumentException("genesis account " + Long.toUnsignedString(id) + ": an id below 2^63 and a"
                    + " 32-byte key, please (" + publicKey.length + " bytes)");
        }
        value.setMemory(0, AccountDescriptor.LENGTH, (byte) 0);
        putU128(AccountDescriptor.BALANCE_OFFSET, hi, lo);
        value.putLong(AccountDescriptor.FLAGS_OFFSET, AccountsInstructions.FLAG_CREATED, TxDescriptor.ORDER);
        value.putBytes(AccountDescriptor.PUBLIC_KEY_OFFSET, publicKey);
        put(KeyType.ACCOUNT, id, 0, AccountDescriptor.LENGTH);
        final UnsafeBuffer k = new UnsafeBuffer(publicKey);
        value.setMemory(0, AccountKeyDescriptor.LENGTH, (byte) 0);
        value.putLong(AccountKeyDescriptor.ACCOUNT_OFFSET, id, TxDescriptor.ORDER);
        value.putBytes(AccountKeyDescriptor.KEY_TAIL_OFFSET, publicKey, 24, 8);
        StateKeys.encode(key, 0, KeyType.ACCOUNT_KEY, k.getLong(0, java.nio.ByteOrder.BIG_ENDIAN),
                k.getLong(8, java.nio.ByteOrder.BIG_ENDIAN), k.getLong(16, java.nio.ByteOrder.BIG_ENDIAN));
        store.write(key, 0, value, 0, AccountKeyDescriptor.LENGTH);
        return this;
    }

    /** Writes TOKEN(id) with total supply (hi, lo), the given authority and the CREATED flag. */
    public GenesisWriter token(final long id, final long supplyHi, final long supplyLo, final long authority) {
        value.setMemory(0, TokenDescriptor.LENGTH, (byte) 0);
        putU128(TokenDescriptor.TOTAL_SUPPLY_OFFSET, supplyHi, supplyLo);
        value.putLong(TokenDescriptor.AUTHORITY_OFFSET, authority, TxDescriptor.ORDER);
        value.putLong(TokenDescriptor.FLAGS_OFFSET, TokensInstructions.FLAG_CREATED, TxDescriptor.ORDER);
        return put(KeyType.TOKEN, id, 0, TokenDescriptor.LENGTH);
    }

    /** Writes TOKEN_BALANCE(token, holder) = (hi, lo). */
    public GenesisWriter tokenBalance(final long token, final long holder, final long hi, final long lo) {
        value.setMemory(0, TokenBalanceDescriptor.LENGTH, (byte) 0);
        putU128(TokenBalanceDescriptor.BALANCE_OFFSET, hi, lo);
        return put(KeyType.TOKEN_BALANCE, token, holder, TokenBalanceDescriptor.LENGTH);
    }

    /**
     * Writes AMM_POOL(pool) over (token0, token1) with the given reserves, no LP supply and the
     * CREATED flag, and claims the pool's id as a program account ({@link #programAccount}). The
     * pool's token balances are written separately ({@link #tokenBalance}).
     */
    public GenesisWriter pool(final long pool, final long token0, final long token1, final long reserve0Hi,
            final long reserve0Lo, final long reserve1Hi, final long reserve1Lo) {
        return pool(pool, token0, token1, reserve0Hi, reserve0Lo, reserve1Hi, reserve1Lo, 0);
    }

    /**
     * As {@link #pool(long, long, long, long, long, long, long)}, with an LP token: the pool names it,
     * and TOKEN(lpToken) is written with supply 0 and the pool as its authority (as create_pool does).
     */
    public GenesisWriter pool(final long pool, final long token0, final long token1, final long reserve0Hi,
            final long reserve0Lo, final long reserve1Hi, final long reserve1Lo, final long lpToken) {
        if (lpToken != 0) {
            token(lpToken, 0, 0, pool);
        }
        value.setMemory(0, AmmPoolDescriptor.LENGTH, (byte) 0);
        value.putLong(AmmPoolDescriptor.LP_TOKEN_OFFSET, lpToken, TxDescriptor.ORDER);
        value.putLong(AmmPoolDescriptor.TOKEN0_OFFSET, token0, TxDescriptor.ORDER);
        value.putLong(AmmPoolDescriptor.TOKEN1_OFFSET, token1, TxDescriptor.ORDER);
        putU128(AmmPoolDescriptor.RESERVE0_OFFSET, reserve0Hi, reserve0Lo);
        putU128(AmmPoolDescriptor.RESERVE1_OFFSET, reserve1Hi, reserve1Lo);
        value.putLong(AmmPoolDescriptor.FLAGS_OFFSET, AmmInstructions.FLAG_CREATED, TxDescriptor.ORDER);
        put(KeyType.AMM_POOL, pool, 0, AmmPoolDescriptor.LENGTH);
        return programAccount(pool);
    }

    /**
     * Marks ACCOUNT(id) as program-owned ({@link ProgramAccounts#FLAG_PROGRAM}: no transaction may send
     * from it), creating it if absent and keeping a balance written before, as the programs do when they
     * create a pool, market or staking pool. Write a program's account balance before this, not after.
     */
    public GenesisWriter programAccount(final long id) {
        StateKeys.encode(key, 0, KeyType.ACCOUNT, id, 0, 0);
        if (store.read(key, 0, value, 0) < 0) {
            value.setMemory(0, AccountDescriptor.LENGTH, (byte) 0);
        }
        final long flags = value.getLong(AccountDescriptor.FLAGS_OFFSET, TxDescriptor.ORDER);
        value.putLong(AccountDescriptor.FLAGS_OFFSET, flags | AccountsInstructions.FLAG_CREATED
                | ProgramAccounts.FLAG_PROGRAM, TxDescriptor.ORDER);
        return put(KeyType.ACCOUNT, id, 0, AccountDescriptor.LENGTH);
    }

    /**
     * Writes a deployed contract: CONTRACT(id) (SHA-256 and length of {@code module}, owner, CREATED and
     * DEPLOYED, custody), its code chunks and its custody account (program flag, no balance). The caller keeps
     * the id counter ({@link #contractCounter}) at or above every id it writes, and the account-id sequence
     * ({@link #assignedAccounts}) above every chain-assigned custody id. Allocates (hashes the module).
     */
    public GenesisWriter contract(final long id, final long owner, final byte[] module, final long custody) {
        final byte[] hash = io.multilane.exec.program.wasm.ContractTxs.sha256(module);
        value.setMemory(0, ContractDescriptor.LENGTH, (byte) 0);
        value.putBytes(ContractDescriptor.CODE_HASH_OFFSET, hash);
        value.putLong(ContractDescriptor.CODE_LENGTH_OFFSET, module.length, TxDescriptor.ORDER);
        value.putLong(ContractDescriptor.OWNER_OFFSET, owner, TxDescriptor.ORDER);
        value.putLong(ContractDescriptor.FLAGS_OFFSET, ContractDescriptor.FLAG_CREATED | ContractDescriptor.FLAG_DEPLOYED,
                TxDescriptor.ORDER);
        value.putLong(ContractDescriptor.CUSTODY_OFFSET, custody, TxDescriptor.ORDER);
        put(KeyType.CONTRACT, id, 0, ContractDescriptor.LENGTH);
        for (int c = 0; c * ContractCodeDescriptor.LENGTH < module.length; c++) {
            value.setMemory(0, ContractCodeDescriptor.LENGTH, (byte) 0);
            final int from = c * ContractCodeDescriptor.LENGTH;
            value.putBytes(0, module, from, Math.min(ContractCodeDescriptor.LENGTH, module.length - from));
            put(KeyType.CONTRACT_CODE, id, c, ContractCodeDescriptor.LENGTH);
        }
        return programAccount(custody);
    }

    /** Writes the account-id sequence: the next chain-assigned account id is {@code ASSIGNED_IDS | next}. */
    public GenesisWriter assignedAccounts(final long next) {
        value.setMemory(0, SequenceDescriptor.LENGTH, (byte) 0);
        value.putLong(SequenceDescriptor.ASSIGNED_OFFSET, next, TxDescriptor.ORDER);
        return put(KeyType.SEQUENCE, SequenceDescriptor.ACCOUNT_IDS, 0, SequenceDescriptor.LENGTH);
    }

    /** Writes the contract id counter: the next create gets {@code lastId + 1}. */
    public GenesisWriter contractCounter(final long lastId) {
        value.setMemory(0, ContractDescriptor.LENGTH, (byte) 0);
        value.putLong(ContractDescriptor.LAST_ID_OFFSET, lastId, TxDescriptor.ORDER);
        return put(KeyType.CONTRACT, ContractDescriptor.COUNTER_ID, 0, ContractDescriptor.LENGTH);
    }

    /** Writes CONTRACT_SLOT(contract, slot) as four little-endian u64 words. */
    public GenesisWriter contractSlot(final long contract, final long slot, final long w0, final long w1, final long w2,
            final long w3) {
        value.putLong(0, w0, TxDescriptor.ORDER);
        value.putLong(8, w1, TxDescriptor.ORDER);
        value.putLong(16, w2, TxDescriptor.ORDER);
        value.putLong(24, w3, TxDescriptor.ORDER);
        return put(KeyType.CONTRACT_SLOT, contract, slot, ContractSlotDescriptor.LENGTH);
    }

    private void putU128(final int offset, final long hi, final long lo) {
        value.putLong(offset, lo, TxDescriptor.ORDER);
        value.putLong(offset + 8, hi, TxDescriptor.ORDER);
    }

    private GenesisWriter put(final KeyType type, final long id1, final long id2, final int length) {
        StateKeys.encode(key, 0, type, id1, id2, 0);
        store.write(key, 0, value, 0, length);
        return this;
    }
}
