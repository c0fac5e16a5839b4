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

    /** Account flag: set on every account created by {@link #CREATE} or genesis (never all-zero). */
    public static final long FLAG_CREATED = 1;

    private AccountsInstructions() {
    }
}
