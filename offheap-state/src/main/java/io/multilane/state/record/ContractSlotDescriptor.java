package io.multilane.state.record;

import io.multilane.state.key.KeyType;

/**
 * Byte layout of the ContractSlot record (CONTRACT_SLOT, ids: contract, slot): one fixed-size storage
 * slot of a contract, 32 opaque bytes only that contract's code reads and writes.
 *
 * <p>Constants only; any thread may use them. The authoritative layout, documented in docs/state-layout.md.
 */
public final class ContractSlotDescriptor {
    /** Record length in bytes. */
    public static final int LENGTH = 32;
    /** The key type these records are stored under. */
    public static final KeyType KEY_TYPE = KeyType.CONTRACT_SLOT;

    static {
        if (KEY_TYPE.recordLength() != LENGTH) {
            throw new ExceptionInInitializerError("ContractSlot length mismatch");
        }
    }

    private ContractSlotDescriptor() {
    }
}
