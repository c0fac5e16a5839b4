package io.multilane.state.record;

import io.multilane.state.key.KeyType;

/**
 * Byte layout of the Contract record (CONTRACT): a user-deployed WebAssembly contract. Little-endian.
 * The record under contract id {@link #COUNTER_ID} is not a contract: its u64 at
 * {@link #LAST_ID_OFFSET} is the last contract id the chain assigned (ids are 1, 2, 3, ...).
 *
 * <p>Constants only; any thread may use them. The authoritative layout, documented in docs/state-layout.md.
 */
public final class ContractDescriptor {
    /** Record length in bytes. */
    public static final int LENGTH = 64;
    /** The key type these records are stored under. */
    public static final KeyType KEY_TYPE = KeyType.CONTRACT;
    /** SHA-256 of the module bytes, 32 bytes. */
    public static final int CODE_HASH_OFFSET = 0;
    /** Length of the code hash. */
    public static final int CODE_HASH_LENGTH = 32;
    /** Module length in bytes, u64. */
    public static final int CODE_LENGTH_OFFSET = 32;
    /** Account that created the contract (the only one that may upload its code), u64. */
    public static final int OWNER_OFFSET = 40;
    /** Flags, u64: {@link #FLAG_CREATED}, {@link #FLAG_DEPLOYED}. */
    public static final int FLAGS_OFFSET = 48;
    /** The contract's custody account, u64: a chain-assigned account id (AccountsInstructions.ASSIGNED_IDS | n). */
    public static final int CUSTODY_OFFSET = 56;
    /** The record exists (code may be uploading). */
    public static final long FLAG_CREATED = 1;
    /** The code was verified and validated: the contract may be called; its code never changes again. */
    public static final long FLAG_DEPLOYED = 2;
    /** Contract id of the id counter record. */
    public static final long COUNTER_ID = 0;
    /** In the counter record: last assigned contract id, u64. */
    public static final int LAST_ID_OFFSET = 0;

    static {
        if (KEY_TYPE.recordLength() != LENGTH) {
            throw new ExceptionInInitializerError("Contract length mismatch");
        }
    }

    private ContractDescriptor() {
    }
}
