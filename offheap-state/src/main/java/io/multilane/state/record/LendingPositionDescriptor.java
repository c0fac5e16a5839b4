package io.multilane.state.record;

import io.multilane.state.key.KeyType;

/**
 * Byte layout of the LendingPosition record (LENDING_POSITION): an owner's position in one lending market. Little-endian;
 * u128 fields are (lo u64, hi u64).
 *
 * <p>Constants only; any thread may use them. The authoritative layout, documented in docs/state-layout.md.
 */
public final class LendingPositionDescriptor {
    /** Record length in bytes. */
    public static final int LENGTH = 48;
    /** The key type these records are stored under. */
    public static final KeyType KEY_TYPE = KeyType.LENDING_POSITION;
    /** supplyShares, u128. */
    public static final int SUPPLY_SHARES_OFFSET = 0;
    /** borrowShares, u128. */
    public static final int BORROW_SHARES_OFFSET = 16;
    /** collateral, u128. */
    public static final int COLLATERAL_OFFSET = 32;

    static {
        if (KEY_TYPE.recordLength() != LENGTH) {
            throw new ExceptionInInitializerError("LendingPosition length mismatch");
        }
    }

    private LendingPositionDescriptor() {
    }
}
