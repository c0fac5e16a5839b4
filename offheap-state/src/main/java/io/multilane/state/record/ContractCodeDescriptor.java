package io.multilane.state.record;

import io.multilane.state.key.KeyType;

/**
 * Byte layout of the ContractCode record (CONTRACT_CODE, ids: contract, chunk index): bytes
 * {@code [chunk * LENGTH, (chunk + 1) * LENGTH)} of a contract's module, zero padded past its end.
 *
 * <p>Constants only; any thread may use them. The authoritative layout, documented in docs/state-layout.md.
 */
public final class ContractCodeDescriptor {
    /** Record length in bytes (module bytes per chunk). */
    public static final int LENGTH = 128;
    /** The key type these records are stored under. */
    public static final KeyType KEY_TYPE = KeyType.CONTRACT_CODE;

    static {
        if (KEY_TYPE.recordLength() != LENGTH) {
            throw new ExceptionInInitializerError("ContractCode length mismatch");
        }
    }

    private ContractCodeDescriptor() {
    }
}
