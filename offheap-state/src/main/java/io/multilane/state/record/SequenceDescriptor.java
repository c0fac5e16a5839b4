package io.multilane.state.record;

import io.multilane.state.key.KeyType;

/**
 * Byte layout of the Sequence record (SEQUENCE): how many ids the chain has assigned from a counter. Little-endian.
 *
 * <p>Constants only; any thread may use them. The authoritative layout, documented in docs/state-layout.md.
 */
public final class SequenceDescriptor {
    /** Record length in bytes. */
    public static final int LENGTH = 8;
    /** The key type these records are stored under. */
    public static final KeyType KEY_TYPE = KeyType.SEQUENCE;
    /** Ids assigned so far, u64 (the next id is derived from it). */
    public static final int ASSIGNED_OFFSET = 0;
    /** The sequence of account ids. */
    public static final long ACCOUNT_IDS = 1;

    static {
        if (KEY_TYPE.recordLength() != LENGTH) {
            throw new ExceptionInInitializerError("Sequence length mismatch");
        }
    }

    private SequenceDescriptor() {
    }
}
