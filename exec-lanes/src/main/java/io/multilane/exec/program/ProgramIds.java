package io.multilane.exec.program;

/**
 * Program ids (the transaction's u16 program field). Ids are never reused. Constants only; any thread.
 */
public final class ProgramIds {
    /** Accounts: create, coin transfer. */
    public static final int ACCOUNTS = 1;
    /** Fungible tokens: create, mint, transfer, approve, transfer-from. */
    public static final int TOKENS = 2;
    /** Constant-product AMM (Uniswap V2 semantics). */
    public static final int AMM = 3;
    /** Isolated lending markets (reserved; its own module section). */
    public static final int LENDING = 4;
    /** Staking pools with a reward-per-token accumulator (reserved). */
    public static final int STAKING = 5;
    /** User-deployed WebAssembly contracts (docs/contracts.md). */
    public static final int WASM = 6;
    /** Exclusive upper bound of program ids the registry holds. */
    public static final int MAX_PROGRAMS = 64;

    private ProgramIds() {
    }
}
