package io.multilane.exec.program.accounts;

import static io.multilane.exec.program.accounts.AccountsInstructions.CREATE;
import static io.multilane.exec.program.accounts.AccountsInstructions.TRANSFER;

import io.multilane.exec.program.Ledger;
import io.multilane.exec.program.Program;
import io.multilane.exec.program.ProgramIds;
import io.multilane.exec.program.TxContext;
import io.multilane.exec.receipt.ReasonCodes;
import io.multilane.state.U128;
import io.multilane.state.key.KeyType;
import io.multilane.state.record.AccountDescriptor;
import org.agrona.DirectBuffer;

/**
 * Accounts program: create an account, transfer coins. The envelope (nonce, fee) is handled by
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
            default:
                return ReasonCodes.INVALID_ARGUMENT;
        }
    }

    private int create(final TxContext ctx) {
        final long account = ctx.argU64(AccountsInstructions.CREATE_ACCOUNT);
        ctx.argU128(AccountsInstructions.CREATE_AMOUNT, amount);
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
