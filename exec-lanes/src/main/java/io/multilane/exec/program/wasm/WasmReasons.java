package io.multilane.exec.program.wasm;

import io.multilane.exec.receipt.ReasonCodes;

/**
 * Failure reasons of the WebAssembly contract program, in its reserved range 400..499 (common reasons
 * such as {@code NOT_FOUND}, {@code UNAUTHORIZED} and {@code TOO_MANY_KEYS} come from
 * {@link ReasonCodes}; a contract function may also return a common reason 100..199 itself).
 * Constants only; any thread.
 */
public final class WasmReasons {
    /** The uploaded bytes' SHA-256 differs from the hash declared at create (or chunks are missing). */
    public static final int CODE_MISMATCH = ReasonCodes.WASM_BASE;
    /** The bytes are not a valid WebAssembly module. */
    public static final int INVALID_MODULE = ReasonCodes.WASM_BASE + 1;
    /** The module uses an instruction or type outside the deterministic subset (floats, SIMD, bulk memory, tables, ...). */
    public static final int FORBIDDEN_INSTRUCTION = ReasonCodes.WASM_BASE + 2;
    /** The module imports something the host module does not offer (or with another type), or a memory, table or global. */
    public static final int UNKNOWN_IMPORT = ReasonCodes.WASM_BASE + 3;
    /** The module exceeds a structural limit: memory pages, locals, start function, multi-value results. */
    public static final int MODULE_LIMITS = ReasonCodes.WASM_BASE + 4;
    /** Call of a contract that does not exist or is not deployed yet. */
    public static final int NOT_DEPLOYED = ReasonCodes.WASM_BASE + 5;
    /** Upload or deploy of a contract that is already deployed. */
    public static final int ALREADY_DEPLOYED = ReasonCodes.WASM_BASE + 6;
    /** No exported function of that name and of type (i64 x argument count) -> i64. */
    public static final int UNKNOWN_FUNCTION = ReasonCodes.WASM_BASE + 7;
    /** The call used up its gas limit. */
    public static final int OUT_OF_GAS = ReasonCodes.WASM_BASE + 8;
    /** The contract trapped (unreachable, division by zero, memory access out of bounds, ...). */
    public static final int TRAP = ReasonCodes.WASM_BASE + 9;
    /** The call nesting exceeded the contract call-depth limit. */
    public static final int STACK_LIMIT = ReasonCodes.WASM_BASE + 10;
    /** A host call passed a pointer range outside the contract's memory. */
    public static final int HOST_POINTER = ReasonCodes.WASM_BASE + 11;
    /** The fee does not pay for the gas limit at the gas price. */
    public static final int FEE_BELOW_GAS = ReasonCodes.WASM_BASE + 12;
    /** The contract function returned a code that is neither 0 nor a common reason 100..199. */
    public static final int REVERTED = ReasonCodes.WASM_BASE + 13;

    private WasmReasons() {
    }

    /**
     * A stable lower-case name for reports.
     *
     * @param reason a reason code
     * @return its name, or {@link ReasonCodes#name} for codes outside this program's range
     */
    public static String name(final int reason) {
        switch (reason) {
            case CODE_MISMATCH: return "code_mismatch";
            case INVALID_MODULE: return "invalid_module";
            case FORBIDDEN_INSTRUCTION: return "forbidden_instruction";
            case UNKNOWN_IMPORT: return "unknown_import";
            case MODULE_LIMITS: return "module_limits";
            case NOT_DEPLOYED: return "not_deployed";
            case ALREADY_DEPLOYED: return "already_deployed";
            case UNKNOWN_FUNCTION: return "unknown_function";
            case OUT_OF_GAS: return "out_of_gas";
            case TRAP: return "trap";
            case STACK_LIMIT: return "stack_limit";
            case HOST_POINTER: return "host_pointer";
            case FEE_BELOW_GAS: return "fee_below_gas";
            case REVERTED: return "reverted";
            default: return ReasonCodes.name(reason);
        }
    }
}
