package io.multilane.state.record;

import io.multilane.state.key.KeyType;

/**
 * Byte layout of the Allowance record (ALLOWANCE): what a spender may move of an owner's token. Little-endian; u128
 * fields are (lo u64, hi u64).
 *
 * <p>Constants only; any thread may use them. The authoritative layout, documented in docs/state-layout.md.
 */
public final class AllowanceDescriptor {
    /** Record length in bytes. */
    public static final int LENGTH = 16;
    /** The key type these records are stored under. */
    public static final KeyType KEY_TYPE = KeyType.ALLOWANCE;
    /** amount, u128. */
    public static final int AMOUNT_OFFSET = 0;

    static {
        if (KEY_TYPE.recordLength() != LENGTH) {
            throw new ExceptionInInitializerError("Allowance length mismatch");
        }
    }

    private AllowanceDescriptor() {
    }
}
