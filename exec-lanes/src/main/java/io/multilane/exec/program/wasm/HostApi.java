package io.multilane.exec.program.wasm;

/**
 * The host module a contract may import from: module name {@link #MODULE} and, per function, its
 * index, name and signature. A signature is written {@code params>results} with {@code i} for i32 and
 * {@code l} for i64. Pointers are i32 offsets into the contract's memory; u128 amounts sit there as
 * 16 bytes (lo u64, hi u64), little-endian. Semantics: {@link ContractHost} and docs/contracts.md.
 * Constants only; any thread.
 */
public final class HostApi {
    /** The only module name a contract may import from. */
    public static final String MODULE = "env";

    public static final int STORAGE_READ = 0;
    public static final int STORAGE_WRITE = 1;
    public static final int CALLER = 2;
    public static final int CONTRACT_ID = 3;
    public static final int BLOCK_HEIGHT = 4;
    public static final int BLOCK_TIMESTAMP = 5;
    public static final int DEPOSIT = 6;
    public static final int TOKEN_BALANCE = 7;
    public static final int TOKEN_TRANSFER = 8;
    public static final int COIN_TRANSFER = 9;
    public static final int EMIT = 10;
    public static final int U128_ADD = 11;
    public static final int U128_SUB = 12;
    public static final int U128_MUL = 13;
    public static final int U128_MUL_DIV = 14;
    public static final int U128_CMP = 15;

    private static final String[] NAMES = {
        "storage_read", "storage_write", "caller", "contract_id", "block_height", "block_timestamp",
        "deposit", "token_balance", "token_transfer", "coin_transfer", "emit",
        "u128_add", "u128_sub", "u128_mul", "u128_mul_div", "u128_cmp",
    };
    private static final String[] SIGNATURES = {
        "li>", "li>", ">l", ">l", ">l", ">l",
        "ii>l", "li>", "lli>i", "li>i", "illii>",
        "iii>i", "iii>i", "iii>i", "iiii>i", "ii>i",
    };

    private HostApi() {
    }

    /** @return number of host functions */
    public static int count() {
        return NAMES.length;
    }

    /**
     * @param index host function index
     * @return its import name
     */
    public static String name(final int index) {
        return NAMES[index];
    }

    /**
     * @param index host function index
     * @return its signature, {@code params>results}
     */
    public static String signature(final int index) {
        return SIGNATURES[index];
    }

    /**
     * @param name an import's field name
     * @return the host function index, or -1
     */
    public static int indexOf(final String name) {
        for (int i = 0; i < NAMES.length; i++) {
            if (NAMES[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
