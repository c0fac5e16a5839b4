package io.multilane.state.key;

/**
 * The type tag in byte 0 of every state key, with the fixed record length stored under keys of that type.
 *
 * <p>Immutable; any thread may use it. Tags are part of the persisted layout (docs/state-layout.md):
 * never renumber them.
 */
public enum KeyType {
    /** Account(account): coin balance, nonce, flags, the Ed25519 public key bound to it. */
    ACCOUNT(1, 64),
    /** Token(token): total supply, authority, flags. */
    TOKEN(2, 32),
    /** TokenBalance(token, owner). */
    TOKEN_BALANCE(3, 16),
    /** Allowance(token, owner, spender). */
    ALLOWANCE(4, 16),
    /** AmmPool(pool). */
    AMM_POOL(5, 80),
    /** LendingMarket(market). */
    LENDING_MARKET(6, 144),
    /** LendingPosition(market, owner). */
    LENDING_POSITION(7, 48),
    /** StakingPool(pool). */
    STAKING_POOL(8, 96),
    /** StakingPosition(pool, owner). */
    STAKING_POSITION(9, 48),
    /** AccountKey(first 24 bytes of a public key, as three big-endian u64): the account bound to the key. */
    ACCOUNT_KEY(10, 16),
    /** Sequence(which): a counter the chain assigns ids from (1: account ids). */
    SEQUENCE(11, 8),
    /** Contract(contract): a deployed WebAssembly module's code hash, length, owner, flags; id 0 is the id counter. */
    CONTRACT(12, 64),
    /** ContractCode(contract, chunk): 128 bytes of a contract's module. */
    CONTRACT_CODE(13, 128),
    /** ContractSlot(contract, slot): one 32-byte storage slot of a contract. */
    CONTRACT_SLOT(14, 32);

    /**
     * The longest record of any type, in bytes: the one constant every buffer sized for "any record"
     * uses (checked against the types when the class loads).
     */
    public static final int MAX_RECORD_LENGTH = 144;

    private static final KeyType[] BY_TAG = new KeyType[256];

    static {
        int longest = 0;
        for (final KeyType t : values()) {
            BY_TAG[t.tag] = t;
            longest = Math.max(longest, t.recordLength);
        }
        if (longest != MAX_RECORD_LENGTH) {
            throw new ExceptionInInitializerError("MAX_RECORD_LENGTH " + MAX_RECORD_LENGTH + " but the longest record is "
                + longest);
        }
    }

    private final int tag;
    private final int recordLength;

    KeyType(final int tag, final int recordLength) {
        this.tag = tag;
        this.recordLength = recordLength;
    }

    /** The tag byte (1..255) written at byte 0 of the key. */
    public int tag() {
        return tag;
    }

    /** The fixed length in bytes of a record stored under a key of this type. */
    public int recordLength() {
        return recordLength;
    }

    /** The type of a tag, or {@code null} if the tag is unknown. Allocation-free. */
    public static KeyType fromTag(final int tag) {
        return tag >= 0 && tag < BY_TAG.length ? BY_TAG[tag] : null;
    }

    /** The record length for a tag, or -1 if the tag is unknown. Allocation-free. */
    public static int recordLengthOfTag(final int tag) {
        final KeyType t = fromTag(tag);
        return t == null ? -1 : t.recordLength;
    }
}
