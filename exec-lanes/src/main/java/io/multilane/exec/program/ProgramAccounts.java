package io.multilane.exec.program;

import io.multilane.exec.program.accounts.AccountsInstructions;
import io.multilane.exec.receipt.ReasonCodes;
import io.multilane.state.key.KeyType;
import io.multilane.state.record.AccountDescriptor;

/**
 * Program-owned ids (AMM pools, lending markets, staking pools, and any future contract that holds
 * custody) and why no signature can act for them. Such an id X holds tokens as ordinary
 * {@code TOKEN_BALANCE(token, X)} records and is the mint authority of the LP token of pool X, so a
 * signer who could send as X would own the custody. Creating program state therefore claims X in
 * every namespace at once: it fails {@code already_exists} if an account, pool, market or staking
 * pool already has X, and writes {@code ACCOUNT(X)} with {@link #FLAG_PROGRAM}. The envelope rejects
 * every transaction whose sender account carries that flag ({@link ReasonCodes#PROGRAM_ACCOUNT}),
 * whatever key signed it; credits to X keep the flag (they add to the balance only), and nothing
 * clears it. So the only code that moves X's balances is X's program. Stateless and allocation-free;
 * any thread (the context belongs to the caller's thread).
 */
public final class ProgramAccounts {
    /** Account flag of a program-owned id: no transaction may name it as its sender. */
    public static final long FLAG_PROGRAM = 2;

    private ProgramAccounts() {
    }

    /**
     * Claims {@code id} for program-owned state: checks every namespace and writes the program account.
     * The caller then writes its own record under {@code id}.
     *
     * @param ctx the creating transaction's context
     * @param id the new pool's, market's or staking pool's id
     * @return {@link ReasonCodes#NONE}, {@link ReasonCodes#ALREADY_EXISTS} if any namespace holds {@code id}, or
     *         {@link ReasonCodes#INVALID_ARGUMENT} for an id in the chain-assigned range
     */
    public static int claim(final TxContext ctx, final long id) {
        if (AccountsInstructions.isAssigned(id)) {
            return ReasonCodes.INVALID_ARGUMENT;
        }
        final int account = ctx.read(KeyType.ACCOUNT, id, 0, 0);
        if (ctx.exists(account) || ctx.exists(ctx.read(KeyType.AMM_POOL, id, 0, 0))
                || ctx.exists(ctx.read(KeyType.LENDING_MARKET, id, 0, 0))
                || ctx.exists(ctx.read(KeyType.STAKING_POOL, id, 0, 0))) {
            return ReasonCodes.ALREADY_EXISTS;
        }
        Ledger.putU64(ctx, account, AccountDescriptor.FLAGS_OFFSET, AccountsInstructions.FLAG_CREATED | FLAG_PROGRAM);
        ctx.markWritten(account);
        return ReasonCodes.NONE;
    }

    /**
     * @param accountFlags an account record's flags word
     * @return whether the account is program-owned (no transaction may send from it)
     */
    public static boolean isProgramAccount(final long accountFlags) {
        return (accountFlags & FLAG_PROGRAM) != 0;
    }
}
