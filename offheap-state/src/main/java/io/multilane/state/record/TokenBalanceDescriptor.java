package io.multilane.state.record;

import io.multilane.state.key.KeyType;

/**
 * Byte layout of the TokenBalance record (TOKEN_BALANCE): an owner's balance of one token. Little-endian; u128 fields are
 * (lo u64, hi u64).
 *
 * <p>Constants only; any thread may use them. The authoritative layout, documented in docs/state-layout.md.
 */
public final class TokenBalanceDescriptor {
    /** Record length in bytes. */
    public static final int LENGTH = 16;
    /** The key type these records are stored under. */
    public static final KeyType KEY_TYPE = KeyType.TOKEN_BALANCE;
    /** balance, u128. */
    public static final int BALANCE_OFFSET = 0;

    static {
        if (KEY_TYPE.recordLength() != LENGTH) {
            throw new ExceptionInInitializerError("TokenBalance length mismatch");
        }
    }

    private TokenBalanceDescriptor() {
    }
}
