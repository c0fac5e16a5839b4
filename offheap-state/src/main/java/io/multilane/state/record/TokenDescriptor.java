package io.multilane.state.record;

import io.multilane.state.key.KeyType;

/**
 * Byte layout of the Token record (TOKEN): a token's total supply, mint authority and flags. Little-endian; u128 fields
 * are (lo u64, hi u64).
 *
 * <p>Constants only; any thread may use them. The authoritative layout, documented in docs/state-layout.md.
 */
public final class TokenDescriptor {
    /** Record length in bytes. */
    public static final int LENGTH = 32;
    /** The key type these records are stored under. */
    public static final KeyType KEY_TYPE = KeyType.TOKEN;
    /** totalSupply, u128. */
    public static final int TOTAL_SUPPLY_OFFSET = 0;
    /** authority, u64. */
    public static final int AUTHORITY_OFFSET = 16;
    /** flags, u64. */
    public static final int FLAGS_OFFSET = 24;

    static {
        if (KEY_TYPE.recordLength() != LENGTH) {
            throw new ExceptionInInitializerError("Token length mismatch");
        }
    }

    private TokenDescriptor() {
    }
}
