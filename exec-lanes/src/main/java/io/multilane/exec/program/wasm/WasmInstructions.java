package io.multilane.exec.program.wasm;

import io.multilane.state.record.ContractCodeDescriptor;

/**
 * Instructions of the WebAssembly contract program ({@code ProgramIds.WASM}): argument offsets and
 * lengths, limits, gas prices and event types. Little-endian; u128 as (lo u64, hi u64). Constants
 * only; any thread. Semantics: docs/contracts.md.
 */
public final class WasmInstructions {
    /** create(u64 codeLength, byte[32] sha256): assigns the next contract id to a new, empty contract. */
    public static final int CREATE = 1;
    /** upload(u64 contract, u32 firstChunk, u32 count, byte[count * 128]): writes code chunks (owner only). */
    public static final int UPLOAD = 2;
    /** deploy(u64 contract): checks the code's hash, validates it, makes the contract callable (owner only). */
    public static final int DEPLOY = 3;
    /** call(u64 contract, u64 gasLimit, 2 deposits, byte[16] function, u8 argc, u64 x argc). */
    public static final int CALL = 4;

    public static final int CREATE_CODE_LENGTH = 0;
    public static final int CREATE_CODE_HASH = 8;
    public static final int CREATE_LENGTH = 40;

    public static final int UPLOAD_CONTRACT = 0;
    public static final int UPLOAD_FIRST_CHUNK = 8;
    public static final int UPLOAD_COUNT = 12;
    public static final int UPLOAD_BYTES = 16;
    /** Most chunks one upload carries (the argument block holds 384 bytes). */
    public static final int UPLOAD_MAX_CHUNKS = 2;

    public static final int DEPLOY_CONTRACT = 0;
    public static final int DEPLOY_LENGTH = 8;

    public static final int CALL_CONTRACT = 0;
    public static final int CALL_GAS_LIMIT = 8;
    /** First deposit: u64 token (0 = none) at 16, u128 amount at 24; second: 40 and 48. */
    public static final int CALL_DEPOSITS = 16;
    /** Bytes per deposit entry. */
    public static final int DEPOSIT_STRIDE = 24;
    /** Deposits per call. */
    public static final int MAX_DEPOSITS = 2;
    /** Exported function name, ASCII, zero padded. */
    public static final int CALL_FUNCTION = 64;
    /** Longest function name a call can name. */
    public static final int FUNCTION_NAME_LENGTH = 16;
    /** u8 argument count, then 7 zero bytes. */
    public static final int CALL_ARGC = 80;
    /** The i64 arguments. */
    public static final int CALL_ARGS = 88;
    /** Most arguments of a call. */
    public static final int MAX_CALL_ARGS = 8;

    /** Bytes of code per chunk record. */
    public static final int CHUNK = ContractCodeDescriptor.LENGTH;
    /** Largest module, in bytes (40 chunks: a deploy reads them all, within the context's 48 keys). */
    public static final int MAX_CODE_LENGTH = 40 * CHUNK;
    /** Smallest module: the 8-byte header. */
    public static final int MIN_CODE_LENGTH = 8;
    /** Largest gas limit of one call. */
    public static final long MAX_GAS = 10_000_000;
    /** Gas bought by one coin unit of fee: a call needs {@code fee >= ceil(gasLimit / GAS_PER_FEE_UNIT)}. */
    public static final long GAS_PER_FEE_UNIT = 10_000;

    /** Event: contract created (a contract, b owner, c code length). */
    public static final int EVENT_CREATED = 1;
    /** Event: contract deployed (a contract, b owner, c code length). */
    public static final int EVENT_DEPLOYED = 2;
    /** Events a contract emits carry type {@code EVENT_CONTRACT_BASE + its own type} (a, b from the contract, c contract id). */
    public static final int EVENT_CONTRACT_BASE = 1000;

    private WasmInstructions() {
    }

    /**
     * @param codeLength module bytes
     * @return chunk records holding them
     */
    public static int chunks(final long codeLength) {
        return (int) ((codeLength + CHUNK - 1) / CHUNK);
    }

    /**
     * @param argc argument count
     * @return the call's argument-block length
     */
    public static int callLength(final int argc) {
        return CALL_ARGS + 8 * argc;
    }

    /**
     * @param count chunks carried
     * @return the upload's argument-block length
     */
    public static int uploadLength(final int count) {
        return UPLOAD_BYTES + CHUNK * count;
    }
}
