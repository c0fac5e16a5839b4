package io.multilane.exec.program.accounts;

import static io.multilane.exec.program.accounts.AccountsInstructions.CREATE;
import static io.multilane.exec.program.accounts.AccountsInstructions.TRANSFER;
import static io.multilane.exec.program.accounts.AccountsInstructions.TRANSFER_TO_KEY;

import io.multilane.exec.program.Ledger;
import io.multilane.exec.program.Program;
import io.multilane.exec.program.ProgramIds;
import io.multilane.exec.program.TxContext;
import io.multilane.exec.receipt.ReasonCodes;
import io.multilane.state.U128;
import io.multilane.state.key.KeyType;
import io.multilane.state.record.AccountDescriptor;
import io.multilane.state.record.AccountKeyDescriptor;
import io.multilane.state.record.SequenceDescriptor;
import org.agrona.DirectBuffer;

/**
 * Accounts program: create an account, transfer coins to an id, or to a key (creating its account under a
 * chain-assigned id if it has none). The envelope (nonce, fee) is handled by
 * the executor; this program only moves coin balances. Holds scratch holders: one instance per
 * executing thread.
 */
public final class AccountsProgram implements Program {
    private final U128 amount = new U128();
    private final U128 scratch = new U128();

    @Override
    public int id() {
        return ProgramIds.ACCOUNTS;
    }

    @Override
    public int checkArgs(final int instruction, final DirectBuffer args, final int argsOffset, final int argsLength) {
        switch (instruction) {
            case CREATE:
                return argsLength == AccountsInstructions.CREATE_LENGTH ? ReasonCodes.NONE : ReasonCodes.BAD_ARGS;
            case TRANSFER:
                return argsLength == AccountsInstructions.TRANSFER_LENGTH ? ReasonCodes.NONE : ReasonCodes.BAD_ARGS;
            case TRANSFER_TO_KEY:
                return argsLength == AccountsInstructions.TRANSFER_TO_KEY_LENGTH ? ReasonCodes.NONE : ReasonCodes.BAD_ARGS;
            default:
                return ReasonCodes.UNKNOWN_INSTRUCTION;
        }
    }

    @Override
    public int execute(final TxContext ctx) {
        switch (ctx.instruction()) {
            case CREATE:
                return create(ctx);
            case TRANSFER:
                return transfer(ctx);
            case TRANSFER_TO_KEY:
                return transferToKey(ctx);
            default:
                return ReasonCodes.INVALID_ARGUMENT;
        }
    }

    private int create(final TxContext ctx) {
        final long account = ctx.argU64(AccountsInstructions.CREATE_ACCOUNT);
        ctx.argU128(AccountsInstructions.CREATE_AMOUNT, amount);
        if (AccountsInstructions.isAssigned(account)) {
            return ReasonCodes.INVALID_ARGUMENT;
        }
        final int slot = ctx.read(KeyType.ACCOUNT, account, 0, 0);
        if (ctx.exists(slot)) {
            return ReasonCodes.ALREADY_EXISTS;
        }
        final int debited = Ledger.debit(ctx, KeyType.ACCOUNT, ctx.sender(), 0, amount, scratch);
        if (debited != ReasonCodes.NONE) {
            return debited;
        }
        Ledger.putU128(ctx, slot, AccountDescriptor.BALANCE_OFFSET, amount);
        Ledger.putU64(ctx, slot, AccountDescriptor.NONCE_OFFSET, 0);
        Ledger.putU64(ctx, slot, AccountDescriptor.FLAGS_OFFSET, AccountsInstructions.FLAG_CREATED);
        ctx.markWritten(slot);
        ctx.emit(AccountsInstructions.EVENT_CREATED, account, ctx.sender(), 0, amount, null);
        return ReasonCodes.NONE;
    }

    /**
     * Pays the account bound to a key, creating it first if the key has none: the id is the chain's next
     * ({@link AccountsInstructions#ASSIGNED_IDS} | sequence), never one a user picks or derives from a key.
     */
    private int transferToKey(final TxContext ctx) {
        ctx.argU128(AccountsInstructions.TRANSFER_TO_KEY_AMOUNT, amount);
        final int debited = Ledger.debit(ctx, KeyType.ACCOUNT, ctx.sender(), 0, amount, scratch);
        if (debited != ReasonCodes.NONE) {
            return debited;
        }
        final int at = AccountsInstructions.TRANSFER_TO_KEY_KEY;
        final long tail = ctx.argU64(at + 24);
        // the index's ids are the key's first 24 bytes in order (big-endian u64s); the arguments read little-endian
        final int index = ctx.read(KeyType.ACCOUNT_KEY, Long.reverseBytes(ctx.argU64(at)), Long.reverseBytes(ctx.argU64(at + 8)),
                Long.reverseBytes(ctx.argU64(at + 16)));
        final long to;
        if (ctx.exists(index)) {
            if (Ledger.getU64(ctx, index, AccountKeyDescriptor.KEY_TAIL_OFFSET) != tail) {
                return ReasonCodes.ALREADY_EXISTS; // another key shares the first 24 bytes (2^-192): this one gets no account
            }
            to = Ledger.getU64(ctx, index, AccountKeyDescriptor.ACCOUNT_OFFSET);
            if (!ctx.credit(KeyType.ACCOUNT, to, 0, amount)) {
                return ReasonCodes.OVERFLOW;
            }
        } else {
            final int sequence = ctx.read(KeyType.SEQUENCE, SequenceDescriptor.ACCOUNT_IDS, 0, 0);
            final long assigned = Ledger.getU64(ctx, sequence, SequenceDescriptor.ASSIGNED_OFFSET);
            to = AccountsInstructions.ASSIGNED_IDS | assigned;
            final int account = ctx.read(KeyType.ACCOUNT, to, 0, 0);
            if (ctx.exists(account) || AccountsInstructions.isAssigned(assigned)) {
                return ReasonCodes.ALREADY_EXISTS;
            }
            Ledger.putU64(ctx, sequence, SequenceDescriptor.ASSIGNED_OFFSET, assigned + 1);
            ctx.markWritten(sequence);
            Ledger.putU128(ctx, account, AccountDescriptor.BALANCE_OFFSET, amount);
            Ledger.putU64(ctx, account, AccountDescriptor.FLAGS_OFFSET, AccountsInstructions.FLAG_CREATED);
            for (int i = 0; i < AccountDescriptor.PUBLIC_KEY_LENGTH; i += 8) {
                Ledger.putU64(ctx, account, AccountDescriptor.PUBLIC_KEY_OFFSET + i, ctx.argU64(at + i));
            }
            ctx.markWritten(account);
            Ledger.putU64(ctx, index, AccountKeyDescriptor.ACCOUNT_OFFSET, to);
            Ledger.putU64(ctx, index, AccountKeyDescriptor.KEY_TAIL_OFFSET, tail);
            ctx.markWritten(index);
            ctx.emit(AccountsInstructions.EVENT_CREATED, to, ctx.sender(), 0, amount, null);
        }
        ctx.emit(AccountsInstructions.EVENT_TRANSFER, ctx.sender(), to, 0, amount, null);
        return ReasonCodes.NONE;
    }

    private int transfer(final TxContext ctx) {
        final long to = ctx.argU64(AccountsInstructions.TRANSFER_TO);
        ctx.argU128(AccountsInstructions.TRANSFER_AMOUNT, amount);
        final int debited = Ledger.debit(ctx, KeyType.ACCOUNT, ctx.sender(), 0, amount, scratch);
        if (debited != ReasonCodes.NONE) {
            return debited;
        }
        if (!ctx.credit(KeyType.ACCOUNT, to, 0, amount)) {
            return ReasonCodes.OVERFLOW;
        }
        ctx.emit(AccountsInstructions.EVENT_TRANSFER, ctx.sender(), to, 0, amount, null);
        return ReasonCodes.NONE;
    }
}
