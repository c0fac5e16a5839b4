package io.multilane.exec.program.wasm;

/**
 * Contract ids and the custody account of each contract. Contract ids are assigned by the chain
 * (a counter in {@code CONTRACT(0)}: 1, 2, 3, ...) and live in their own key type, apart from accounts
 * and from the ids of pools, markets and staking pools. A contract holds coins and tokens under its
 * custody id, {@link #CUSTODY_TAG} | contract id, in the ordinary {@code ACCOUNT} / {@code TOKEN_BALANCE}
 * records; the create instruction claims that id as a program account, which no signature can act for,
 * so only the contract's own code moves what it holds. Stateless; any thread.
 */
public final class ContractIds {
    /** High bits of every custody id. */
    public static final long CUSTODY_TAG = 0xC0DEL << 48;
    /** Largest contract id (ids fit the low 48 bits of a custody id). */
    public static final long MAX_CONTRACT_ID = (1L << 48) - 1;

    private ContractIds() {
    }

    /**
     * @param contract a contract id (1..{@link #MAX_CONTRACT_ID})
     * @return its custody account id
     */
    public static long custody(final long contract) {
        return CUSTODY_TAG | contract;
    }

    /**
     * @param account an account id
     * @return whether it is in the custody range
     */
    public static boolean isCustody(final long account) {
        return (account & ~MAX_CONTRACT_ID) == CUSTODY_TAG;
    }
}
