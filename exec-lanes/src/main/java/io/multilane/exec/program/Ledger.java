package io.multilane.exec.program;

import static io.multilane.exec.tx.TxDescriptor.ORDER;

import io.multilane.exec.receipt.ReasonCodes;
import io.multilane.state.U128;
import io.multilane.state.key.KeyType;

/**
 * Helpers every program uses on context slots: typed field access by descriptor offset and
 * checked debits of creditable balances (u128 at offset 0). Stateless and allocation-free;
 * any thread (the context and holders passed in belong to the caller's thread).
 */
public final class Ledger {
    private Ledger() {
    }

    /**
     * Debits a creditable balance ({@code ACCOUNT} or {@code TOKEN_BALANCE}). A zero amount reads nothing.
     *
     * @param ctx the context
     * @param type {@code ACCOUNT} or {@code TOKEN_BALANCE}
     * @param id1 first id (account; or token)
     * @param id2 second id (0; or owner)
     * @param amount amount to take
     * @param scratch holder the method may overwrite
     * @return {@link ReasonCodes#NONE} or {@link ReasonCodes#INSUFFICIENT_BALANCE}
     */
    public static int debit(final TxContext ctx, final KeyType type, final long id1, final long id2, final U128 amount,
            final U128 scratch) {
        if (amount.isZero()) {
            return ReasonCodes.NONE;
        }
        final int slot = ctx.read(type, id1, id2, 0);
        final int at = ctx.recordOffset(slot);
        scratch.read(ctx.records(), at);
        if (!scratch.sub(amount)) {
            return ReasonCodes.INSUFFICIENT_BALANCE;
        }
        scratch.write(ctx.records(), at);
        ctx.markWritten(slot);
        return ReasonCodes.NONE;
    }

    /**
     * Reads a u128 field of a slot.
     *
     * @param ctx the context
     * @param slot the slot
     * @param field field offset in the record
     * @param dst holder
     * @return {@code dst}
     */
    public static U128 getU128(final TxContext ctx, final int slot, final int field, final U128 dst) {
        return dst.read(ctx.records(), ctx.recordOffset(slot) + field);
    }

    /**
     * Writes a u128 field of a slot (the caller marks the slot written).
     *
     * @param ctx the context
     * @param slot the slot
     * @param field field offset in the record
     * @param value value
     */
    public static void putU128(final TxContext ctx, final int slot, final int field, final U128 value) {
        value.write(ctx.records(), ctx.recordOffset(slot) + field);
    }

    /**
     * Reads a u64 field of a slot.
     *
     * @param ctx the context
     * @param slot the slot
     * @param field field offset in the record
     * @return the value
     */
    public static long getU64(final TxContext ctx, final int slot, final int field) {
        return ctx.records().getLong(ctx.recordOffset(slot) + field, ORDER);
    }

    /**
     * Writes a u64 field of a slot (the caller marks the slot written).
     *
     * @param ctx the context
     * @param slot the slot
     * @param field field offset in the record
     * @param value value
     */
    public static void putU64(final TxContext ctx, final int slot, final int field, final long value) {
        ctx.records().putLong(ctx.recordOffset(slot) + field, value, ORDER);
    }
}
