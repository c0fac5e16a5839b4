package io.multilane.exec.program;

import io.multilane.state.U128;
import io.multilane.state.key.KeyType;
import org.agrona.MutableDirectBuffer;

/**
 * The only way a program touches state, and the record of what it did. Reads return a
 * <em>slot</em>: a working copy of the record (zeros if absent) at {@link #recordOffset(int)} in
 * {@link #records()}, which a flyweight wraps; reading the same key again returns the same slot, so
 * a transaction sees its own writes. After changing a slot's bytes the program calls
 * {@link #markWritten(int)}. {@link #credit} adds to a creditable record (u128 balance at offset 0:
 * {@code ACCOUNT}, {@code TOKEN_BALANCE}) without reading it, so credits to a hot receiver commute;
 * a later read of the same key folds the pending credit into the slot.
 *
 * <p>The context records every read as (key, value seen), every written slot and every credit;
 * the serial executor applies them to the store after a successful transaction, and the lanes use
 * the same record for value validation. Arguments are read with {@code arg*} at offsets inside the
 * argument block; the caller validated their length with {@link Program#checkArgs}.
 *
 * <p>Owned by one executing thread; nothing here allocates.
 */
public interface TxContext {
    /** @return the sender's account id */
    long sender();

    /** @return the transaction's nonce (already checked) */
    long nonce();

    /** @return the fee (already charged) */
    long fee();

    /** @return the instruction number */
    int instruction();

    /** @return the block height (the programs' clock) */
    long height();

    /** @return the block timestamp */
    long timestamp();

    /** @return argument bytes */
    int argsLength();

    /**
     * @param argOffset offset inside the argument block
     * @return the u8 there
     */
    int argU8(int argOffset);

    /**
     * @param argOffset offset inside the argument block
     * @return the little-endian u64 there
     */
    long argU64(int argOffset);

    /**
     * Reads a u128 argument stored as (lo, hi).
     *
     * @param argOffset offset inside the argument block
     * @param dst holder to fill
     * @return {@code dst}
     */
    U128 argU128(int argOffset, U128 dst);

    /**
     * Reads the record under (type, id1, id2, id3) into a slot, recording (key, value seen) the
     * first time the key is read in this transaction.
     *
     * @param type key type
     * @param id1 first id
     * @param id2 second id (0 when unused)
     * @param id3 third id (0 when unused)
     * @return the slot
     */
    int read(KeyType type, long id1, long id2, long id3);

    /**
     * @param slot a slot from {@link #read}
     * @return whether the record exists (in the store, or written earlier in this transaction)
     */
    boolean exists(int slot);

    /** @return the buffer holding every slot's working record */
    MutableDirectBuffer records();

    /**
     * @param slot a slot
     * @return offset of its record in {@link #records()}
     */
    int recordOffset(int slot);

    /**
     * Marks a slot's working record to be written (which also makes it exist).
     *
     * @param slot a slot
     */
    void markWritten(int slot);

    /**
     * Adds {@code amount} to the u128 at offset 0 of a creditable record, creating a zeroed record
     * if absent; a zero amount does nothing. Overflow is decided when applied (at commit), or at
     * once if the key is already in a slot.
     *
     * @param type {@code ACCOUNT} or {@code TOKEN_BALANCE}
     * @param id1 first id
     * @param id2 second id (0 when unused)
     * @param amount the amount (not retained)
     * @return false if the credit overflowed now; the program should fail with {@code OVERFLOW}
     */
    boolean credit(KeyType type, long id1, long id2, U128 amount);

    /**
     * Appends an event to the receipt (fixed 64-byte record, see {@code EventDescriptor}).
     *
     * @param type program-specific event type
     * @param a first id field
     * @param b second id field
     * @param c third id field
     * @param amount0 first amount, or null for zero
     * @param amount1 second amount, or null for zero
     */
    void emit(int type, long a, long b, long c, U128 amount0, U128 amount1);
}
