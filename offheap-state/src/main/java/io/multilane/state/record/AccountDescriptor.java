package io.multilane.state.record;

import io.multilane.state.key.KeyType;

/**
 * Byte layout of the Account record (ACCOUNT): coin balance, nonce, flags and the 32-byte Ed25519 public key bound to
 * the account (all zero: no key, the account cannot send). Little-endian; u128 fields are (lo u64, hi u64).
 *
 * <p>Constants only; any thread may use them. The authoritative layout, documented in docs/state-layout.md.
 */
public final class AccountDescriptor {
    /** Record length in bytes. */
    public static final int LENGTH = 64;
    /** The key type these records are stored under. */
    public static final KeyType KEY_TYPE = KeyType.ACCOUNT;
    /** balance, u128. */
    public static final int BALANCE_OFFSET = 0;
    /** nonce, u64. */
    public static final int NONCE_OFFSET = 16;
    /** flags, u64. */
    public static final int FLAGS_OFFSET = 24;
    /** The bound Ed25519 public key, 32 bytes as the transaction carries it. */
    public static final int PUBLIC_KEY_OFFSET = 32;
    /** Bytes of the public key. */
    public static final int PUBLIC_KEY_LENGTH = 32;

    static {
        if (KEY_TYPE.recordLength() != LENGTH) {
            throw new ExceptionInInitializerError("Account length mismatch");
        }
    }

    private AccountDescriptor() {
    }
}
