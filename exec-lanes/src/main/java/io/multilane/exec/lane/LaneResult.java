package io.multilane.exec.lane;

import io.multilane.exec.context.RecordingTxContext;
import io.multilane.exec.context.TxProcessor;
import io.multilane.exec.receipt.EventDescriptor;
import io.multilane.exec.receipt.ReasonCodes;
import io.multilane.exec.receipt.TxStatus;
import io.multilane.exec.tx.TxDescriptor;
import io.multilane.state.ByteRanges;
import io.multilane.state.StateReader;
import io.multilane.state.StateStore;
import io.multilane.state.U128;
import io.multilane.state.key.KeyType;
import io.multilane.state.key.StateKeys;
import io.multilane.state.record.AccountDescriptor;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The outcome of one speculative execution, as a lane leaves it in a ring slot for the commit stage:
 * status, reason, fee, the read set with the values seen, the written values, the pending credits and
 * the events, packed into buffers allocated once per slot. The lane thread writes it
 * ({@link #capture}), the commit stage reads it after the ring's barrier ({@link #validate},
 * {@link #applyTo}) and clears it ({@link #clear}); the Disruptor's sequences order the two.
 *
 * <p>Packed read entry: key (32), u16 length, u8 existed, u8 written, u32 revisited, the read version
 * ({@link StateReader#VERSION_LENGTH} bytes), the value seen (length rounded up to 8) and, if written, the new
 * value (same size). Credit entry: key (32), amount lo, hi (u64 each), the version and the value
 * ({@link RecordingTxContext#CREDIT_STRIDE} bytes, zeros if absent) of the lane's read of the credited key (the
 * base its overlay adds the amount to; the commit's own read replaces them when that one is stale). A result that does not fit its buffer is marked {@link #REEXECUTE}.
 */
public final class LaneResult {
    /** Slot cleared; nothing executed. */
    public static final int EMPTY = 0;
    /** Rejected by a stateless check (framing, program, arguments, signature): the receipt is final. */
    public static final int STATELESS_REJECT = 1;
    /** Executed: validate the read set, then apply (or re-execute on a mismatch). */
    public static final int EXECUTED = 2;
    /** The commit stage must re-execute (program fault, too large to record); the signature was checked. */
    public static final int REEXECUTE = 3;
    /** The lane failed before finishing its checks: re-execute with every check, the signature included. */
    public static final int LANE_ERROR = 4;

    /** {@link #validate}: every value seen is still current. */
    public static final int MATCH = 0;
    /** {@link #validate}: only the sender account, used by the envelope alone, changed; its write was rebased. */
    public static final int REBASED = 1;
    /** {@link #validate}: a value seen changed: re-execute. */
    public static final int MISMATCH = 2;

    /**
     * Default bytes for the packed read/write set and credits of one transaction: room for every credit a transaction
     * may make ({@code RecordingTxContext.MAX_CREDITS} entries of 128 bytes: key, amount, and the version and value of
     * the lane's read of the credited key, 4 KiB) and 4 KiB of read and write entries. A result that does not fit is
     * re-executed at commit, so a smaller room would send every transaction with many credits (a contract crediting
     * in a loop) to the commit role.
     */
    public static final int DEFAULT_CAPACITY = 8192;

    private static final int VERSION_AT = 40;
    private static final int ENTRY_HEADER = VERSION_AT + StateReader.VERSION_LENGTH;
    private static final int LENGTH_AT = 32;
    private static final int EXISTS_AT = 34;
    private static final int WRITTEN_AT = 35;
    private static final int REVISITED_AT = 36;
    private static final int CREDIT_VERSION_AT = StateKeys.LENGTH + 16;
    private static final int CREDIT_BASE_AT = CREDIT_VERSION_AT + StateReader.VERSION_LENGTH;
    private static final int CREDIT_ENTRY = CREDIT_BASE_AT + RecordingTxContext.CREDIT_STRIDE;
    private static final int CREDIT_VALUE_STRIDE = RecordingTxContext.CREDIT_STRIDE;

    private final UnsafeBuffer sets;
    private final UnsafeBuffer events = new UnsafeBuffer(
            new byte[EventDescriptor.MAX_EVENTS_PER_TX * EventDescriptor.LENGTH]);
    private final U128 amount = new U128();
    private final U128 feeAmount = new U128();
    private int outcome;
    private int status;
    private int reason;
    private long fee;
    private int readCount;
    private int creditCount;
    private int creditsAt;
    private int limit;
    private int eventCount;
    private int valueChecks;

    /**
     * @param capacity bytes for the packed sets (a transaction needing more is re-executed at commit)
     */
    public LaneResult(final int capacity) {
        sets = new UnsafeBuffer(new byte[capacity]);
    }

    /** Forgets the outcome; the commit stage calls it when it is done with the slot. */
    public void clear() {
        outcome = EMPTY;
        readCount = 0;
        creditCount = 0;
        eventCount = 0;
        limit = 0;
    }

    /**
     * Marks the result as needing re-execution at commit.
     *
     * @param why {@link #REEXECUTE} or {@link #LANE_ERROR}
     */
    public void requireReexecution(final int why) {
        clear();
        outcome = why;
    }

    /**
     * Records a rejection decided without executing (an entry longer than any transaction).
     *
     * @param why rejection reason
     */
    public void rejectStateless(final int why) {
        clear();
        status = TxStatus.REJECTED;
        reason = why;
        fee = 0;
        outcome = STATELESS_REJECT;
    }

    /**
     * Copies the processor's last outcome, and reads each credited key (but the fee collector's, which no lane
     * materializes) through the lane's view with its version: the base the lane's overlay adds the credit to
     * ({@link #creditBase}), and what the commit adds it to while that version is current.
     *
     * @param processor the lane's processor, just after {@code process}
     * @param view what the lane reads
     * @param feeCollector the account credited with fees
     */
    public void capture(final TxProcessor processor, final StateReader view, final long feeCollector) {
        clear();
        status = processor.status();
        reason = processor.reason();
        fee = processor.feeCharged();
        if (status == TxStatus.REJECTED && isStateless(reason)) {
            outcome = STATELESS_REJECT;
            return;
        }
        if (reason == ReasonCodes.PROGRAM_FAULT) {
            outcome = REEXECUTE;
            return;
        }
        final RecordingTxContext ctx = processor.context();
        if (!captureSets(ctx, view, feeCollector)) {
            outcome = REEXECUTE;
            return;
        }
        if (status == TxStatus.SUCCESS) {
            eventCount = ctx.eventCount();
            events.putBytes(0, ctx.events(), 0, eventCount * EventDescriptor.LENGTH);
        }
        outcome = EXECUTED;
    }

    private boolean captureSets(final RecordingTxContext ctx, final StateReader view, final long feeCollector) {
        final int reads = ctx.readCount();
        final DirectBuffer keys = ctx.readKeys();
        final DirectBuffer seen = ctx.seenValues();
        final DirectBuffer work = ctx.records();
        final int capacity = sets.capacity();
        int p = 0;
        for (int s = 0; s < reads; s++) {
            final int length = ctx.slotLength(s);
            final int padded = (length + 7) & ~7;
            final boolean written = status != TxStatus.REJECTED && ctx.isWritten(s);
            final int size = ENTRY_HEADER + padded + (written ? padded : 0);
            if (p + size > capacity) {
                return false;
            }
            sets.putBytes(p, keys, s * StateKeys.LENGTH, StateKeys.LENGTH);
            sets.putShort(p + LENGTH_AT, (short) length);
            sets.putByte(p + EXISTS_AT, (byte) (ctx.seenExists(s) ? 1 : 0));
            sets.putByte(p + WRITTEN_AT, (byte) (written ? 1 : 0));
            sets.putInt(p + REVISITED_AT, ctx.revisited(s) ? 1 : 0);
            sets.putBytes(p + VERSION_AT, ctx.versions(), s * StateReader.VERSION_LENGTH, StateReader.VERSION_LENGTH);
            sets.putBytes(p + ENTRY_HEADER, seen, ctx.recordOffset(s), length);
            if (written) {
                sets.putBytes(p + ENTRY_HEADER + padded, work, ctx.recordOffset(s), length);
            }
            p += size;
        }
        readCount = reads;
        creditsAt = p;
        final int credits = status == TxStatus.REJECTED ? 0 : ctx.creditCount();
        if (p + credits * CREDIT_ENTRY > capacity) {
            return false;
        }
        for (int c = 0; c < credits; c++) {
            StateKeys.encode(sets, p, ctx.creditType(c), ctx.creditId1(c), ctx.creditId2(c), 0);
            ctx.creditAmount(c, amount);
            sets.putLong(p + StateKeys.LENGTH, amount.lo());
            sets.putLong(p + StateKeys.LENGTH + 8, amount.hi());
            if (ctx.creditType(c) == KeyType.ACCOUNT && ctx.creditId1(c) == feeCollector) {
                sets.putLong(p + CREDIT_VERSION_AT, StateReader.NO_VERSION);
            } else if (view.read(sets, p, sets, p + CREDIT_BASE_AT, sets, p + CREDIT_VERSION_AT) < 0) {
                sets.setMemory(p + CREDIT_BASE_AT, ctx.creditType(c).recordLength(), (byte) 0);
            }
            p += CREDIT_ENTRY;
        }
        creditCount = credits;
        limit = p;
        return true;
    }

    /**
     * @param reason a rejection reason
     * @return whether it is decided by the transaction's bytes alone
     */
    public static boolean isStateless(final int reason) {
        // a list of the stateless ones, so that a new stateful rejection is validated by default
        switch (reason) {
            case ReasonCodes.MALFORMED:
            case ReasonCodes.BAD_VERSION:
            case ReasonCodes.BAD_FLAGS:
            case ReasonCodes.UNKNOWN_PROGRAM:
            case ReasonCodes.UNKNOWN_INSTRUCTION:
            case ReasonCodes.BAD_ARGS:
            case ReasonCodes.BAD_SIGNATURE:
                return true;
            default:
                return false;
        }
    }

    /**
     * Validation: every value seen still equals committed state (absence included). A key whose read version
     * committed state proves unchanged ({@link StateReader#unchangedSince}: the fast tier's slot sequence, one
     * load) is not read again; the others (read from the lane's overlay, absent, the fee collector's cached record,
     * or written since, perhaps with the same value) are read and compared by value, so the verdict is always
     * exactly the value comparison's ({@link #valueChecks}). One change is
     * repaired instead of re-executed: the sender's account, when the program never used it (only the
     * envelope read it: nonce check, fee debit, nonce bump). Serial execution then differs only in that
     * record, provided the account exists, pays the fee and its nonce matches exactly when the lane's did;
     * the write is rebased on the committed record (fee debited, nonce bumped).
     *
     * @param committed committed state
     * @param scratch at least {@link LaneOverlay#VALUE_STRIDE} bytes
     * @param sender the transaction's sender
     * @param nonce its nonce
     * @param fee its fee
     * @return {@link #MATCH}, {@link #REBASED} or {@link #MISMATCH}
     */
    public int validate(final StateReader committed, final MutableDirectBuffer scratch, final long sender, final long nonce,
            final long fee) {
        int verdict = MATCH;
        int p = 0;
        valueChecks = 0;
        for (int s = 0; s < readCount; s++) {
            final int length = sets.getShort(p + LENGTH_AT) & 0xFFFF;
            final int padded = (length + 7) & ~7;
            if (committed.unchangedSince(sets, p, sets, p + VERSION_AT)) {
                p += ENTRY_HEADER + padded + (sets.getByte(p + WRITTEN_AT) != 0 ? padded : 0);
                continue;
            }
            valueChecks++;
            final boolean existed = sets.getByte(p + EXISTS_AT) != 0;
            final int n = committed.read(sets, p, scratch, 0);
            if ((n >= 0) != existed || (n >= 0 && !ByteRanges.equal(scratch, 0, sets, p + ENTRY_HEADER, length))) {
                if (s != 0 || !rebaseSender(p, n, padded, scratch, sender, nonce, fee)) {
                    return MISMATCH;
                }
                verdict = REBASED;
            }
            p += ENTRY_HEADER + padded + (sets.getByte(p + WRITTEN_AT) != 0 ? padded : 0);
        }
        return verdict;
    }

    private boolean rebaseSender(final int p, final int n, final int padded, final MutableDirectBuffer committedValue,
            final long sender, final long nonce, final long fee) {
        if (status == TxStatus.REJECTED || n < 0 || sets.getByte(p + EXISTS_AT) == 0 || sets.getByte(p + WRITTEN_AT) == 0
                || sets.getInt(p + REVISITED_AT) != 0 || (sets.getByte(p + StateKeys.TAG_OFFSET) & 0xFF) != KeyType.ACCOUNT.tag()
                || StateKeys.id1(sets, p) != sender) {
            return false;
        }
        final int seen = p + ENTRY_HEADER;
        final long seenNonce = sets.getLong(seen + AccountDescriptor.NONCE_OFFSET, TxDescriptor.ORDER);
        final long committedNonce = committedValue.getLong(AccountDescriptor.NONCE_OFFSET, TxDescriptor.ORDER);
        if ((seenNonce == nonce) != (committedNonce == nonce)) {
            return false;
        }
        amount.read(committedValue, AccountDescriptor.BALANCE_OFFSET);
        feeAmount.setUnsigned(fee);
        if (!amount.sub(feeAmount)) {
            return false;
        }
        final int out = seen + padded;
        sets.putBytes(out, committedValue, 0, AccountDescriptor.LENGTH);
        amount.write(sets, out + AccountDescriptor.BALANCE_OFFSET);
        sets.putLong(out + AccountDescriptor.NONCE_OFFSET, committedNonce + 1, TxDescriptor.ORDER);
        return true;
    }

    /**
     * Applies the written values and the credits, all or nothing: the credits are added to the store's
     * current values and checked for overflow before anything is written. A credited key whose lane read is
     * still current ({@link StateReader#unchangedSince}) is not read again: its committed value is the base the
     * lane read. Each write hands the store the version of the key's read (the lane's, or the commit's), so a
     * key still where that read found it is written without a second lookup.
     *
     * @param store the committed store (its open block)
     * @param scratch at least {@code RecordingTxContext.CREDIT_STRIDE * RecordingTxContext.MAX_CREDITS} bytes
     * @return {@link ReasonCodes#NONE}, or {@link ReasonCodes#CREDIT_OVERFLOW} with nothing written
     */
    public int applyTo(final StateStore store, final MutableDirectBuffer scratch) {
        for (int c = 0; c < creditCount; c++) {
            final int at = creditsAt + c * CREDIT_ENTRY;
            final int valueAt = c * CREDIT_VALUE_STRIDE;
            // the base and its version stay a pair: a stale one is replaced by the commit's read, both together
            if (!store.unchangedSince(sets, at, sets, at + CREDIT_VERSION_AT)
                    && store.read(sets, at, sets, at + CREDIT_BASE_AT, sets, at + CREDIT_VERSION_AT) < 0) {
                sets.setMemory(at + CREDIT_BASE_AT, CREDIT_VALUE_STRIDE, (byte) 0);
            }
            scratch.putBytes(valueAt, sets, at + CREDIT_BASE_AT, CREDIT_VALUE_STRIDE);
            amount.set(sets.getLong(at + StateKeys.LENGTH + 8), sets.getLong(at + StateKeys.LENGTH));
            if (!U128.addAt(scratch, valueAt, amount)) {
                return ReasonCodes.CREDIT_OVERFLOW;
            }
        }
        int p = 0;
        for (int s = 0; s < readCount; s++) {
            final int length = sets.getShort(p + LENGTH_AT) & 0xFFFF;
            final int padded = (length + 7) & ~7;
            final boolean written = sets.getByte(p + WRITTEN_AT) != 0;
            if (written) {
                store.write(sets, p, sets, p + ENTRY_HEADER + padded, length, sets, p + VERSION_AT);
            }
            p += ENTRY_HEADER + padded + (written ? padded : 0);
        }
        for (int c = 0; c < creditCount; c++) {
            final int at = creditsAt + c * CREDIT_ENTRY;
            final int length = KeyType.recordLengthOfTag(sets.getByte(at + StateKeys.TAG_OFFSET) & 0xFF);
            store.write(sets, at, scratch, c * CREDIT_VALUE_STRIDE, length, sets, at + CREDIT_VERSION_AT);
        }
        return ReasonCodes.NONE;
    }

    /**
     * Copies the value the lane read for credit {@code c} (zeros if absent; not read for the fee collector).
     *
     * @param c credit index (the processor's order)
     * @param dst destination, at least {@link RecordingTxContext#CREDIT_STRIDE} bytes from {@code dstOffset}
     * @param dstOffset where
     */
    public void creditBase(final int c, final MutableDirectBuffer dst, final int dstOffset) {
        dst.putBytes(dstOffset, sets, creditsAt + c * CREDIT_ENTRY + CREDIT_BASE_AT, CREDIT_VALUE_STRIDE);
    }

    /** @return {@link #EMPTY}, {@link #STATELESS_REJECT}, {@link #EXECUTED}, {@link #REEXECUTE} or {@link #LANE_ERROR} */
    public int outcome() {
        return outcome;
    }

    /** @return the receipt status of the speculative execution */
    public int status() {
        return status;
    }

    /** @return its reason code */
    public int reason() {
        return reason;
    }

    /** @return the fee it charged */
    public long fee() {
        return fee;
    }

    /** @return keys in the recorded read set */
    public int readCount() {
        return readCount;
    }

    /** @return recorded credits */
    public int creditCount() {
        return creditCount;
    }

    /** @return read-set entries the last {@link #validate} compared by value (the rest its versions proved unchanged) */
    public int valueChecks() {
        return valueChecks;
    }

    /** @return bytes used in the packed sets */
    public int usedBytes() {
        return limit;
    }

    /** @return events recorded (successful executions only) */
    public int eventCount() {
        return eventCount;
    }

    /** @return buffer of the events, {@link EventDescriptor#LENGTH} bytes each from offset 0 */
    public DirectBuffer events() {
        return events;
    }
}
