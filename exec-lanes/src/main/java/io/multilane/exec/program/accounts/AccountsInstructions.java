package io.multilane.exec.program.accounts;

/**
 * Instructions of the accounts program ({@code ProgramIds.ACCOUNTS}), their argument layouts
 * (offsets inside the argument block, little-endian, u128 as lo then hi) and event types.
 * Constants only; any thread.
 */
public final class AccountsInstructions {
    /** Create account {@code account} funded with {@code amount} coins from the sender. */
    public static final int CREATE = 1;
    public static final int CREATE_ACCOUNT = 0;
    public static final int CREATE_AMOUNT = 8;
    public static final int CREATE_LENGTH = 24;

    /** Move {@code amount} coins from the sender to {@code to} (a credit: {@code to} is not read). */
    public static final int TRANSFER = 2;
    public static final int TRANSFER_TO = 0;
    public static final int TRANSFER_AMOUNT = 8;
    public static final int TRANSFER_LENGTH = 24;

    /** Event: account created; a = account, b = funder, amount0 = initial balance. */
    public static final int EVENT_CREATED = 1;
    /** Event: coin transfer; a = from, b = to, amount0 = amount. */
    public static final int EVENT_TRANSFER = 2;

    /**
     * Move {@code amount} coins from the sender to the account bound to the Ed25519 public key {@code key}; if the
     * key has none, create one for it under the next chain-assigned id ({@link #ASSIGNED_IDS}) with that key bound.
     */
    public static final int TRANSFER_TO_KEY = 3;
    /** The 32-byte public key, as a transaction carries it. */
    public static final int TRANSFER_TO_KEY_KEY = 0;
    public static final int TRANSFER_TO_KEY_AMOUNT = 32;
    public static final int TRANSFER_TO_KEY_LENGTH = 48;

    /**
     * Ids with this bit set are assigned by the chain ({@link #TRANSFER_TO_KEY}: this bit, then a sequence number);
     * no instruction takes one as the id of something it creates, so no one can take an id before the chain
     * assigns it. Genesis and user-created ids (accounts by {@link #CREATE}, pools, markets) have it clear.
     */
    public static final long ASSIGNED_IDS = Long.MIN_VALUE;

    /** Account flag: set on every account created by {@link #CREATE} or genesis (never all-zero). */
    public static final long FLAG_CREATED = 1;

    /**
     * @param id an account, pool, market or staking pool id
     * @return whether the chain assigns it (no instruction may create it by name)
     */
    public static boolean isAssigned(final long id) {
        return (id & ASSIGNED_IDS) != 0;
    }

    private AccountsInstructions() {
    }
}
