package io.multilane.exec.receipt;

/**
 * Reason codes carried in receipts (u16). Ranges: {@code 0} none; {@code 1..99} rejections
 * (the transaction changed nothing); {@code 100..199} failures shared by every program (fee
 * charged, nonce bumped, nothing else changed); {@code 200..299} reserved for lending,
 * {@code 300..399} for staking; {@code 1000+} free for future programs. Constants only; any thread.
 */
public final class ReasonCodes {
    public static final int NONE = 0;

    // ---- rejections: status REJECTED, state untouched ----
    /** Shorter than its header says, or longer than MAX_LENGTH, or argument length out of range. */
    public static final int MALFORMED = 1;
    public static final int BAD_VERSION = 2;
    public static final int BAD_FLAGS = 3;
    public static final int UNKNOWN_PROGRAM = 4;
    public static final int UNKNOWN_INSTRUCTION = 5;
    /** Argument block of the wrong length or shape for its instruction (checked without state). */
    public static final int BAD_ARGS = 6;
    public static final int BAD_SIGNATURE = 7;
    /** The sender id is not the one bound to the transaction's public key. */
    public static final int SENDER_KEY_MISMATCH = 8;
    public static final int UNKNOWN_SENDER = 9;
    /** The sender cannot pay the fee. */
    public static final int FEE_UNPAYABLE = 10;
    /** The fee could not be credited to the fee collector (u128 overflow). */
    public static final int FEE_CREDIT_OVERFLOW = 11;
    /** The sender is a program-owned id (pool, market, staking pool): no signature acts for it. */
    public static final int PROGRAM_ACCOUNT = 12;
    /**
     * The nonce is not the sender's next one (an old transaction replayed, a copy within the block, or one sent
     * ahead): rejected, so a replayed copy can neither charge its fee nor bump the nonce (code 100 until issue 12).
     */
    public static final int BAD_NONCE = 13;

    // ---- failures: status FAILED, fee charged, nonce bumped, nothing else changed ----
    /** The first failure code (100 itself, bad_nonce before issue 12, is retired). */
    public static final int FAILURE_BASE = 100;
    public static final int INSUFFICIENT_BALANCE = 101;
    /** An amount computation exceeded 2^128 - 1 (or went below 0). */
    public static final int OVERFLOW = 102;
    /** A commutative credit would overflow when applied (decided at commit). */
    public static final int CREDIT_OVERFLOW = 103;
    public static final int ALREADY_EXISTS = 104;
    public static final int NOT_FOUND = 105;
    public static final int UNAUTHORIZED = 106;
    public static final int INSUFFICIENT_ALLOWANCE = 107;
    /** The output is below the caller's minimum (swap, add/remove liquidity). */
    public static final int SLIPPAGE = 108;
    public static final int INSUFFICIENT_LIQUIDITY = 109;
    /** Arguments well formed but semantically invalid (zero amount, same token twice ...). */
    public static final int INVALID_ARGUMENT = 110;
    /** A token in the path is not one of the pool's tokens. */
    public static final int INVALID_PATH = 111;
    /** The transaction touched more distinct keys than a context holds. */
    public static final int TOO_MANY_KEYS = 112;
    /** The transaction emitted more events than a receipt holds. */
    public static final int TOO_MANY_EVENTS = 113;
    /** The program threw; in the serial oracle this is a failure, in a lane it means re-execute. */
    public static final int PROGRAM_FAULT = 114;

    /** First code reserved for the lending program. */
    public static final int LENDING_BASE = 200;
    /** First code reserved for the staking program. */
    public static final int STAKING_BASE = 300;
    /** First code of the WebAssembly contract program's range (400..499, {@code WasmReasons}). */
    public static final int WASM_BASE = 400;

    private ReasonCodes() {
    }

    /**
     * Whether a code is a rejection (the transaction changed nothing).
     *
     * @param reason a reason code
     * @return true for 1..99
     */
    public static boolean isRejection(final int reason) {
        return reason > NONE && reason < FAILURE_BASE;
    }

    /**
     * A stable lower-case name for reports ({@code "code-N"} for codes without a name here).
     *
     * @param reason a reason code
     * @return its name
     */
    public static String name(final int reason) {
        switch (reason) {
            case NONE: return "none";
            case MALFORMED: return "malformed";
            case BAD_VERSION: return "bad_version";
            case BAD_FLAGS: return "bad_flags";
            case UNKNOWN_PROGRAM: return "unknown_program";
            case UNKNOWN_INSTRUCTION: return "unknown_instruction";
            case BAD_ARGS: return "bad_args";
            case BAD_SIGNATURE: return "bad_signature";
            case SENDER_KEY_MISMATCH: return "sender_key_mismatch";
            case UNKNOWN_SENDER: return "unknown_sender";
            case FEE_UNPAYABLE: return "fee_unpayable";
            case FEE_CREDIT_OVERFLOW: return "fee_credit_overflow";
            case PROGRAM_ACCOUNT: return "program_account";
            case BAD_NONCE: return "bad_nonce";
            case INSUFFICIENT_BALANCE: return "insufficient_balance";
            case OVERFLOW: return "overflow";
            case CREDIT_OVERFLOW: return "credit_overflow";
            case ALREADY_EXISTS: return "already_exists";
            case NOT_FOUND: return "not_found";
            case UNAUTHORIZED: return "unauthorized";
            case INSUFFICIENT_ALLOWANCE: return "insufficient_allowance";
            case SLIPPAGE: return "slippage";
            case INSUFFICIENT_LIQUIDITY: return "insufficient_liquidity";
            case INVALID_ARGUMENT: return "invalid_argument";
            case INVALID_PATH: return "invalid_path";
            case TOO_MANY_KEYS: return "too_many_keys";
            case TOO_MANY_EVENTS: return "too_many_events";
            case PROGRAM_FAULT: return "program_fault";
            default: return "code-" + reason;
        }
    }
}
