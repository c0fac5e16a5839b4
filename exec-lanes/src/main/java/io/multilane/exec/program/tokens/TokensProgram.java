package io.multilane.exec.program.tokens;

import static io.multilane.exec.program.tokens.TokensInstructions.AMOUNT;
import static io.multilane.exec.program.tokens.TokensInstructions.TO;
import static io.multilane.exec.program.tokens.TokensInstructions.TOKEN;

import io.multilane.exec.program.Ledger;
import io.multilane.exec.program.Program;
import io.multilane.exec.program.ProgramIds;
import io.multilane.exec.program.TxContext;
import io.multilane.exec.receipt.ReasonCodes;
import io.multilane.state.U128;
import io.multilane.state.key.KeyType;
import io.multilane.state.record.AllowanceDescriptor;
import io.multilane.state.record.TokenDescriptor;
import org.agrona.DirectBuffer;

/**
 * Fungible tokens: create, mint by the token's authority, transfer, approve, transfer-from.
 * A token's total supply always equals the sum of its balances. Transfers do not read the token
 * record (only balances), so unrelated transfers of one token never conflict on it. Holds scratch
 * holders: one instance per executing thread.
 */
public final class TokensProgram implements Program {
    private final U128 amount = new U128();
    private final U128 scratch = new U128();

    @Override
    public int id() {
        return ProgramIds.TOKENS;
    }

    @Override
    public int checkArgs(final int instruction, final DirectBuffer args, final int argsOffset, final int argsLength) {
        final int expected;
        switch (instruction) {
            case TokensInstructions.CREATE:
                expected = TokensInstructions.CREATE_LENGTH;
                break;
            case TokensInstructions.MINT:
            case TokensInstructions.TRANSFER:
            case TokensInstructions.APPROVE:
                expected = TokensInstructions.LENGTH;
                break;
            case TokensInstructions.TRANSFER_FROM:
                expected = TokensInstructions.TRANSFER_FROM_LENGTH;
                break;
            default:
                return ReasonCodes.UNKNOWN_INSTRUCTION;
        }
        return argsLength == expected ? ReasonCodes.NONE : ReasonCodes.BAD_ARGS;
    }

    @Override
    public int execute(final TxContext ctx) {
        switch (ctx.instruction()) {
            case TokensInstructions.CREATE:
                return create(ctx);
            case TokensInstructions.MINT:
                return mint(ctx);
            case TokensInstructions.TRANSFER:
                return transfer(ctx);
            case TokensInstructions.APPROVE:
                return approve(ctx);
            case TokensInstructions.TRANSFER_FROM:
                return transferFrom(ctx);
            default:
                return ReasonCodes.INVALID_ARGUMENT;
        }
    }

    private int create(final TxContext ctx) {
        final long token = ctx.argU64(TokensInstructions.CREATE_TOKEN);
        ctx.argU128(TokensInstructions.CREATE_SUPPLY, amount);
        final int slot = ctx.read(KeyType.TOKEN, token, 0, 0);
        if (ctx.exists(slot)) {
            return ReasonCodes.ALREADY_EXISTS;
        }
        Ledger.putU128(ctx, slot, TokenDescriptor.TOTAL_SUPPLY_OFFSET, amount);
        Ledger.putU64(ctx, slot, TokenDescriptor.AUTHORITY_OFFSET, ctx.sender());
        Ledger.putU64(ctx, slot, TokenDescriptor.FLAGS_OFFSET, TokensInstructions.FLAG_CREATED);
        ctx.markWritten(slot);
        if (!ctx.credit(KeyType.TOKEN_BALANCE, token, ctx.sender(), amount)) {
            return ReasonCodes.OVERFLOW;
        }
        ctx.emit(TokensInstructions.EVENT_CREATED, token, ctx.sender(), 0, amount, null);
        return ReasonCodes.NONE;
    }

    private int mint(final TxContext ctx) {
        final long token = ctx.argU64(TOKEN);
        final long to = ctx.argU64(TO);
        ctx.argU128(AMOUNT, amount);
        final int slot = ctx.read(KeyType.TOKEN, token, 0, 0);
        if (!ctx.exists(slot)) {
            return ReasonCodes.NOT_FOUND;
        }
        if (Ledger.getU64(ctx, slot, TokenDescriptor.AUTHORITY_OFFSET) != ctx.sender()) {
            return ReasonCodes.UNAUTHORIZED;
        }
        Ledger.getU128(ctx, slot, TokenDescriptor.TOTAL_SUPPLY_OFFSET, scratch);
        if (!scratch.add(amount)) {
            return ReasonCodes.OVERFLOW;
        }
        Ledger.putU128(ctx, slot, TokenDescriptor.TOTAL_SUPPLY_OFFSET, scratch);
        ctx.markWritten(slot);
        if (!ctx.credit(KeyType.TOKEN_BALANCE, token, to, amount)) {
            return ReasonCodes.OVERFLOW;
        }
        ctx.emit(TokensInstructions.EVENT_MINT, token, to, 0, amount, null);
        return ReasonCodes.NONE;
    }

    private int transfer(final TxContext ctx) {
        final long token = ctx.argU64(TOKEN);
        final long to = ctx.argU64(TO);
        ctx.argU128(AMOUNT, amount);
        return move(ctx, token, ctx.sender(), to);
    }

    private int move(final TxContext ctx, final long token, final long from, final long to) {
        final int debited = Ledger.debit(ctx, KeyType.TOKEN_BALANCE, token, from, amount, scratch);
        if (debited != ReasonCodes.NONE) {
            return debited;
        }
        if (!ctx.credit(KeyType.TOKEN_BALANCE, token, to, amount)) {
            return ReasonCodes.OVERFLOW;
        }
        ctx.emit(TokensInstructions.EVENT_TRANSFER, token, from, to, amount, null);
        return ReasonCodes.NONE;
    }

    private int approve(final TxContext ctx) {
        final long token = ctx.argU64(TOKEN);
        final long spender = ctx.argU64(TO);
        ctx.argU128(AMOUNT, amount);
        final int slot = ctx.read(KeyType.ALLOWANCE, token, ctx.sender(), spender);
        Ledger.putU128(ctx, slot, AllowanceDescriptor.AMOUNT_OFFSET, amount);
        ctx.markWritten(slot);
        ctx.emit(TokensInstructions.EVENT_APPROVAL, token, ctx.sender(), spender, amount, null);
        return ReasonCodes.NONE;
    }

    private int transferFrom(final TxContext ctx) {
        final long token = ctx.argU64(TokensInstructions.TRANSFER_FROM_TOKEN);
        final long owner = ctx.argU64(TokensInstructions.TRANSFER_FROM_OWNER);
        final long to = ctx.argU64(TokensInstructions.TRANSFER_FROM_TO);
        ctx.argU128(TokensInstructions.TRANSFER_FROM_AMOUNT, amount);
        final int slot = ctx.read(KeyType.ALLOWANCE, token, owner, ctx.sender());
        Ledger.getU128(ctx, slot, AllowanceDescriptor.AMOUNT_OFFSET, scratch);
        if (!scratch.sub(amount)) {
            return ReasonCodes.INSUFFICIENT_ALLOWANCE;
        }
        Ledger.putU128(ctx, slot, AllowanceDescriptor.AMOUNT_OFFSET, scratch);
        ctx.markWritten(slot);
        return move(ctx, token, owner, to);
    }
}
