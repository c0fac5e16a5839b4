package io.multilane.exec.context;

import static io.multilane.exec.tx.TxDescriptor.ORDER;

import io.multilane.exec.program.TxContext;
import io.multilane.exec.receipt.EventDescriptor;
import io.multilane.exec.receipt.ReasonCodes;
import io.multilane.exec.tx.TxFlyweight;
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
 * The {@link TxContext} of the serial executor and of the lanes: it records the read set (key,
 * value seen), the written slots and the pending credits of one transaction, and can apply them
 * to a store ({@link #applyTo}) or check them against committed state ({@link #readsMatch}).
 *
 * <p>Reads go to the {@link StateReader} given to {@link #begin} (committed state for the serial
 * executor; committed state plus the lane's own uncommitted writes for a lane), each with the read version the
 * reader gives ({@link #versions()}). A transaction
 * touches at most {@link #MAX_SLOTS} distinct keys and {@link #MAX_CREDITS} credited keys; beyond
 * that (and on a credit overflow or too many events) the context records a sticky
 * {@link #fault()} that fails the transaction. All buffers are allocated at construction;
 * nothing allocates afterwards. Owned by one thread.
 */
public final class RecordingTxContext implements TxContext {
    /** Most distinct keys read or written by one transaction. */
    public static final int MAX_SLOTS = 48;
    /** Most distinct keys credited (and not read) by one transaction. */
    public static final int MAX_CREDITS = 32;
    /** Bytes per slot record area: the largest record. */
    public static final int SLOT_STRIDE = KeyType.MAX_RECORD_LENGTH;
    /** Bytes per credited record's value: the longest creditable record (ACCOUNT; TOKEN_BALANCE is shorter). */
    public static final int CREDIT_STRIDE = AccountDescriptor.LENGTH;

    private final UnsafeBuffer keys = new UnsafeBuffer(new byte[(MAX_SLOTS + 1) * StateKeys.LENGTH]);
    private final UnsafeBuffer seen = new UnsafeBuffer(new byte[(MAX_SLOTS + 1) * SLOT_STRIDE]);
    private final UnsafeBuffer work = new UnsafeBuffer(new byte[(MAX_SLOTS + 1) * SLOT_STRIDE]);
    private final UnsafeBuffer versions = new UnsafeBuffer(new byte[(MAX_SLOTS + 1) * StateReader.VERSION_LENGTH]);
    private final int[] slotTag = new int[MAX_SLOTS + 1];
    private final long[] slotId1 = new long[MAX_SLOTS + 1];
    private final long[] slotId2 = new long[MAX_SLOTS + 1];
    private final long[] slotId3 = new long[MAX_SLOTS + 1];
    private final int[] slotLength = new int[MAX_SLOTS + 1];
    private final boolean[] seenExists = new boolean[MAX_SLOTS + 1];
    private final boolean[] written = new boolean[MAX_SLOTS + 1];
    private final boolean[] revisited = new boolean[MAX_SLOTS + 1];
    private int slotCount;

    private final UnsafeBuffer creditKeys = new UnsafeBuffer(new byte[MAX_CREDITS * StateKeys.LENGTH]);
    private final UnsafeBuffer creditValues = new UnsafeBuffer(new byte[MAX_CREDITS * CREDIT_STRIDE]);
    private final KeyType[] creditType = new KeyType[MAX_CREDITS];
    private final long[] creditId1 = new long[MAX_CREDITS];
    private final long[] creditId2 = new long[MAX_CREDITS];
    private final long[] creditHi = new long[MAX_CREDITS];
    private final long[] creditLo = new long[MAX_CREDITS];
    private int creditCount;

    private final UnsafeBuffer events = new UnsafeBuffer(new byte[EventDescriptor.MAX_EVENTS_PER_TX * EventDescriptor.LENGTH]);
    private int eventCount;

    private final UnsafeBuffer validateScratch = new UnsafeBuffer(new byte[SLOT_STRIDE]);
    private final U128 scratch = new U128();
    private final U128 amountScratch = new U128();
    private StateReader reader;
    private TxFlyweight tx;
    private int programId;
    private long height;
    private long timestamp;
    private int fault;

    /**
     * Starts a transaction: clears every set and points at the state to read and the transaction.
     *
     * @param reader state the transaction reads
     * @param tx the transaction (validated framing)
     * @param height block height
     * @param timestamp block timestamp
     */
    public void begin(final StateReader reader, final TxFlyweight tx, final long height, final long timestamp) {
        this.reader = reader;
        this.tx = tx;
        this.programId = tx.programId();
        this.height = height;
        this.timestamp = timestamp;
        slotCount = 0;
        creditCount = 0;
        eventCount = 0;
        fault = ReasonCodes.NONE;
    }

    /**
     * Drops every write, credit, event and the fault, restoring each slot to the value seen; the
     * read set stays (the failure depends on it). Used when a transaction fails, before the
     * envelope (fee, nonce) is charged again.
     */
    public void discardEffects() {
        for (int s = 0; s < slotCount; s++) {
            if (written[s]) {
                work.putBytes(s * SLOT_STRIDE, seen, s * SLOT_STRIDE, slotLength[s]);
                written[s] = false;
            }
        }
        creditCount = 0;
        eventCount = 0;
        fault = ReasonCodes.NONE;
    }

    /** @return the sticky fault reason, or {@link ReasonCodes#NONE} */
    public int fault() {
        return fault;
    }

    /**
     * Records a fault (the first one wins) that fails the transaction.
     *
     * @param reason failure reason
     */
    public void fail(final int reason) {
        if (fault == ReasonCodes.NONE) {
            fault = reason;
        }
    }

    @Override
    public long sender() {
        return tx.sender();
    }

    @Override
    public long nonce() {
        return tx.nonce();
    }

    @Override
    public long fee() {
        return tx.fee();
    }

    @Override
    public int instruction() {
        return tx.instruction();
    }

    @Override
    public long height() {
        return height;
    }

    @Override
    public long timestamp() {
        return timestamp;
    }

    @Override
    public int argsLength() {
        return tx.argsLength();
    }

    @Override
    public int argU8(final int argOffset) {
        checkArg(argOffset, 1);
        return tx.buffer().getByte(tx.argsOffset() + argOffset) & 0xFF;
    }

    @Override
    public long argU64(final int argOffset) {
        checkArg(argOffset, 8);
        return tx.buffer().getLong(tx.argsOffset() + argOffset, ORDER);
    }

    @Override
    public U128 argU128(final int argOffset, final U128 dst) {
        checkArg(argOffset, U128.BYTES);
        return dst.read(tx.buffer(), tx.argsOffset() + argOffset);
    }

    private void checkArg(final int argOffset, final int size) {
        if (argOffset < 0 || argOffset + size > tx.argsLength()) {
            throw new IndexOutOfBoundsException("argument " + argOffset + "+" + size + " beyond " + tx.argsLength());
        }
    }

    @Override
    public int read(final KeyType type, final long id1, final long id2, final long id3) {
        final int tag = type.tag();
        final int found = findSlot(tag, id1, id2, id3);
        if (found >= 0) {
            revisited[found] = true;
            return found;
        }
        if (slotCount == MAX_SLOTS) {
            fail(ReasonCodes.TOO_MANY_KEYS);
            work.setMemory(MAX_SLOTS * SLOT_STRIDE, SLOT_STRIDE, (byte) 0);
            return MAX_SLOTS;
        }
        final int s = slotCount++;
        slotTag[s] = tag;
        slotId1[s] = id1;
        slotId2[s] = id2;
        slotId3[s] = id3;
        final int length = type.recordLength();
        slotLength[s] = length;
        written[s] = false;
        revisited[s] = false;
        final int keyOffset = s * StateKeys.LENGTH;
        StateKeys.encode(keys, keyOffset, type, id1, id2, id3);
        final int recordOffset = s * SLOT_STRIDE;
        final int n = reader.read(keys, keyOffset, seen, recordOffset, versions, s * StateReader.VERSION_LENGTH);
        seenExists[s] = n >= 0;
        if (n < 0) {
            seen.setMemory(recordOffset, length, (byte) 0);
        }
        work.putBytes(recordOffset, seen, recordOffset, length);
        foldPendingCredit(s, tag, id1, id2, id3);
        return s;
    }

    private void foldPendingCredit(final int s, final int tag, final long id1, final long id2, final long id3) {
        if (id3 != 0 || creditCount == 0) {
            return;
        }
        for (int c = 0; c < creditCount; c++) {
            if (creditId1[c] == id1 && creditId2[c] == id2 && creditType[c].tag() == tag) {
                scratch.set(creditHi[c], creditLo[c]);
                if (!U128.addAt(work, s * SLOT_STRIDE, scratch)) {
                    fail(ReasonCodes.OVERFLOW);
                }
                written[s] = true;
                removeCredit(c);
                return;
            }
        }
    }

    private void removeCredit(final int c) {
        final int last = --creditCount;
        if (c != last) {
            creditType[c] = creditType[last];
            creditId1[c] = creditId1[last];
            creditId2[c] = creditId2[last];
            creditHi[c] = creditHi[last];
            creditLo[c] = creditLo[last];
        }
    }

    private int findSlot(final int tag, final long id1, final long id2, final long id3) {
        for (int s = 0; s < slotCount; s++) {
            if (slotId1[s] == id1 && slotTag[s] == tag && slotId2[s] == id2 && slotId3[s] == id3) {
                return s;
            }
        }
        return -1;
    }

    @Override
    public boolean exists(final int slot) {
        return slot < MAX_SLOTS && (seenExists[slot] || written[slot]);
    }

    @Override
    public MutableDirectBuffer records() {
        return work;
    }

    @Override
    public int recordOffset(final int slot) {
        return slot * SLOT_STRIDE;
    }

    @Override
    public void markWritten(final int slot) {
        if (slot < MAX_SLOTS) {
            written[slot] = true;
        }
    }

    @Override
    public boolean credit(final KeyType type, final long id1, final long id2, final U128 amount) {
        if (type != KeyType.ACCOUNT && type != KeyType.TOKEN_BALANCE) {
            throw new IllegalArgumentException("not creditable: " + type);
        }
        if (amount.isZero()) {
            return true;
        }
        final int s = findSlot(type.tag(), id1, id2, 0);
        if (s >= 0) {
            revisited[s] = true;
            if (!U128.addAt(work, s * SLOT_STRIDE, amount)) {
                fail(ReasonCodes.OVERFLOW);
                return false;
            }
            written[s] = true;
            return true;
        }
        for (int c = 0; c < creditCount; c++) {
            if (creditId1[c] == id1 && creditId2[c] == id2 && creditType[c] == type) {
                scratch.set(creditHi[c], creditLo[c]);
                if (!scratch.add(amount)) {
                    fail(ReasonCodes.OVERFLOW);
                    return false;
                }
                creditHi[c] = scratch.hi();
                creditLo[c] = scratch.lo();
                return true;
            }
        }
        if (creditCount == MAX_CREDITS) {
            fail(ReasonCodes.TOO_MANY_KEYS);
            return false;
        }
        final int c = creditCount++;
        creditType[c] = type;
        creditId1[c] = id1;
        creditId2[c] = id2;
        creditHi[c] = amount.hi();
        creditLo[c] = amount.lo();
        return true;
    }

    @Override
    public void emit(final int type, final long a, final long b, final long c, final U128 amount0, final U128 amount1) {
        if (eventCount == EventDescriptor.MAX_EVENTS_PER_TX) {
            fail(ReasonCodes.TOO_MANY_EVENTS);
            return;
        }
        final int at = eventCount++ * EventDescriptor.LENGTH;
        events.putShort(at + EventDescriptor.PROGRAM_OFFSET, (short) programId, ORDER);
        events.putShort(at + EventDescriptor.TYPE_OFFSET, (short) type, ORDER);
        events.putInt(at + EventDescriptor.TYPE_OFFSET + 2, 0, ORDER);
        events.putLong(at + EventDescriptor.A_OFFSET, a, ORDER);
        events.putLong(at + EventDescriptor.B_OFFSET, b, ORDER);
        events.putLong(at + EventDescriptor.C_OFFSET, c, ORDER);
        putAmount(at + EventDescriptor.AMOUNT0_OFFSET, amount0);
        putAmount(at + EventDescriptor.AMOUNT1_OFFSET, amount1);
    }

    private void putAmount(final int at, final U128 amount) {
        if (amount == null) {
            events.putLong(at, 0, ORDER);
            events.putLong(at + 8, 0, ORDER);
        } else {
            amount.write(events, at);
        }
    }

    /**
     * Applies the written slots and the credits to a store, all or nothing: credits are checked for
     * overflow against the store's current values before anything is written.
     *
     * @param store the store (its open block)
     * @return {@link ReasonCodes#NONE}, or {@link ReasonCodes#CREDIT_OVERFLOW} with nothing written
     */
    public int applyTo(final StateStore store) {
        for (int c = 0; c < creditCount; c++) {
            final int keyOffset = c * StateKeys.LENGTH;
            final int valueOffset = c * CREDIT_STRIDE;
            final KeyType type = creditType[c];
            StateKeys.encode(creditKeys, keyOffset, type, creditId1[c], creditId2[c], 0);
            if (store.read(creditKeys, keyOffset, creditValues, valueOffset) < 0) {
                creditValues.setMemory(valueOffset, type.recordLength(), (byte) 0);
            }
            amountScratch.set(creditHi[c], creditLo[c]);
            if (!U128.addAt(creditValues, valueOffset, amountScratch)) {
                return ReasonCodes.CREDIT_OVERFLOW;
            }
        }
        for (int s = 0; s < slotCount; s++) {
            if (written[s]) {
                store.write(keys, s * StateKeys.LENGTH, work, s * SLOT_STRIDE, slotLength[s]);
            }
        }
        for (int c = 0; c < creditCount; c++) {
            store.write(creditKeys, c * StateKeys.LENGTH, creditValues, c * CREDIT_STRIDE, creditType[c].recordLength());
        }
        return ReasonCodes.NONE;
    }

    /**
     * Value validation: whether every recorded read still sees the same value (or absence) in
     * {@code committed}.
     *
     * @param committed the state to compare with
     * @return true if all reads match
     */
    public boolean readsMatch(final StateReader committed) {
        for (int s = 0; s < slotCount; s++) {
            final int n = committed.read(keys, s * StateKeys.LENGTH, validateScratch, 0);
            if ((n >= 0) != seenExists[s]) {
                return false;
            }
            if (n >= 0 && !ByteRanges.equal(validateScratch, 0, seen, s * SLOT_STRIDE, slotLength[s])) {
                return false;
            }
        }
        return true;
    }

    /** @return keys in the read set (every slot was read first) */
    public int readCount() {
        return slotCount;
    }

    /** @return buffer of the read set's 32-byte keys, slot {@code s} at {@code s * 32} */
    public DirectBuffer readKeys() {
        return keys;
    }

    /** @return buffer of the values seen, slot {@code s} at {@code s * SLOT_STRIDE} */
    public DirectBuffer seenValues() {
        return seen;
    }

    /**
     * @param slot a slot
     * @return offset of the slot's value seen in {@link #seenValues()} (same stride as {@link #recordOffset})
     */
    public int seenOffset(final int slot) {
        return slot * SLOT_STRIDE;
    }

    /**
     * @return buffer of the read versions ({@link StateReader#read(DirectBuffer, int, MutableDirectBuffer, int,
     *         MutableDirectBuffer, int)}), slot {@code s} at {@code s * StateReader.VERSION_LENGTH}
     */
    public DirectBuffer versions() {
        return versions;
    }

    /**
     * @param slot a slot
     * @return whether the record existed when read
     */
    public boolean seenExists(final int slot) {
        return seenExists[slot];
    }

    /**
     * @param slot a slot
     * @return whether the transaction wrote it
     */
    public boolean isWritten(final int slot) {
        return written[slot];
    }

    /**
     * @param slot a slot
     * @return whether the slot was read again or credited after its first read (the lanes' commit uses
     *         it to tell the sender account read only by the envelope from one the program also used)
     */
    public boolean revisited(final int slot) {
        return revisited[slot];
    }

    /**
     * @param slot a slot
     * @return the slot's record length
     */
    public int slotLength(final int slot) {
        return slotLength[slot];
    }

    /** @return pending credits (keys credited and never read) */
    public int creditCount() {
        return creditCount;
    }

    /**
     * @param c credit index
     * @return its key type
     */
    public KeyType creditType(final int c) {
        return creditType[c];
    }

    /**
     * @param c credit index
     * @return its first id
     */
    public long creditId1(final int c) {
        return creditId1[c];
    }

    /**
     * @param c credit index
     * @return its second id
     */
    public long creditId2(final int c) {
        return creditId2[c];
    }

    /**
     * @param c credit index
     * @param dst holder
     * @return the credited amount in {@code dst}
     */
    public U128 creditAmount(final int c, final U128 dst) {
        return dst.set(creditHi[c], creditLo[c]);
    }

    /** @return events emitted */
    public int eventCount() {
        return eventCount;
    }

    /** @return buffer of the events, {@link EventDescriptor#LENGTH} bytes each from offset 0 */
    public DirectBuffer events() {
        return events;
    }
}
