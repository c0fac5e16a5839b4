package io.multilane.exec.program.wasm;

/**
 * Contract ids and custody accounts. Contract ids are assigned by the chain (a counter in
 * {@code CONTRACT(0)}: 1, 2, 3, ...) and live in their own key type, apart from accounts and from the ids
 * of pools, markets and staking pools. A contract holds coins and tokens in the ordinary {@code ACCOUNT} /
 * {@code TOKEN_BALANCE} records of its <em>custody account</em>: create takes the next chain-assigned
 * account id ({@code AccountsInstructions.ASSIGNED_IDS | n}, from {@code SEQUENCE(ACCOUNT_IDS)}), which no
 * instruction can create by name before the chain assigns it, writes it as a program account (which no
 * signature can act for) and records it in the contract ({@code ContractDescriptor.CUSTODY_OFFSET}). So
 * only the contract's own code moves what it holds. Constants only; any thread.
 */
public final class ContractIds {
    /** Largest contract id. */
    public static final long MAX_CONTRACT_ID = (1L << 48) - 1;

    private ContractIds() {
    }
}
