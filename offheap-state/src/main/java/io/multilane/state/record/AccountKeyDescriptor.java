package io.multilane.state.record;

import io.multilane.state.key.KeyType;

/**
 * Byte layout of the AccountKey record (ACCOUNT_KEY): the index from an Ed25519 public key to the account bound to
 * it. The key's first 24 bytes are the state key's three ids (big-endian u64 each, so the ids are the key bytes in
 * order); the record holds the account id and the key's last 8 bytes, so a lookup confirms all 32 bytes.
 * Little-endian.
 *
 * <p>Constants only; any thread may use them. The authoritative layout, documented in docs/state-layout.md.
 */
public final class AccountKeyDescriptor {
    /** Record length in bytes. */
    public static final int LENGTH = 16;
    /** The key type these records are stored under. */
    public static final KeyType KEY_TYPE = KeyType.ACCOUNT_KEY;
    /** The account bound to the key, u64. */
    public static final int ACCOUNT_OFFSET = 0;
    /** The public key's bytes 24..31, as they are (read as a little-endian u64). */
    public static final int KEY_TAIL_OFFSET = 8;

    static {
        if (KEY_TYPE.recordLength() != LENGTH) {
            throw new ExceptionInInitializerError("AccountKey length mismatch");
        }
    }

    private AccountKeyDescriptor() {
    }
}
